#include "runner/executor.hpp"

#include <algorithm>

#include "common/line_index.hpp"
#include "common/text.hpp"
#include "runner/interrupt.hpp"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Byte offset of the `characters`-th character (0-based) of UTF-8 text.
std::size_t byteOffsetOfCharacter(std::string_view text, int characters) {
  std::size_t i = 0;
  for (int seen = 0; i < text.size() && seen < characters; ++seen) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// Two pieces of SQL sent as one message; either may be empty (no history to record).
std::string joinSql(const std::string& first, const std::string& second) {
  if (first.empty() || second.empty()) return first + second;
  return first + "; " + second;
}

// A default-constructed HistoryActions records nothing.
const HistoryActions& orNothing(const HistoryActions& history) {
  static const HistoryActions kNothing{[](std::int64_t) { return std::string(); },
                                       {},
                                       [](int) { return std::string(); },
                                       [](std::int64_t) { return std::string(); },
                                       [](int, const std::string&) { return std::string(); },
                                       {}};
  return history.finalInTransaction ? history : kNothing;
}

void addBlockers(std::vector<Blocker>& into, const std::vector<Blocker>& seen) {
  for (const Blocker& blocker : seen) {
    bool known = std::any_of(into.begin(), into.end(), [&](const Blocker& b) { return b.pid == blocker.pid; });
    if (!known) into.push_back(blocker);
  }
}

}  // namespace

std::string failureKind(const SqlError& error) {
  if (error.connectionLost) return "connection lost";
  if (error.sqlstate == "55P03") return "lock timeout";
  if (error.sqlstate == "40P01") return "deadlock";
  if (error.sqlstate == "57014") {
    if (interruptRequested()) return "interrupted";
    if (error.message.find("statement timeout") != std::string::npos) return "statement timeout";
    return "cancelled";
  }
  return "error";
}

LockTimeoutWait lockWaitOf(const StatementFailure& failure, int attempt) {
  LockTimeoutWait wait;
  wait.attempt = attempt;
  wait.relation = failure.waitedFor;
  wait.blockers = failure.blockers;
  wait.waitedMs = failure.waitedMs;
  wait.statement = failure.statementText;
  return wait;
}

SqlResult Executor::exec(std::string_view sql, const WaitHooks* hooks) {
  TransactionStatus before = session_.transactionStatus();
  SqlResult result = session_.exec(sql, hooks);
  // From idle: the message's implicit transaction (or its own BEGIN ... COMMIT); from an
  // open transaction: its COMMIT (an aborted transaction's COMMIT is a rollback).
  bool open = before == TransactionStatus::Idle || before == TransactionStatus::InTransaction;
  if (result.ok() && open && session_.transactionStatus() == TransactionStatus::Idle) ++committed_;
  return result;
}

std::string Executor::timeoutSettings(bool local) const {
  std::string out;
  std::string set = local ? "; SET LOCAL " : "; SET ";
  if (settings_.lockTimeout) out += set + "lock_timeout = " + std::to_string(settings_.lockTimeout->milliseconds());
  if (settings_.statementTimeout) {
    out += set + "statement_timeout = " + std::to_string(settings_.statementTimeout->milliseconds());
  }
  return out;
}

void Executor::resetSession() {
  // A migration's SET (without LOCAL) would otherwise leak into the next migration.
  exec("RESET ALL; RESET ROLE; RESET SESSION AUTHORIZATION" +
       (settings_.sessionSetup.empty() ? std::string() : "; " + settings_.sessionSetup));
}

void Executor::rollback() {
  if (session_.connected() && session_.transactionStatus() != TransactionStatus::Idle) exec("ROLLBACK");
}

bool Executor::runStatement(const FilePlan& plan, std::size_t index, FileOutcome& outcome) {
  std::string_view text = plan.statementText(index);
  if (interruptRequested()) {
    StatementFailure failure;
    failure.statement = index;
    failure.kind = "interrupted";
    failure.error.message = "interrupted (Ctrl-C or SIGTERM) before this statement";
    failure.error.sqlstate = "57014";
    failure.statementText = oneLine(text, 160);
    LineIndex lines(*plan.text);
    TextPosition at = lines.position(plan.statements[index].span.begin);
    failure.location = plan.path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
    outcome.failure = std::move(failure);
    return false;
  }
  std::vector<Blocker> seen;
  std::string waitedFor;
  double waitedMs = 0;
  bool told = false;
  auto tick = std::chrono::milliseconds(200);
  if (settings_.lockTimeout) {
    tick = std::chrono::milliseconds(std::clamp<std::int64_t>(settings_.lockTimeout->milliseconds() / 4, 10, 200));
  }
  std::chrono::milliseconds lastTick{0};
  WaitHooks hooks;
  hooks.tick = tick;
  hooks.onTick = [&](std::chrono::milliseconds elapsed) {
    std::vector<Blocker> now = monitor_.blockers();
    if (!now.empty()) {
      auto waited = static_cast<double>((elapsed - lastTick).count());
      outcome.lockWaitMs += waited;
      waitedMs += waited;
      if (waitedFor.empty()) waitedFor = monitor_.waitedFor();
      seen = now;
      addBlockers(outcome.blockers, now);
      if (!told && observer_ != nullptr && elapsed >= std::chrono::seconds(2)) {
        observer_->waitingForLock(now, elapsed);
        told = true;
      }
    }
    lastTick = elapsed;
    if (observer_ != nullptr) {
      observer_->statementRunning(plan, index, elapsed, std::chrono::milliseconds(static_cast<std::int64_t>(waitedMs)));
    }
  };
  if (hook_ != nullptr) hook_->beforeStatement(plan, index);
  if (observer_ != nullptr) observer_->statementStarted(plan, index);
  SqlResult result = exec(text, &hooks);
  if (result.ok()) {
    if (hook_ != nullptr) {
      hook_->afterStatement(plan, index, session_.transactionStatus() == TransactionStatus::InTransaction);
    }
    ++outcome.statementsRun;
    return true;
  }
  StatementFailure failure;
  failure.statement = index;
  failure.error = result.error();
  failure.kind = failureKind(failure.error);
  failure.statementText = oneLine(text, 160);
  if (failure.kind == "lock timeout") {
    failure.blockers = seen;
    failure.waitedFor = waitedFor;
    failure.waitedMs = waitedMs;
  }
  std::size_t offset = plan.statements[index].span.begin;
  if (failure.error.position > 0) offset += byteOffsetOfCharacter(text, failure.error.position - 1);
  LineIndex lines(*plan.text);
  TextPosition at = lines.position(offset);
  failure.location = plan.path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
  outcome.failure = std::move(failure);
  return false;
}

std::string Executor::indexesInScope(const PlannedStatement& statement) {
  SqlResult result = exec(
      "SELECT coalesce(array_agg(i.indexrelid ORDER BY i.indexrelid), '{}')::text FROM pg_index i "
      "JOIN pg_class c ON c.oid = i.indexrelid WHERE " +
      statement.leftoverScope);
  if (!result.ok() || result.rows() != 1) return {};
  return result.value(0, 0);
}

bool Executor::dropLeftovers(const PlannedStatement& statement, const std::string& before, FileOutcome& outcome) {
  // Ctrl-C cancelled the statement; the clean-up must still run.
  RecoveryScope cleaning;
  std::string leftovers =
      "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE (" +
      statement.leftoverScope + ") AND NOT i.indisvalid AND NOT (i.indexrelid = ANY ('" + before + "'::oid[]))";
  SqlResult found = exec(leftovers);
  if (!found.ok()) return false;
  for (int row = 0; row < found.rows(); ++row) {
    std::string name = found.value(row, 0);
    if (exec("DROP INDEX CONCURRENTLY IF EXISTS " + name).ok()) outcome.cleanedUp.push_back(name);
  }
  SqlResult left = exec(leftovers);
  return left.ok() && left.rows() == 0;
}

bool Executor::runStatementAlone(const FilePlan& plan, std::size_t index, FileOutcome& outcome,
                                 bool& leftoversChecked) {
  const PlannedStatement& statement = plan.statements[index];
  // What was there before the statement is never dropped (an index of the same name).
  std::string before = statement.leftoverScope.empty() ? std::string() : indexesInScope(statement);
  for (int retry = 0;; ++retry) {
    if (runStatement(plan, index, outcome)) return true;
    if (!before.empty() && session_.connected()) {
      leftoversChecked = true;
      if (!dropLeftovers(statement, before, outcome)) {
        outcome.residue = statement.residueAdvice;
        return false;
      }
    }
    if (outcome.failure->kind != "lock timeout") return false;
    outcome.retriesSpent = true;
    LockTimeoutWait wait = lockWaitOf(*outcome.failure, retry + 1);
    outcome.lockWaits.push_back(wait);
    if (retry >= settings_.lockRetry.retries) return false;
    std::chrono::milliseconds delay = settings_.lockRetry.delayBefore(retry + 1);
    if (observer_ != nullptr) observer_->retryingAfterLockTimeout(wait, settings_.lockRetry.retries + 1, delay);
    if (!sleepUnlessInterrupted(delay)) return false;
    ++outcome.attempts;
    outcome.failure.reset();
  }
}

bool Executor::runBookkeeping(const std::string& sql, const FilePlan& plan, FileOutcome& outcome,
                              std::string_view what) {
  if (sql.empty()) return true;
  SqlResult result = exec(sql);
  if (result.ok()) return true;
  StatementFailure failure;
  failure.statement = plan.statements.size();
  failure.error = result.error();
  failure.kind = failureKind(failure.error);
  failure.error.message = std::string(what) + ": " + failure.error.message;
  failure.location = plan.path;
  outcome.failure = std::move(failure);
  return false;
}

FileOutcome Executor::run(const FilePlan& plan, const HistoryActions& history) {
  const HistoryActions& actions = orNothing(history);
  FileOutcome outcome = plan.inTransaction ? runInTransaction(plan, actions) : runOutside(plan, actions);
  outcome.notices = session_.takeNotices();
  if (plan.changesSession && session_.connected()) resetSession();
  return outcome;
}

FileOutcome Executor::runInTransaction(const FilePlan& plan, const HistoryActions& history) {
  FileOutcome outcome;
  outcome.statementsTotal = static_cast<int>(plan.statements.size());
  auto start = Clock::now();
  if (!runBookkeeping("BEGIN" + timeoutSettings(true), plan, outcome, "cannot start the transaction")) {
    rollback();
    outcome.result = FileResult::FailedClean;
    outcome.durationMs = millisecondsSince(start);
    return outcome;
  }
  for (std::size_t i = 0; i < plan.statements.size(); ++i) {
    if (!runStatement(plan, i, outcome)) {
      rollback();
      outcome.result = FileResult::FailedClean;
      outcome.durationMs = millisecondsSince(start);
      return outcome;
    }
  }
  auto elapsed = static_cast<std::int64_t>(millisecondsSince(start));
  SqlResult committed = exec(joinSql(history.finalInTransaction(elapsed), "COMMIT"));
  outcome.durationMs = millisecondsSince(start);
  if (!committed.ok()) {
    StatementFailure failure;
    failure.statement = plan.statements.size();
    failure.error = committed.error();
    failure.kind = failureKind(failure.error);
    failure.location = plan.path;
    failure.statementText = "COMMIT (with the history record)";
    outcome.failure = std::move(failure);
    if (committed.error().connectionLost) {
      outcome.result = FileResult::InDoubt;
      return outcome;
    }
    rollback();
    outcome.result = FileResult::FailedClean;
    return outcome;
  }
  if (hook_ != nullptr) hook_->transactionEnded();
  outcome.statementsCommitted = outcome.statementsTotal;
  outcome.result = FileResult::Done;
  return outcome;
}

FileOutcome Executor::runOutside(const FilePlan& plan, const HistoryActions& history) {
  FileOutcome outcome;
  const std::size_t count = plan.statements.size();
  outcome.statementsTotal = static_cast<int>(count);
  auto start = Clock::now();
  auto elapsedMs = [&] { return static_cast<std::int64_t>(millisecondsSince(start)); };

  std::string timeouts = timeoutSettings(false);
  if (!timeouts.empty()) exec(timeouts.substr(2));

  // The started record is written lazily, with the first unit of work that commits: before
  // a statement that runs on its own, or inside a block just before its COMMIT (so that a
  // file's `SET TRANSACTION` still comes first in its block). Until then nothing of the
  // file is committed, so a crash leaves nothing to record.
  bool markerCommitted = false;
  bool persisted = false;  // some statement's effect is committed
  bool finished = false;
  int depth = 0;
  std::optional<std::size_t> failedAt;
  bool leftoversChecked = false;  // the failed statement's leftovers were looked for (and dropped)

  for (std::size_t i = 0; i < count && !failedAt; ++i) {
    const PlannedStatement& statement = plan.statements[i];
    bool last = i + 1 == count;
    bool closesBlock = depth > 0 && (statement.control == TransactionControl::Commit ||
                                     statement.control == TransactionControl::Rollback);
    bool runsOnItsOwn = depth == 0 && statement.control != TransactionControl::Begin;
    if ((runsOnItsOwn || (closesBlock && statement.control == TransactionControl::Commit)) && !markerCommitted) {
      if (!runBookkeeping(history.markStarted, plan, outcome, "cannot record the start")) {
        outcome.failure->statement = i;
        failedAt = i;
        break;
      }
      markerCommitted = runsOnItsOwn;  // inside a block it commits with the block
    }
    if (closesBlock && statement.control == TransactionControl::Commit) {
      // The progress (or the end) commits together with the block.
      std::string sql = last ? history.markFinished(elapsedMs()) : history.progress(static_cast<int>(i + 1));
      if (!runBookkeeping(sql, plan, outcome, "cannot record progress")) {
        outcome.failure->statement = i;
        failedAt = i;
        break;
      }
    }
    // With a hook, a statement that would commit on its own gets a transaction of its own,
    // so that the hook sees its locks.
    bool wrap = hook_ != nullptr && runsOnItsOwn && statement.control == TransactionControl::None &&
                statement.nonTransactional.empty();
    if (wrap && !runBookkeeping("BEGIN", plan, outcome, "cannot start a transaction")) {
      outcome.failure->statement = i;
      failedAt = i;
      break;
    }
    bool ran = runsOnItsOwn && !wrap && statement.control == TransactionControl::None
                   ? runStatementAlone(plan, i, outcome, leftoversChecked)
                   : runStatement(plan, i, outcome);
    if (!ran || (wrap && !runBookkeeping("COMMIT", plan, outcome, "cannot commit the statement"))) {
      outcome.failure->statement = i;
      failedAt = i;
      break;
    }
    if (hook_ != nullptr && session_.transactionStatus() != TransactionStatus::InTransaction) {
      hook_->transactionEnded();
    }
    if (statement.control == TransactionControl::Begin) {
      depth = 1;
      continue;
    }
    if (closesBlock) {
      bool chain = session_.transactionStatus() == TransactionStatus::InTransaction;
      depth = chain ? 1 : 0;
      outcome.statementsCommitted = static_cast<int>(i + 1);
      if (statement.control == TransactionControl::Commit) {
        persisted = true;
        markerCommitted = true;
        finished = last;
      }
      continue;
    }
    if (depth == 0) {
      persisted = true;
      outcome.statementsCommitted = static_cast<int>(i + 1);
      std::string sql = last ? history.markFinished(elapsedMs()) : history.progress(static_cast<int>(i + 1));
      if (!runBookkeeping(sql, plan, outcome, "cannot record progress")) {
        outcome.historyProblem = outcome.failure->error.message;
        outcome.failure->statement = i + 1;
        failedAt = i + 1;
        break;
      }
      finished = last;
    }
  }
  if (!failedAt && depth > 0) {
    // BEGIN without COMMIT: PostgreSQL would roll it back when the session ends.
    rollback();
    StatementFailure failure;
    failure.statement = count;
    failure.kind = "error";
    failure.error.message = "the file leaves a transaction open (BEGIN without COMMIT); it was rolled back";
    failure.location = plan.path;
    outcome.failure = std::move(failure);
    failedAt = count;
  }
  if (!failedAt && !finished) {
    // The file ended with a rolled-back block: record the end on its own.
    std::string sql = joinSql(markerCommitted ? std::string() : history.markStarted, history.markFinished(elapsedMs()));
    if (runBookkeeping(sql, plan, outcome, "cannot record the end")) {
      markerCommitted = true;
    } else {
      outcome.historyProblem = outcome.failure->error.message;
      failedAt = count;
    }
  }
  if (!outcome.failure || outcome.failure->kind != "connection lost") rollback();
  if (!timeouts.empty() && session_.connected()) exec("RESET lock_timeout; RESET statement_timeout");
  outcome.durationMs = millisecondsSince(start);
  if (!failedAt) {
    outcome.statementsCommitted = outcome.statementsTotal;
    outcome.result = FileResult::Done;
    return outcome;
  }

  // Did the failed statement leave something behind?
  if (!leftoversChecked && *failedAt < count && !plan.statements[*failedAt].residueCheck.empty() &&
      session_.connected()) {
    SqlResult residue = exec(plan.statements[*failedAt].residueCheck);
    if (!residue.ok() || residue.rows() > 0) outcome.residue = plan.statements[*failedAt].residueAdvice;
  }
  if (!persisted && outcome.residue.empty() && outcome.historyProblem.empty()) {
    if (!markerCommitted || history.unmarkStarted.empty() || exec(history.unmarkStarted).ok()) {
      outcome.result = FileResult::FailedClean;
      return outcome;
    }
  }
  outcome.result = FileResult::FailedPartial;
  std::string log = "sluice: failed outside a transaction; statements 1-" +
                    std::to_string(outcome.statementsCommitted) + " of " + std::to_string(count) + " committed";
  if (outcome.failure) {
    log += "; statement " + std::to_string(outcome.failure->statement + 1) + " at " + outcome.failure->location +
           " failed: " + outcome.failure->error.summary();
  }
  if (!outcome.residue.empty()) log += "; " + outcome.residue;
  if (!session_.connected()) {
    outcome.historyProblem = "the connection was lost, so the failure could not be recorded";
    return outcome;
  }
  std::string sql = joinSql(markerCommitted ? std::string() : history.markStarted,
                            history.markFailed(outcome.statementsCommitted, log));
  if (sql.empty()) return outcome;
  SqlResult recorded = exec(sql);
  if (!recorded.ok()) outcome.historyProblem = "cannot record the failure: " + recorded.error().summary();
  return outcome;
}

Status Executor::beginShared() {
  SqlResult result = exec("BEGIN" + timeoutSettings(true));
  if (!result.ok())
    return Error(ErrorCode::MigrationFailed, "cannot start the transaction: " + result.error().summary());
  return {};
}

FileOutcome Executor::runInShared(const FilePlan& plan, const HistoryActions& givenHistory) {
  const HistoryActions& history = orNothing(givenHistory);
  FileOutcome outcome;
  outcome.statementsTotal = static_cast<int>(plan.statements.size());
  auto start = Clock::now();
  for (std::size_t i = 0; i < plan.statements.size(); ++i) {
    if (!runStatement(plan, i, outcome)) {
      outcome.result = FileResult::FailedClean;
      outcome.durationMs = millisecondsSince(start);
      outcome.notices = session_.takeNotices();
      return outcome;
    }
  }
  if (!runBookkeeping(history.finalInTransaction(static_cast<std::int64_t>(millisecondsSince(start))), plan, outcome,
                      "cannot record the migration")) {
    outcome.result = FileResult::FailedClean;
  }
  outcome.durationMs = millisecondsSince(start);
  outcome.notices = session_.takeNotices();
  return outcome;
}

FileOutcome Executor::commitShared() {
  FileOutcome outcome;
  SqlResult result = exec("COMMIT");
  if (result.ok()) return outcome;
  StatementFailure failure;
  failure.error = result.error();
  failure.kind = failureKind(failure.error);
  failure.statementText = "COMMIT";
  outcome.failure = std::move(failure);
  outcome.result = result.error().connectionLost ? FileResult::InDoubt : FileResult::FailedClean;
  if (outcome.result == FileResult::FailedClean) rollback();
  return outcome;
}

}  // namespace sluice
