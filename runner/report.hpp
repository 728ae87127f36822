#pragma once
// What a runner command did, as data: rendered as text for people, as JSON for machines
// (`--format json`), and condensed into one audit-log line.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/exit_code.hpp"
#include "common/terminal.hpp"
#include "runner/executor.hpp"
#include "runner/outcomes.hpp"
#include "runner/snapshot_hook.hpp"

namespace sluice {

struct MigrationReport {
  std::string id;
  MigrationOutcome status = MigrationOutcome::Planned;
  std::string mode;    // "one transaction", "statement by statement, outside a transaction", ...
  std::string reason;  // why that mode
  std::string source;  // what runs: "x.sql", "x.sql lines 2-14" (a section of the file)
  int statements = 0;
  int statementsRun = 0;
  int statementsCommitted = 0;
  double durationMs = 0;
  double lockWaitMs = 0;
  std::vector<Blocker> blockers;
  int attempts = 0;                        // 0: not run; 1 + its lock-timeout retries
  std::vector<LockTimeoutWait> lockWaits;  // each lock timeout, retried or final
  std::vector<std::string> cleanedUp;
  std::optional<StatementFailure> failure;
  std::string residue;
  std::vector<std::string> notices;
};

// What a failed run did to put the database right, and at what cost.
struct Recovery {
  RecoveryAction action = RecoveryAction::None;
  std::string snapshotTakenAt;  // restore: when the snapshot was taken (UTC)
  // restore: transactions other sessions committed between the snapshot and the
  // restore (pg_stat_database.xact_commit, less sluice's own), whose writes were
  // discarded; unset when unknown.
  std::optional<std::int64_t> otherCommits;
};

struct RunReport {
  std::string command = "deploy";  // deploy, rollback
  bool dryRun = false;
  std::string database;  // connection target with the password masked
  std::string serverVersion;
  std::string databaseUser;
  std::string dir;
  std::string layout;
  std::string historyTable;
  std::int64_t lockKey = 0;
  double lockWaitMs = 0;
  std::string snapshot;  // the plan's snapshot line
  std::optional<SnapshotRef> snapshotTaken;
  std::string txMode = "per-migration";
  std::optional<Duration> lockTimeout;
  int lockRetries = 0;  // deploy: retries after a lock timeout
  Duration lockRetryDelay;
  std::optional<Duration> statementTimeout;
  int alreadyApplied = 0;
  std::vector<MigrationReport> migrations;
  std::vector<std::string> warnings;
  std::size_t lintErrors = 0;
  std::size_t lintWarnings = 0;
  RunOutcome outcome = RunOutcome::Failed;  // every run sets its own
  std::string state;                        // failures: the database's exact state, for people
  Recovery recovery;
  ExitCode exitCode = ExitCode::Success;
  std::optional<Error> error;
  double durationMs = 0;
  std::string startedAt;  // UTC, ISO 8601
};

// Ends a run with an error: its outcome, the exit code its error means, the error.
void finish(RunReport& report, Error error, RunOutcome outcome);

void writeJsonReport(const RunReport& report, std::ostream& out);
// The summary after the live lines (see TextProgress) for people.
void writeTextSummary(const RunReport& report, std::ostream& out, const Style& style);
// "one transaction, 3 statements" and the like, for the plan.
std::string planLine(const MigrationReport& migration);
std::string describeFailure(const StatementFailure& failure);
// "recovery: restore (snapshot taken at ..., 12 transactions of other sessions discarded)".
std::string describeRecovery(const Recovery& recovery);

std::string utcNow();

// "a, b and c", or "12 migrations, a ... l" for long lists.
std::string listMigrations(const std::vector<std::string>& ids);

}  // namespace sluice
