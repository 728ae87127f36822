#pragma once
// After a deploy's outcome is settled (any restore is over): its notifications and its
// metrics file. A notification or metrics file that fails becomes a warning of the
// report, so that the audit log and the summary carry it; the exit code stays the run's.

#include <filesystem>
#include <optional>
#include <string>

#include "cli/observed_snapshot_hook.hpp"
#include "notify/notifier.hpp"
#include "runner/report.hpp"

namespace sluice::cli {

struct DeployOutcomeSinks {
  const notify::Notifier* notifier = nullptr;
  std::optional<std::filesystem::path> metricsFile;
  const ObservedSnapshotHook* snapshot = nullptr;  // null when deploy took no snapshot
  std::string database;                            // the database's name
};

void reportDeployOutcome(RunReport& report, const DeployOutcomeSinks& sinks);

}  // namespace sluice::cli
