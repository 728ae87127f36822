#pragma once
// `sluice deploy`: lint gate -> lock -> history checks -> snapshot -> apply -> record ->
// on failure restore or roll back or report exactly what state the database is in.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "config/choices.hpp"
#include "runner/executor.hpp"
#include "runner/project.hpp"
#include "runner/report.hpp"
#include "runner/run_observer.hpp"
#include "runner/snapshot_hook.hpp"

namespace sluice {

// Spelled, validated and defaulted by the configuration ([deploy] tx_mode, on_failure).
using TxMode = config::TxMode;
using OnFailure = config::OnFailure;

struct LintGateResult {
  bool blocked = false;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  std::size_t otherErrors = 0;  // errors in the parts the command does not run (shown, not counted)
  std::optional<Error> error;   // the migrations could not be linted (unreadable file, bad config)
};
// Lints the folder and judges the migrations named (the pending ones).
using LintGate = std::function<LintGateResult(const MigrationSet& set, const std::vector<std::string>& ids)>;

struct DeployOptions {
  ProjectOptions project;
  bool dryRun = false;
  std::optional<std::string> target;  // stop after this migration
  // Unset: the format's tool's way (Drizzle runs all pending migrations in one
  // transaction), else per migration.
  std::optional<TxMode> txMode;
  ExecutionSettings execution;
  std::chrono::milliseconds lockWait{60000};
  // After a lost connection: how long to try for a new one (to settle a COMMIT in doubt,
  // record the failure and carry out onFailure).
  std::chrono::milliseconds reconnectWait{30000};
  bool allowOutOfOrder = false;
  bool allowEdited = false;
  OnFailure onFailure = OnFailure::Restore;
  LintGate lintGate;  // empty: --no-lint-gate
  SnapshotHook* snapshot = nullptr;
  std::string toolVersion;
};

RunReport deploy(const DeployOptions& options, const ConnectionSettings& settings, RunObserver& observer);

}  // namespace sluice
