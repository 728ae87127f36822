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

Expected<std::chrono::seconds> parseDuration(std::string_view text) {
  auto invalid = [&] {
    return Error(ErrorCode::Usage, "invalid duration `" + std::string(text) + "`",
                 "write a number and a unit: s, m, h, d or w, e.g. 30d, 12h or 1d12h");
  };
  if (text.empty()) return invalid();
  long long total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    long long number = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + (text[i] - '0');
      if (number > 1'000'000'000LL) return invalid();
      ++i;
      ++digits;
    }
    if (digits == 0 || i >= text.size()) return invalid();
    long long unit = 0;
    switch (text[i]) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 7LL * 86400; break;
      default: return invalid();
    }
    total += number * unit;
    ++i;
  }
  if (total <= 0) return invalid();
  return std::chrono::seconds(total);
}

std::string formatDuration(std::chrono::seconds duration) {
  long long seconds = duration.count();
  struct Unit {
    long long size;
    char name;
  };
  for (Unit unit : {Unit{7LL * 86400, 'w'}, Unit{86400, 'd'}, Unit{3600, 'h'}, Unit{60, 'm'}}) {
    if (seconds >= unit.size && seconds % unit.size == 0) return std::to_string(seconds / unit.size) + unit.name;
  }
  return std::to_string(seconds) + "s";
}

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
      if (now - snapshots[i].createdAt > *policy.maxAge) {
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
