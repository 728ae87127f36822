#include "snapshot/pruner.hpp"

#include <algorithm>
#include <ctime>
#include <map>

namespace sluice::snapshot {
namespace {

std::tm utcOf(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  return utc;
}

std::string dayKey(const std::tm& utc) {
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &utc);
  return out;
}

std::string weekKey(const std::tm& utc) {
  char out[16];
  std::strftime(out, sizeof out, "%G-W%V", &utc);
  return out;
}

std::string monthKey(const std::tm& utc) {
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m", &utc);
  return out;
}

}  // namespace

std::vector<PruneDecision> planPrune(std::vector<PruneCandidate> snapshots, const RetentionPolicy& policy,
                                     std::chrono::system_clock::time_point now) {
  std::sort(snapshots.begin(), snapshots.end(), [](const PruneCandidate& a, const PruneCandidate& b) {
    return a.createdAt != b.createdAt ? a.createdAt > b.createdAt : a.id > b.id;
  });
  std::vector<PruneDecision> decisions;
  for (const PruneCandidate& snapshot : snapshots) decisions.push_back({snapshot.id, false, ""});
  bool anyKeepRule = policy.keepLast || policy.keepDaily || policy.keepWeekly || policy.keepMonthly;

  auto select = [&](std::size_t index, const std::string& reason) {
    if (decisions[index].keep) return;
    decisions[index].keep = true;
    decisions[index].reason = reason;
  };
  if (policy.keepLast) {
    for (std::size_t i = 0; i < snapshots.size() && i < *policy.keepLast; ++i) select(i, "keep-last");
  }
  auto byPeriod = [&](std::optional<unsigned> count, const char* name, std::string (*key)(const std::tm&)) {
    if (!count) return;
    std::map<std::string, bool> periods;
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
      std::string period = key(utcOf(snapshots[i].createdAt));
      if (periods.count(period) != 0) continue;  // an older snapshot of a period already kept
      if (periods.size() >= *count) break;
      periods[period] = true;
      select(i, std::string(name) + " " + period);
    }
  };
  byPeriod(policy.keepDaily, "daily", dayKey);
  byPeriod(policy.keepWeekly, "weekly", weekKey);
  byPeriod(policy.keepMonthly, "monthly", monthKey);
  if (!anyKeepRule) {
    for (PruneDecision& decision : decisions) {
      decision.keep = true;
      decision.reason = "within max-age";
    }
  }
  if (policy.maxAge) {
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
      if (now - snapshots[i].createdAt > policy.maxAge->chrono()) {
        decisions[i].keep = false;
        decisions[i].reason = "older than " + formatDuration(*policy.maxAge);
      }
    }
  }
  for (PruneDecision& decision : decisions) {
    if (!decision.keep && decision.reason.empty()) decision.reason = "not selected by any keep rule";
  }
  if (!decisions.empty() && !decisions.front().keep) {
    decisions.front().keep = true;
    decisions.front().reason = "newest (never removed)";
  }
  return decisions;
}

}  // namespace sluice::snapshot
