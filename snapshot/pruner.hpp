#pragma once
// Retention: which snapshots `sluice snapshot prune` keeps. A pure function of the
// snapshots' times, the policy and the current time, so that it is easy to test and
// `--dry-run` shows exactly what a real run removes.
//
//   keep_last N     the N newest
//   keep_daily N    the newest of each of the N most recent UTC days that have one
//   keep_weekly N   the same per ISO week (weeks start on Monday, UTC)
//   keep_monthly N  the same per calendar month (UTC)
//   max_age DUR     nothing older than DUR, whatever the keep rules say
//
// A snapshot is kept when any keep rule selects it and it is not older than max_age;
// with no keep rule, max_age alone decides. The newest snapshot is never removed, so
// that a retention job cannot leave a database without any snapshot.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "config/settings.hpp"

namespace sluice::snapshot {

// The [snapshot] keep_* and max_age settings (or the prune flags), as configured.
using RetentionPolicy = config::RetentionSettings;

struct PruneCandidate {
  std::string id;
  std::chrono::system_clock::time_point createdAt;
};

struct PruneDecision {
  std::string id;
  bool keep = false;
  std::string reason;  // "keep-last", "daily 2025-01-31", "older than 30d", ...
};

// One decision per candidate, newest first.
std::vector<PruneDecision> planPrune(std::vector<PruneCandidate> snapshots, const RetentionPolicy& policy,
                                     std::chrono::system_clock::time_point now);

}  // namespace sluice::snapshot
