#pragma once
// Runs one planned file on the runner's session, with the history statements that go
// with it.
//
// In a transaction (the default): BEGIN; SET LOCAL lock_timeout/statement_timeout; the
// statements one by one; the history statement; COMMIT. Any failure rolls everything
// back, history included: the database is exactly as before.
//
// Outside a transaction (statements that refuse one, or a file with its own
// BEGIN/COMMIT), the history follows the work so that a crash at any point leaves a
// record that says how far it got:
//   - a "started" record is committed before the first statement, or, when the file
//     opens with BEGIN, inside that transaction block;
//   - progress ("statements 1..k committed") is written after each statement that runs
//     on its own, and inside each of the file's transaction blocks just before its
//     COMMIT, so that it commits with the block;
//   - the "finished" record is written after the last statement, or inside the file's
//     last block when the file ends with COMMIT (a file that is one BEGIN ... COMMIT
//     block is therefore as atomic as the transactional path);
//   - a failure before anything was committed removes the started record (the
//     database is as before: exit 4), unless the failed statement may have left
//     something behind (an INVALID index of CREATE INDEX CONCURRENTLY, checked);
//     otherwise the record becomes "failed" with exactly which statements committed,
//     and deploys stop until `sluice resolve` (exit 5).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/duration.hpp"
#include "common/pg_session.hpp"
#include "runner/history.hpp"
#include "runner/lock_monitor.hpp"
#include "runner/lock_retry.hpp"
#include "runner/plan.hpp"

namespace sluice {

struct ExecutionSettings {
  std::optional<Duration> lockTimeout;
  std::optional<Duration> statementTimeout;
  // After a lock timeout: a statement outside a transaction is retried here; a whole
  // transactional migration by its caller (deploy), with the same policy.
  LockRetryPolicy lockRetry;
  // Re-establishes the runner's own session settings after a migration changed the
  // session's (SET without LOCAL) and the runner reset them.
  std::string sessionSetup;
};

struct StatementFailure {
  std::size_t statement = 0;  // 0-based; == statement count for a failure at COMMIT or in the history write
  std::string location;       // path:line:column
  std::string kind;           // error, lock timeout, statement timeout, deadlock, interrupted, connection lost
  std::string statementText;  // shortened
  SqlError error;
  std::vector<Blocker> blockers;  // for lock timeouts: who held the lock
  std::string waitedFor;          // for lock timeouts: the relation (or kind of lock) waited for
  double waitedMs = 0;            // how long the statement waited for locks
};

// The wait a lock timeout ended, for the report.
LockTimeoutWait lockWaitOf(const StatementFailure& failure, int attempt);

enum class FileResult {
  Done,           // ran to the end and is recorded
  FailedClean,    // failed; nothing of it remains (history included)
  FailedPartial,  // failed after part of it was committed; recorded as failed
  InDoubt,        // the connection was lost during COMMIT: committed or not, only the history can tell
};

struct FileOutcome {
  FileResult result = FileResult::Done;
  int statementsTotal = 0;
  int statementsRun = 0;        // statements that succeeded
  int statementsCommitted = 0;  // leading statements whose effect is committed
  double durationMs = 0;
  double lockWaitMs = 0;
  std::vector<Blocker> blockers;  // every session seen blocking this file
  std::optional<StatementFailure> failure;
  int attempts = 1;                        // 1 + the lock-timeout retries of the file or of its statements
  std::vector<LockTimeoutWait> lockWaits;  // each lock timeout that was retried (the last one is `failure`)
  bool retriesSpent = false;               // a statement was retried here until the retries ran out
  std::vector<std::string> cleanedUp;      // INVALID indexes the failed statement left, dropped again
  std::string residue;                     // what a failed non-transactional statement left behind
  std::string historyProblem;              // the failure could not be recorded
  std::vector<std::string> notices;
};

class ExecutionObserver {
 public:
  virtual ~ExecutionObserver() = default;
  virtual void waitingForLock(const std::vector<Blocker>& blockers, std::chrono::milliseconds waited) = 0;
  // A lock timeout, and the next attempt comes after `delay` (out of `attempts` in all).
  virtual void retryingAfterLockTimeout(const LockTimeoutWait& /*wait*/, int /*attempts*/,
                                        std::chrono::milliseconds /*delay*/) {}
};

// A caller's look at each statement while it runs (sluice verify reads the locks a
// statement holds before its transaction ends). With a hook set, a statement that would
// commit on its own (outside any transaction, and able to run in one) runs in a
// transaction of its own, so that afterStatement still sees what it holds.
class StatementHook {
 public:
  virtual ~StatementHook() = default;
  virtual void beforeStatement(const FilePlan& plan, std::size_t index) = 0;
  // After statement `index` succeeded; `inTransaction`: its transaction is still open.
  // The hook keeps its own errors: the file's outcome is what the SQL did.
  virtual void afterStatement(const FilePlan& plan, std::size_t index, bool inTransaction) = 0;
  // The transaction the last statements ran in ended (COMMIT, ROLLBACK, or a statement
  // that committed on its own).
  virtual void transactionEnded() = 0;
};

class Executor {
 public:
  Executor(PgSession& session, LockMonitor& monitor, ExecutionSettings settings, ExecutionObserver* observer = nullptr)
      : session_(session), monitor_(monitor), settings_(std::move(settings)), observer_(observer) {}

  // Not owned; null (the default): no hook.
  void setStatementHook(StatementHook* hook) { hook_ = hook; }

  // Runs a file in its own transaction or outside one, as its plan says. A
  // default-constructed HistoryActions records nothing (verify's scratch database).
  FileOutcome run(const FilePlan& plan, const HistoryActions& history);

  // --tx-mode all: one transaction around several files.
  Status beginShared();
  FileOutcome runInShared(const FilePlan& plan, const HistoryActions& history);
  // Commits the shared transaction: Done, FailedClean (the COMMIT failed) or InDoubt.
  FileOutcome commitShared();
  void rollback();

  // Transactions this executor committed on the session, so that a caller can tell
  // sluice's own commits from other sessions' in pg_stat_database.
  [[nodiscard]] std::uint64_t transactionsCommitted() const { return committed_; }

 private:
  SqlResult exec(std::string_view sql, const WaitHooks* hooks = nullptr);
  FileOutcome runInTransaction(const FilePlan& plan, const HistoryActions& history);
  FileOutcome runOutside(const FilePlan& plan, const HistoryActions& history);
  // Runs statement `index`; on failure fills `outcome.failure`.
  bool runStatement(const FilePlan& plan, std::size_t index, FileOutcome& outcome);
  // Runs statement `index` outside a transaction block, again after a lock timeout while
  // retries remain, dropping what a failed attempt left each time.
  bool runStatementAlone(const FilePlan& plan, std::size_t index, FileOutcome& outcome, bool& leftoversChecked);
  // Indexes in the statement's leftover scope now (their OIDs, as an array literal).
  std::string indexesInScope(const PlannedStatement& statement);
  // Drops the INVALID indexes in scope that are not in `before`; false when one remains.
  bool dropLeftovers(const PlannedStatement& statement, const std::string& before, FileOutcome& outcome);
  bool runBookkeeping(const std::string& sql, const FilePlan& plan, FileOutcome& outcome, std::string_view what);
  std::string timeoutSettings(bool local) const;
  void resetSession();

  PgSession& session_;
  LockMonitor& monitor_;
  ExecutionSettings settings_;
  ExecutionObserver* observer_;
  StatementHook* hook_ = nullptr;
  std::uint64_t committed_ = 0;
};

// "lock timeout", "statement timeout", ... from an error.
std::string failureKind(const SqlError& error);

}  // namespace sluice
