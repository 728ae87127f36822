#include <gtest/gtest.h>
#include <map>
#include <set>

#include "snapshot/pruner.hpp"
#include "snapshot/storage.hpp"

namespace sluice::snapshot {
namespace {

using std::chrono::hours;

Clock::time_point at(const char* id) { return *timeOfSnapshotId(std::string(id) + "-000000"); }

std::vector<PruneCandidate> candidates(const std::vector<const char*>& stamps) {
  std::vector<PruneCandidate> out;
  for (const char* stamp : stamps) out.push_back({std::string(stamp) + "-000000", at(stamp)});
  return out;
}

std::map<std::string, bool> kept(const std::vector<PruneDecision>& decisions) {
  std::map<std::string, bool> out;
  for (const auto& decision : decisions) out[decision.id.substr(0, 16)] = decision.keep;
  return out;
}

// The stamps of the snapshots kept: one comparison states all a policy decided.
std::set<std::string> keptStamps(const std::vector<PruneDecision>& decisions) {
  std::set<std::string> out;
  for (const auto& decision : decisions) {
    if (decision.keep) out.insert(decision.id.substr(0, 16));
  }
  return out;
}

TEST(SnapshotPrune, KeepLastKeepsTheNewest) {
  auto all = candidates({"20250101T000000Z", "20250102T000000Z", "20250103T000000Z", "20250104T000000Z"});
  RetentionPolicy policy;
  policy.keepLast = 2;
  auto decisions = planPrune(all, policy, at("20250105T000000Z"));
  ASSERT_EQ(decisions.size(), 4U);
  EXPECT_EQ(decisions.front().id.substr(0, 16), "20250104T000000Z");  // newest first
  EXPECT_EQ(kept(decisions), (std::map<std::string, bool>{{"20250101T000000Z", false},
                                                          {"20250102T000000Z", false},
                                                          {"20250103T000000Z", true},
                                                          {"20250104T000000Z", true}}));
}

TEST(SnapshotPrune, DailyWeeklyMonthlyKeepTheNewestOfEachPeriod) {
  auto all = candidates({"20250101T080000Z", "20250101T200000Z", "20250102T090000Z", "20250103T090000Z",
                         "20250103T230000Z", "20250110T090000Z", "20250215T090000Z"});
  const Clock::time_point march = at("20250301T000000Z");
  RetentionPolicy daily;
  daily.keepDaily = 3;
  // The 3 most recent days with snapshots: Feb 15, Jan 10, Jan 3 (its latest).
  EXPECT_EQ(keptStamps(planPrune(all, daily, march)),
            (std::set<std::string>{"20250103T230000Z", "20250110T090000Z", "20250215T090000Z"}));

  RetentionPolicy monthly;
  monthly.keepMonthly = 2;
  // The newest of February and the newest of January.
  EXPECT_EQ(keptStamps(planPrune(all, monthly, march)),
            (std::set<std::string>{"20250110T090000Z", "20250215T090000Z"}));

  RetentionPolicy weekly;
  weekly.keepWeekly = 2;
  // ISO weeks: Jan 1-3 are week 1 (Jan 3 23:00 newest), Jan 10 week 2, Feb 15 week 7.
  EXPECT_EQ(keptStamps(planPrune(all, weekly, march)), (std::set<std::string>{"20250110T090000Z", "20250215T090000Z"}));
}

TEST(SnapshotPrune, MaxAgeRemovesOldOnesButNeverTheNewest) {
  auto all = candidates({"20250101T000000Z", "20250120T000000Z", "20250125T000000Z"});
  RetentionPolicy policy;
  policy.maxAge = Duration(hours(24 * 10));
  auto decisions = kept(planPrune(all, policy, at("20250126T000000Z")));
  EXPECT_FALSE(decisions["20250101T000000Z"]);
  EXPECT_TRUE(decisions["20250120T000000Z"]);
  EXPECT_TRUE(decisions["20250125T000000Z"]);

  auto old = kept(planPrune(all, policy, at("20260101T000000Z")));
  EXPECT_TRUE(old["20250125T000000Z"]) << "the newest snapshot is never removed";
  EXPECT_FALSE(old["20250120T000000Z"]);

  // With keep rules, max-age still removes what is too old.
  policy.keepLast = 3;
  auto both = kept(planPrune(all, policy, at("20250126T000000Z")));
  EXPECT_FALSE(both["20250101T000000Z"]);
  EXPECT_TRUE(both["20250120T000000Z"]);
}

}  // namespace
}  // namespace sluice::snapshot
