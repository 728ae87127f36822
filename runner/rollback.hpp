#pragma once
// `sluice rollback --steps N | --to NAME`: runs the rollback files of the newest applied
// migrations, newest first, each in a transaction together with its history change
// (statement by statement when the rollback file needs it, followed by the history as
// in executor.hpp). Every rollback file is checked before the first one runs: a
// missing or empty one refuses the whole command and says which.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "runner/executor.hpp"
#include "runner/migration_state.hpp"
#include "runner/project.hpp"
#include "runner/report.hpp"
#include "runner/run_observer.hpp"

namespace sluice {

struct RollbackOptions {
  ProjectOptions project;
  std::optional<int> steps;
  std::optional<std::string> to;  // roll back every migration applied after this one; it stays applied
  ExecutionSettings execution;
  std::chrono::milliseconds lockWait{60000};
  bool dryRun = false;
  std::string toolVersion;
};

RunReport rollbackMigrations(const RollbackOptions& options, const ConnectionSettings& settings, RunObserver& observer);

// Runs the rollback files of `entries` (newest first, already checked) under the lock
// the caller holds; appends one MigrationReport per migration. Returns whether all of
// them were undone; stops at the first failure.
struct UndoResult {
  bool complete = true;
  std::string failedId;
  FileResult failure = FileResult::Done;
};
UndoResult undoMigrations(Connected& connected, const Project& project,
                          const std::vector<const MigrationEntry*>& entries, const ExecutionSettings& execution,
                          const std::string& toolVersion, RunReport& report, RunObserver& observer);

// Why these migrations cannot be rolled back (a missing or empty rollback file), or
// empty when they all can.
std::string rollbackProblems(const std::vector<const MigrationEntry*>& entries);

}  // namespace sluice
