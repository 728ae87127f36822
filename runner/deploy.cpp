#include "runner/deploy.hpp"

#include <algorithm>
#include <numeric>
#include <set>
#include <thread>

#include "common/duration.hpp"
#include "common/text.hpp"
#include "linter/layout.hpp"
#include "runner/advisory_lock.hpp"
#include "runner/interrupt.hpp"
#include "runner/migration_state.hpp"
#include "runner/plan.hpp"
#include "runner/rollback.hpp"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

// After the connection was lost during a migration and a new session is open: how long
// deploy waits for the migration lock, which the old session held and another deploy may
// have taken in between. (How long it tries to reconnect is DeployOptions::reconnectWait.)
constexpr std::chrono::seconds kRelockWait{10};

// What became of a transaction whose COMMIT was sent but whose answer was lost.
enum class CommitFate { Committed, RolledBack, Unknown };

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string displayPath(const std::filesystem::path& path) { return path.lexically_normal().string(); }

// Problems with the history that stop a deploy before anything runs.
std::optional<Error> historyProblems(const HistoryComparison& comparison, const Project& project,
                                     const DeployOptions& options, RunReport& report) {
  const std::string table = project.history->table().display();
  for (const MigrationEntry& entry : comparison.entries) {
    if (entry.status != MigrationStatus::Failed) continue;
    const HistoryRecord& record = *entry.record;
    std::string state = record.state == RecordState::Running ? "was interrupted" : "failed";
    std::string message = "migration " + entry.id + " " + state + " in an earlier deploy (started " + record.startedAt +
                          ") and is recorded as failed in " + table;
    if (record.statementsApplied >= 0 && record.statementsTotal > 0) {
      message += ": statements 1-" + std::to_string(record.statementsApplied) + " of " +
                 std::to_string(record.statementsTotal) + " are committed";
      if (record.statementsApplied < record.statementsTotal) {
        message += ", statement " + std::to_string(record.statementsApplied + 1) + " may have run in part";
      }
    }
    if (!record.log.empty()) message += "\n  recorded: " + record.log;
    message += "\n  no migration runs until it is resolved";
    return Error(ErrorCode::Unrecoverable, message,
                 "look at what " + entry.id +
                     " left in the database; complete it by hand and run `sluice resolve --applied " + entry.id +
                     "`, or undo it by hand and run `sluice resolve --rolled-back " + entry.id +
                     "` (it then runs again on the next deploy)");
  }
  std::vector<std::string> edited;
  for (const MigrationEntry& entry : comparison.entries) {
    if (!entry.edited) continue;
    std::string line = displayPath(entry.file->migration->forward) + ": applied with checksum " +
                       entry.record->checksum + ", the file now has " +
                       project.history->checksumOf(migrationFields(project.files, *entry.file));
    std::string where = describeEdit(*entry.file, *entry.record);
    if (!where.empty()) line += " (" + where + ")";
    edited.push_back(line);
  }
  if (!edited.empty()) {
    if (!options.allowEdited) {
      return Error(ErrorCode::Input,
                   std::to_string(edited.size()) + " applied migration" + (edited.size() == 1 ? " was" : "s were") +
                       " edited after being applied:\n  " + join(edited, "\n  "),
                   "put the file back as it was applied (git log -p -- FILE) and make the change in a new "
                   "migration; --allow-edited deploys anyway");
    }
    for (const std::string& line : edited) report.warnings.push_back("edited after it was applied: " + line);
  }
  std::vector<std::string> late;
  for (const MigrationEntry& entry : comparison.entries) {
    if (entry.outOfOrder) late.push_back(entry.id);
  }
  if (!late.empty() && !options.allowOutOfOrder) {
    return Error(ErrorCode::Input,
                 "pending migration" + std::string(late.size() == 1 ? " " : "s ") + join(late, ", ") +
                     (late.size() == 1 ? " sorts" : " sort") +
                     " before migrations that are already applied (a branch merged late?)",
                 "give it a newer version (rename it) so that it runs last, or deploy with --allow-out-of-order "
                 "if it does not depend on the migrations applied after it");
  }
  for (const MigrationEntry& entry : comparison.entries) {
    if (entry.status == MigrationStatus::Missing) {
      report.warnings.push_back("migration " + entry.id + " is applied (recorded in " + table +
                                ") but its file is not in " + displayPath(project.set->root));
    }
  }
  return std::nullopt;
}

Expected<std::vector<const MigrationEntry*>> pendingEntries(const HistoryComparison& comparison,
                                                            const std::optional<std::string>& target) {
  std::size_t end = comparison.entries.size();
  if (target) {
    const MigrationEntry* found = findEntry(comparison, *target);
    if (found == nullptr || found->file == nullptr) {
      return Error(ErrorCode::Usage, "--target " + *target + ": no such migration in the folder",
                   "name it by its folder or file name (20240101000000_init), its version or its name");
    }
    end = static_cast<std::size_t>(found - comparison.entries.data()) + 1;
  }
  std::vector<const MigrationEntry*> pending;
  for (std::size_t i = 0; i < end; ++i) {
    if (comparison.entries[i].status == MigrationStatus::Pending) pending.push_back(&comparison.entries[i]);
  }
  return pending;
}

RecordFields recordFields(const std::vector<MigrationFile>& files, const MigrationFile& file, const FilePlan& plan,
                          const std::string& toolVersion) {
  RecordFields fields = migrationFields(files, file);
  fields.statementChecksums = plan.statementChecksums;
  fields.statementsTotal = static_cast<int>(plan.statements.size());
  fields.executionMode = plan.inTransaction                                              ? "transaction"
                         : plan.transactions.mode == ExecutionMode::StatementByStatement ? "statement-by-statement"
                                                                                         : "as-written";
  fields.toolVersion = toolVersion;
  fields.client = clientIdentity();
  return fields;
}

void fill(MigrationReport& migration, const FileOutcome& outcome) {
  migration.statementsRun = outcome.statementsRun;
  migration.statementsCommitted = outcome.statementsCommitted;
  migration.durationMs = outcome.durationMs;
  migration.lockWaitMs = outcome.lockWaitMs;
  migration.blockers = outcome.blockers;
  migration.attempts = outcome.attempts;
  migration.lockWaits = outcome.lockWaits;
  migration.cleanedUp = outcome.cleanedUp;
  migration.failure = outcome.failure;
  migration.residue = outcome.residue;
  migration.notices = outcome.notices;
}

// A failure the whole migration is run again for: a lock timeout that left nothing
// behind, and that the executor did not already retry statement by statement.
bool retriableWhole(const FileOutcome& outcome) {
  return outcome.result == FileResult::FailedClean && outcome.failure && outcome.failure->kind == "lock timeout" &&
         !outcome.retriesSpent && !interruptRequested();
}

class Deployer {
 public:
  Deployer(const DeployOptions& options, const ConnectionSettings& settings, RunObserver& observer)
      : options_(options), settings_(settings), observer_(observer) {}

  RunReport run() {
    auto start = Clock::now();
    report_.startedAt = utcNow();
    report_.dryRun = options_.dryRun;
    txMode_ = options_.txMode.value_or(TxMode::PerMigration);
    report_.txMode = std::string(config::spell(txMode_));
    report_.lockTimeout = options_.execution.lockTimeout;
    report_.lockRetries = options_.execution.lockRetry.retries;
    report_.lockRetryDelay = options_.execution.lockRetry.firstDelay;
    report_.statementTimeout = options_.execution.statementTimeout;
    report_.dir = displayPath(options_.project.dir);
    report_.snapshot = options_.snapshot != nullptr ? options_.snapshot->describe() : "no snapshot";
    report_.database = settings_.describe();
    execute();
    report_.durationMs = millisecondsSince(start);
    return std::move(report_);
  }

 private:
  void execute() {
    DatabaseTarget target = databaseTarget(settings_);
    auto project = loadProject(options_.project, target.schema);
    if (!project) return finish(report_, project.takeError(), RunOutcome::Refused);
    project_ = std::move(*project);
    if (auto runnable = checkRunnable(project_.files, FilesRun::ForwardAndRollback); !runnable) {
      return finish(report_, runnable.takeError(), RunOutcome::Refused);
    }
    report_.layout = std::string(project_.set->format->name());
    report_.historyTable = project_.history->table().display();
    report_.lockKey = project_.lockKey;
    if (!options_.txMode && project_.set->format->traits().sharedTransaction) {
      txMode_ = TxMode::All;
      report_.txMode = std::string(config::spell(txMode_));
    }

    auto connected = connectRunner(settings_, "sluice deploy");
    if (!connected) return finish(report_, connected.takeError(), RunOutcome::Unreachable);
    connected_.emplace(std::move(*connected));
    PgSession& session = connected_->session;
    report_.serverVersion = session.serverVersionText();
    report_.databaseUser = session.user();

    if (auto readable = historyReadable(project_, session); !readable) {
      return finish(report_, readable.takeError(), RunOutcome::Refused);
    }
    // A first look without the lock: enough for the plan, the lint gate and a dry run.
    auto records = project_.history->read(session);
    if (!records) return finish(report_, records.takeError(), RunOutcome::Refused);
    records_ = std::move(*records);
    comparison_ = compareHistory(project_.files, records_, project_.history.get());
    if (auto problem = historyProblems(comparison_, project_, options_, report_)) {
      return finish(report_, std::move(*problem), RunOutcome::Refused);
    }
    auto pending = pendingEntries(comparison_, options_.target);
    if (!pending) return finish(report_, pending.takeError(), RunOutcome::Refused);
    report_.alreadyApplied = comparison_.applied;
    if (pending->empty()) {
      report_.outcome = RunOutcome::UpToDate;
      report_.snapshot = "none (nothing to apply)";
      observer_.planned(report_);
      return;
    }
    if (!plan(*pending)) return;
    if (!lintGate(*pending)) {
      observer_.planned(report_);
      return;
    }
    observer_.planned(report_);
    if (options_.dryRun) {
      report_.outcome = RunOutcome::Planned;
      return;
    }

    auto locked = acquireMigrationLock(session, project_.lockKey, options_.lockWait, [&](const std::string& holder) {
      observer_.note("waiting for the migration lock, held by " + holder);
    });
    if (!locked) return finish(report_, locked.takeError(), RunOutcome::LockNotObtained);
    report_.lockWaitMs = static_cast<double>(locked->waited.count());
    applyUnderLock();
    if (connected_->session.connected()) releaseMigrationLock(connected_->session, project_.lockKey);
  }

  // Plans the pending files; false (with the report finished) when --tx-mode all cannot be.
  bool plan(const std::vector<const MigrationEntry*>& pending) {
    int major = connected_->session.serverVersion() / 10000;
    plans_.clear();
    report_.migrations.clear();
    std::vector<std::string> outside;
    for (const MigrationEntry* entry : pending) {
      const MigrationFile& file = *entry->file;
      MigrationPart part{file.text, file.execution, file.lines};
      plans_.push_back(planFile(part, displayPath(file.migration->forward), major));
      const FilePlan& filePlan = plans_.back();
      MigrationReport migration;
      migration.id = entry->id;
      migration.mode = filePlan.description;
      migration.reason = filePlan.reason;
      if (filePlan.lines.begin != 0) migration.source = filePlan.source();
      migration.statements = static_cast<int>(filePlan.statements.size());
      report_.migrations.push_back(std::move(migration));
      if (!filePlan.inTransaction) outside.push_back(entry->id + " (" + filePlan.reason + ")");
      pending_.push_back(entry->id);
    }
    if (txMode_ == TxMode::All && !outside.empty()) {
      finish(report_,
             Error(ErrorCode::Usage,
                   "--tx-mode all runs every pending migration in one transaction, but " + join(outside, ", ") +
                       (outside.size() == 1 ? " cannot run in a transaction" : " cannot run in transactions"),
                   "deploy with the default --tx-mode per-migration, or deploy up to the migration before it with "
                   "--target"),
             RunOutcome::Refused);
      return false;
    }
    return true;
  }

  bool lintGate(const std::vector<const MigrationEntry*>& pending) {
    if (!options_.lintGate) return true;
    std::vector<std::string> ids;
    for (const MigrationEntry* entry : pending) {
      if (!linted_.contains(entry->id)) ids.push_back(entry->id);
    }
    if (ids.empty()) return true;
    LintGateResult result = options_.lintGate(*project_.set, ids);
    linted_.insert(ids.begin(), ids.end());
    report_.lintErrors += result.errors;
    report_.lintWarnings += result.warnings;
    if (result.error) {
      finish(report_, std::move(*result.error), RunOutcome::Refused);
      return false;
    }
    if (result.blocked) {
      report_.outcome = RunOutcome::LintFailed;
      report_.exitCode = ExitCode::Findings;
      report_.error = Error(ErrorCode::Input,
                            "the lint gate stopped the deploy: " + std::to_string(result.errors) + " error" +
                                (result.errors == 1 ? "" : "s") + " in the pending migrations",
                            "fix the findings above (or suppress one with a `-- sluice:ignore rule` comment that "
                            "says why); --no-lint-gate deploys without linting");
      return false;
    }
    return true;
  }

  void applyUnderLock() {
    PgSession& session = connected_->session;
    if (auto created = project_.history->create(session); !created) {
      return finish(report_, created.takeError(), RunOutcome::Refused);
    }
    // The authoritative look: another deploy may have run while this one waited.
    auto records = project_.history->read(session);
    if (!records) return finish(report_, records.takeError(), RunOutcome::Refused);
    records_ = std::move(*records);
    comparison_ = compareHistory(project_.files, records_, project_.history.get());
    report_.warnings.clear();
    if (auto problem = historyProblems(comparison_, project_, options_, report_)) {
      return finish(report_, std::move(*problem), RunOutcome::Refused);
    }
    auto pending = pendingEntries(comparison_, options_.target);
    if (!pending) return finish(report_, pending.takeError(), RunOutcome::Refused);
    report_.alreadyApplied = comparison_.applied;
    std::vector<std::string> ids;
    for (const MigrationEntry* entry : *pending) ids.push_back(entry->id);
    if (ids.empty()) {
      report_.migrations.clear();
      report_.outcome = RunOutcome::UpToDate;
      observer_.note("nothing to apply: another deploy applied the pending migrations while this one waited");
      return;
    }
    if (ids != pending_) {
      pending_.clear();
      if (!plan(*pending) || !lintGate(*pending)) return;
      observer_.planned(report_);
    }

    if (options_.snapshot != nullptr && options_.snapshot->enabled()) {
      SnapshotRequest request = snapshotRequest();
      request.progress = progressOf("taking the snapshot");
      auto taken = options_.snapshot->take(request);
      if (!taken) return finish(report_, taken.takeError(), RunOutcome::Refused);
      report_.snapshotTaken = *taken;
      observer_.note((taken->lsn.empty() ? "snapshot " : "restore point ") + taken->id + " taken: " + taken->path);
      commitsAtSnapshot_ = databaseCommits();
    }

    monitor_.emplace(connected_->target.settings, session.backendPid());
    ExecutionSettings execution = options_.execution;
    execution.sessionSetup = connected_->sessionSetup;
    Executor executor(session, *monitor_, execution, &observer_);
    executor_ = &executor;
    if (txMode_ == TxMode::All) {
      applyAll(executor, *pending);
    } else {
      applyEach(executor, *pending);
    }
    executor_ = nullptr;
  }

  // pg_stat_database.xact_commit of the database now (fresh, not the transaction's
  // cached statistics); unset when unreadable.
  std::optional<std::int64_t> databaseCommits() {
    SqlResult result = connected_->session.exec(
        "SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = "
        "current_database()");
    if (!result.ok() || result.rows() != 1) return std::nullopt;
    return std::stoll(result.value(0, 0));
  }

  // Transactions other sessions committed since the snapshot: the database's count less
  // sluice's own (the runner's and the lock monitor's sessions). An estimate: the server
  // publishes its counts with up to a second's delay, and statements such as CREATE
  // INDEX CONCURRENTLY commit several transactions internally.
  std::optional<std::int64_t> otherCommitsSinceSnapshot() {
    if (!commitsAtSnapshot_) return std::nullopt;
    // The reading after the snapshot is one more of sluice's own.
    std::int64_t own = 1;
    if (executor_ != nullptr) own += static_cast<std::int64_t>(executor_->transactionsCommitted());
    if (monitor_) own += static_cast<std::int64_t>(monitor_->transactionsCommitted());
    std::optional<std::int64_t> now = databaseCommits();
    if (!now) return std::nullopt;
    return std::max<std::int64_t>(0, *now - *commitsAtSnapshot_ - own);
  }

  SnapshotRequest snapshotRequest() const {
    SnapshotRequest request;
    request.settings = &connected_->target.settings;
    request.historyTable = project_.history->table().display();
    request.historySchema = project_.history->table().schema;
    request.historyName = project_.history->table().table;
    for (const MigrationEntry& entry : comparison_.entries) {
      if (entry.status == MigrationStatus::Applied) request.appliedMigrations.push_back(entry.id);
    }
    request.pendingMigrations = pending_;
    return request;
  }

  // The snapshot's progress reports, with the time since the step began, for the observer.
  std::function<void(const std::string&)> progressOf(std::string what) {
    return [this, what = std::move(what), start = Clock::now()](const std::string& status) {
      observer_.working(what, status, std::chrono::milliseconds(static_cast<std::int64_t>(millisecondsSince(start))));
    };
  }

  void applyEach(Executor& executor, const std::vector<const MigrationEntry*>& pending) {
    std::vector<std::size_t> applied;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      MigrationReport& migration = report_.migrations[i];
      observer_.started(migration);
      const MigrationFile& file = *pending[i]->file;
      HistoryActions actions = project_.history->applyActions(
          connected_->session, recordFields(project_.files, file, plans_[i], options_.toolVersion));
      FileOutcome outcome = runRetrying(executor, plans_[i], actions);
      if (outcome.result == FileResult::InDoubt) settle(outcome, i);
      fill(migration, outcome);
      if (outcome.result == FileResult::Done) {
        migration.status = MigrationOutcome::Applied;
        observer_.finished(migration);
        applied.push_back(i);
        continue;
      }
      migration.status =
          outcome.result == FileResult::FailedPartial ? MigrationOutcome::Partial : MigrationOutcome::Failed;
      observer_.finished(migration);
      for (std::size_t j = i + 1; j < pending.size(); ++j) report_.migrations[j].status = MigrationOutcome::NotRun;
      handleFailure(i, outcome, applied);
      return;
    }
    report_.outcome = RunOutcome::Applied;
  }

  // A migration whose COMMIT answer was lost becomes Done when the history shows it
  // committed, or FailedClean when it shows the server rolled it back (as after any
  // failed COMMIT); it stays InDoubt when no new session can tell.
  void settle(FileOutcome& outcome, std::size_t index) {
    const std::string& id = report_.migrations[index].id;
    switch (settleLostCommit({index})) {
      case CommitFate::Committed:
        observer_.note(id + " is recorded in " + project_.history->table().display() +
                       ": its COMMIT took effect before the connection was lost");
        outcome.result = FileResult::Done;
        outcome.statementsCommitted = outcome.statementsTotal;
        outcome.failure.reset();
        return;
      case CommitFate::RolledBack:
        observer_.note(id + " is not recorded in " + project_.history->table().display() +
                       ": the server rolled it back when the connection was lost");
        outcome.result = FileResult::FailedClean;
        return;
      case CommitFate::Unknown: return;
    }
  }

  // Runs a migration, and again after a lock timeout (the transaction rolled back, so
  // nothing of it remains) while retries remain, backing off.
  FileOutcome runRetrying(Executor& executor, const FilePlan& plan, const HistoryActions& actions) {
    const LockRetryPolicy& policy = options_.execution.lockRetry;
    int attempts = 0;
    std::vector<LockTimeoutWait> waits;
    for (int retry = 0;; ++retry) {
      FileOutcome outcome = executor.run(plan, actions);
      attempts += outcome.attempts;
      waits.insert(waits.end(), outcome.lockWaits.begin(), outcome.lockWaits.end());
      bool again = retriableWhole(outcome);
      if (again) waits.push_back(lockWaitOf(*outcome.failure, retry + 1));
      if (again && retry < policy.retries) {
        std::chrono::milliseconds delay = policy.delayBefore(retry + 1);
        observer_.retryingAfterLockTimeout(waits.back(), policy.retries + 1, delay);
        again = sleepUnlessInterrupted(delay);
      } else {
        again = false;
      }
      if (!again) {
        outcome.attempts = attempts;
        outcome.lockWaits = std::move(waits);
        return outcome;
      }
    }
  }

  void applyAll(Executor& executor, const std::vector<const MigrationEntry*>& pending) {
    if (auto begun = executor.beginShared(); !begun) return finish(report_, begun.takeError(), RunOutcome::Failed);
    for (std::size_t i = 0; i < pending.size(); ++i) {
      MigrationReport& migration = report_.migrations[i];
      observer_.started(migration);
      HistoryActions actions = project_.history->applyActions(
          connected_->session, recordFields(project_.files, *pending[i]->file, plans_[i], options_.toolVersion));
      FileOutcome outcome = executor.runInShared(plans_[i], actions);
      fill(migration, outcome);
      if (outcome.result == FileResult::Done) {
        migration.status = MigrationOutcome::Applied;
        observer_.finished(migration);
        continue;
      }
      executor.rollback();
      report_.recovery.action = RecoveryAction::Rollback;
      migration.status = MigrationOutcome::Failed;
      observer_.finished(migration);
      for (std::size_t j = 0; j < i; ++j) report_.migrations[j].status = MigrationOutcome::RolledBack;
      for (std::size_t j = i + 1; j < pending.size(); ++j) report_.migrations[j].status = MigrationOutcome::NotRun;
      report_.state =
          "every migration of this deploy ran in one transaction, which was rolled back: the database "
          "and its history are exactly as before";
      return finish(
          report_,
          Error(ErrorCode::MigrationFailed,
                "migration " + migration.id + " failed: " + describeFailure(*outcome.failure) + "\n  " + report_.state,
                "fix the migration (or what blocked it) and deploy again"),
          RunOutcome::Failed);
    }
    FileOutcome committed = executor.commitShared();
    if (committed.result == FileResult::Done) {
      report_.outcome = RunOutcome::Applied;
      return;
    }
    CommitFate fate = CommitFate::RolledBack;
    if (committed.result == FileResult::InDoubt) {
      std::vector<std::size_t> all(pending.size());
      std::iota(all.begin(), all.end(), std::size_t{0});
      fate = settleLostCommit(all);
      if (fate == CommitFate::Committed) {
        observer_.note("every migration of the shared transaction is recorded in " +
                       project_.history->table().display() + ": its COMMIT took effect before the connection was lost");
        report_.outcome = RunOutcome::Applied;
        return;
      }
    }
    for (MigrationReport& migration : report_.migrations) migration.status = MigrationOutcome::Failed;
    if (fate == CommitFate::Unknown) {
      report_.state =
          "the connection was lost during the COMMIT of the shared transaction: either every pending "
          "migration is applied and recorded, or none is, and no new session could tell which (" +
          unsettled_ + ")";
      return finish(report_,
                    Error(ErrorCode::Unrecoverable,
                          "COMMIT failed: " + describeFailure(*committed.failure) + "\n  " + report_.state,
                          "run `sluice status` to see which; then deploy again"),
                    RunOutcome::Failed);
    }
    report_.recovery.action = RecoveryAction::Rollback;
    report_.state = committed.result == FileResult::InDoubt
                        ? "the connection was lost during the COMMIT of the shared transaction, and a new session "
                          "finds none of it recorded: the server rolled it back, so the database and its history are "
                          "exactly as before"
                        : "the shared transaction was rolled back: the database and its history are exactly as before";
    finish(report_,
           Error(ErrorCode::MigrationFailed,
                 "COMMIT failed: " + describeFailure(*committed.failure) + "\n  " + report_.state,
                 "fix the cause (a deferred constraint, a serialization failure) and deploy again"),
           RunOutcome::Failed);
  }

  // For failures sluice does not undo itself: how to go back to the snapshot by hand.
  std::string snapshotAdvice() const {
    if (!report_.snapshotTaken || options_.snapshot->restoreCommand(*report_.snapshotTaken).empty()) return {};
    return "; to go back to the database as before this deploy, restore snapshot " + report_.snapshotTaken->id + ": " +
           options_.snapshot->restoreCommand(*report_.snapshotTaken);
  }

  std::string appliedBeforeThisDeploy() const {
    std::string last;
    for (const MigrationEntry& entry : comparison_.entries) {
      if (entry.status == MigrationStatus::Applied) last = entry.id;
    }
    return last;
  }

  // A new session after the old one was lost, holding the migration lock again; the
  // reason why not, or empty. Until then no other deploy runs: one that starts finds the
  // migration recorded as running, and stops.
  std::string reconnect(const std::string& purpose) {
    const std::string wait = formatDuration(Duration(options_.reconnectWait));
    observer_.note("the connection was lost: reconnecting (for up to " + wait + ") to " + purpose);
    auto deadline = Clock::now() + options_.reconnectWait;
    while (true) {
      auto connected = connectRunner(settings_, "sluice deploy");
      if (connected) {
        auto locked = acquireMigrationLock(connected->session, project_.lockKey, kRelockWait);
        if (!locked) return "reconnected, but " + locked.error().message;
        connected_->session = std::move(connected->session);
        connected_->sessionSetup = std::move(connected->sessionSetup);
        if (monitor_) monitor_->watch(connected_->session.backendPid());
        observer_.note("reconnected");
        return {};
      }
      if (Clock::now() >= deadline || interruptRequested()) {
        return "could not reconnect within " + wait + ": " + oneLine(connected.error().message, 400);
      }
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
          std::chrono::seconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now())));
    }
  }

  // The COMMIT of these migrations was sent and its answer lost. Their history rows are
  // written in that same transaction, so a new session that finds them all recorded knows
  // it committed, and one that finds none knows the server rolled it back. Unknown (with
  // the reason in unsettled_) when no new session can be had or the history cannot tell.
  CommitFate settleLostCommit(const std::vector<std::size_t>& indexes) {
    if (std::string gone = reconnect("learn whether the COMMIT took effect"); !gone.empty()) {
      unsettled_ = gone;
      return CommitFate::Unknown;
    }
    auto records = project_.history->read(connected_->session);
    if (!records) {
      unsettled_ = "reading " + project_.history->table().display() + " failed: " + records.error().message;
      return CommitFate::Unknown;
    }
    HistoryComparison now = compareHistory(project_.files, *records, project_.history.get());
    std::size_t recorded = 0;
    for (std::size_t index : indexes) {
      const MigrationEntry* entry = findEntry(now, report_.migrations[index].id);
      if (entry != nullptr && entry->status == MigrationStatus::Applied) ++recorded;
    }
    if (recorded == indexes.size()) return CommitFate::Committed;
    if (recorded == 0) return CommitFate::RolledBack;
    unsettled_ = project_.history->table().display() + " records " + std::to_string(recorded) + " of the " +
                 std::to_string(indexes.size()) + " migrations of the transaction";
    return CommitFate::Unknown;
  }

  // Records a migration that stopped half-way when the connection was lost, once a new
  // session is there: failed, with what is committed (what the executor could not write).
  void recordLostMigration(std::size_t index, FileOutcome& outcome) {
    const MigrationEntry* entry = findEntry(comparison_, report_.migrations[index].id);
    if (entry == nullptr || entry->file == nullptr) return;
    HistoryActions actions = project_.history->applyActions(
        connected_->session, recordFields(project_.files, *entry->file, plans_[index], options_.toolVersion));
    std::string log = "sluice: the connection was lost during statement " +
                      std::to_string(outcome.failure->statement + 1) + "; statements 1-" +
                      std::to_string(outcome.statementsCommitted) + " of " + std::to_string(outcome.statementsTotal) +
                      " committed";
    SqlResult recorded = connected_->session.exec(actions.markFailed(outcome.statementsCommitted, log));
    outcome.historyProblem = recorded.ok() ? std::string() : recorded.error().summary();
  }

  void handleFailure(std::size_t index, const FileOutcome& lost, const std::vector<std::size_t>& applied) {
    FileOutcome outcome = lost;
    std::string gone;  // why the connection could not be had again
    if (!connected_->session.connected() && outcome.result != FileResult::InDoubt) {
      gone = reconnect("record the failure and carry out --on-failure");
      if (gone.empty() && outcome.result == FileResult::FailedPartial) recordLostMigration(index, outcome);
    }
    const MigrationReport& failed = report_.migrations[index];
    // What was done so far; a restore or an undo of this deploy below says so instead.
    report_.recovery.action = !outcome.cleanedUp.empty() ? RecoveryAction::Cleanup
                              : outcome.result == FileResult::FailedClean && plans_[index].inTransaction
                                  ? RecoveryAction::Rollback
                                  : RecoveryAction::None;
    std::string table = project_.history->table().display();
    std::string what = "migration " + failed.id + " failed: " + describeFailure(*outcome.failure);
    std::vector<std::string> appliedIds;
    for (std::size_t i : applied) appliedIds.push_back(report_.migrations[i].id);
    std::size_t notRun = report_.migrations.size() - index - 1;
    std::string earlier = appliedIds.empty() ? std::string()
                                             : " Before it, this deploy applied and recorded " +
                                                   listMigrations(appliedIds) + ", which remain applied.";
    std::string later = notRun == 0 ? std::string()
                                    : " " + std::to_string(notRun) + " later migration" +
                                          (notRun == 1 ? " was" : "s were") + " not run.";

    if (outcome.result == FileResult::InDoubt) {
      report_.state = "the connection was lost while " + failed.id + " was committing: it is applied if and only if " +
                      table + " records it (the record is written in the same transaction), and no new session " +
                      "could tell (" + unsettled_ + "), so --on-failure was not carried out." + earlier;
      return finish(report_,
                    Error(ErrorCode::Unrecoverable, what + "\n  " + report_.state,
                          "run `sluice status` to see whether it is applied, then deploy again" + snapshotAdvice()),
                    RunOutcome::Failed);
    }
    if (outcome.result == FileResult::FailedPartial && report_.snapshotTaken && options_.onFailure != OnFailure::Keep &&
        connected_->session.connected()) {
      // A migration outside a transaction stopped half-way: its own rollback file does
      // not expect half of it, so `rollback` restores the snapshot too.
      std::string partial = failed.id + " runs outside a transaction (" + failed.reason +
                            ") and stopped at statement " + std::to_string(outcome.failure->statement + 1) + " with " +
                            std::to_string(outcome.statementsCommitted) + " statement" +
                            (outcome.statementsCommitted == 1 ? "" : "s") + " committed." + earlier + later;
      return restoreFromSnapshot(what, applied, index, partial);
    }
    if (outcome.result == FileResult::FailedPartial) {
      int committed = outcome.statementsCommitted;
      std::string done = committed == 0
                             ? "no statement of it is committed"
                             : "statements 1-" + std::to_string(committed) + " (" + std::to_string(committed) + " of " +
                                   std::to_string(outcome.statementsTotal) + ") are committed and remain";
      // goose's, dbmate's, Drizzle's and sqitch's tables keep no failed state: as with the
      // tool itself, nothing stops the next deploy from running the file again from the top.
      std::string recorded = project_.history->recordsFailures()
                                 ? " It is recorded as failed in " + table +
                                       ", which stops every deploy until it is "
                                       "resolved."
                                 : " " + table + " keeps no failed state (as " + std::string(project_.history->tool()) +
                                       " does), so nothing records it: the next deploy would run it again from its "
                                       "first statement.";
      report_.state =
          failed.id + " runs outside a transaction (" + failed.reason + "): " + done + "; statement " +
          std::to_string(outcome.failure->statement + 1) + " failed." + recorded +
          (outcome.cleanedUp.empty()
               ? ""
               : " The INVALID index " + join(outcome.cleanedUp, ", ") + " it left was dropped.") +
          (outcome.residue.empty() ? "" : " Also: " + outcome.residue + ".") +
          (outcome.historyProblem.empty() ? "" : " Recording it failed: " + outcome.historyProblem + ".") +
          (gone.empty() ? "" : " The connection is gone (" + gone + "), so --on-failure was not carried out.") +
          earlier + later;
      std::string undo = committed == 0 ? std::string("clean up what the failed statement left")
                                        : "undo statements 1-" + std::to_string(committed);
      std::string hint = project_.history->recordsFailures()
                             ? "finish " + failed.id + " by hand (run its remaining statements) and run `sluice " +
                                   "resolve --applied " + failed.id + "`, or " + undo + " by hand and run `sluice " +
                                   "resolve --rolled-back " + failed.id + "`; then `sluice deploy`"
                             : "finish " + failed.id + " by hand (run its remaining statements) and run `sluice " +
                                   "resolve --applied " + failed.id + "`, or " + undo +
                                   " by hand; then `sluice deploy`";
      return finish(report_, Error(ErrorCode::Unrecoverable, what + "\n  " + report_.state, hint + snapshotAdvice()),
                    RunOutcome::Failed);
    }
    // FailedClean: nothing of the failed migration remains.
    std::string rolledBack = failed.id + " was rolled back completely, its history record included.";
    if (!outcome.cleanedUp.empty()) {
      rolledBack = failed.id + " left nothing behind: the INVALID index" +
                   (outcome.cleanedUp.size() == 1 ? " " : "es ") + join(outcome.cleanedUp, ", ") +
                   " its failed statement left " + (outcome.cleanedUp.size() == 1 ? "was" : "were") +
                   " dropped, and its history record removed.";
    }
    if (applied.empty()) {
      report_.state = rolledBack + " Nothing else was changed: the database is as before this deploy." + later;
      return finish(report_,
                    Error(ErrorCode::MigrationFailed, what + "\n  " + report_.state,
                          "fix the migration (or what blocked it) and deploy again"),
                    RunOutcome::Failed);
    }
    if (!connected_->session.connected()) {
      report_.state =
          rolledBack + earlier + later + " The connection is gone (" + gone + "), so --on-failure was not carried out.";
      return finish(report_,
                    Error(ErrorCode::Unrecoverable, what + "\n  " + report_.state,
                          "check the server, then `sluice status` and deploy again" + snapshotAdvice()),
                    RunOutcome::Failed);
    }
    if (options_.onFailure == OnFailure::Restore && report_.snapshotTaken) {
      return restoreFromSnapshot(what, applied, index, rolledBack + earlier + later);
    }
    if (options_.onFailure == OnFailure::Rollback) {
      if (rollBackThisDeploy(applied, index, what, rolledBack, later)) return;
    }
    std::string before = appliedBeforeThisDeploy();
    std::string undo = before.empty() ? "`sluice rollback --steps " + std::to_string(applied.size()) + "`"
                                      : "`sluice rollback --to " + before + "`";
    std::string why = options_.onFailure == OnFailure::Keep      ? " (--on-failure keep)"
                      : options_.onFailure == OnFailure::Restore ? " No snapshot was taken, so sluice cannot put "
                                                                   "the database back as it was before this deploy."
                                                                 : "";
    report_.state = rolledBack + earlier + later + why;
    finish(report_,
           Error(ErrorCode::Unrecoverable, what + "\n  " + report_.state,
                 "the database is consistent at " + appliedIds.back() + ": fix " + failed.id +
                     " and run `sluice deploy` to continue from there, or run " + undo +
                     " to return to the state before this deploy" + snapshotAdvice()),
           RunOutcome::Failed);
  }

  // Puts the database back to the snapshot taken before this deploy, and finishes the
  // report: exit 4 when the restore worked, 5 with the command to retry when it did not.
  // `happened` says what the failure left, for the case where the restore fails.
  void restoreFromSnapshot(const std::string& what, const std::vector<std::size_t>& applied, std::size_t failedIndex,
                           const std::string& happened) {
    const SnapshotRef& taken = *report_.snapshotTaken;
    if (auto advice = options_.snapshot->manualRecovery(taken)) {
      report_.state = happened + " Restore point " + taken.id + " (LSN " + taken.lsn + ") was created before it.";
      return finish(report_, Error(ErrorCode::Unrecoverable, what + "\n  " + report_.state, *advice),
                    RunOutcome::Failed);
    }
    observer_.note("restoring snapshot " + taken.id + " (taken before this deploy)");
    auto start = Clock::now();
    // A second Ctrl-C ends sluice during the restore; it must still say where the
    // database is (the restore is one transaction: the dropped connection rolls it back).
    std::string retry = options_.snapshot->restoreCommand(taken);
    std::string state = happened;
    std::replace(state.begin(), state.end(), '\n', ' ');
    RecoveryScope recovering(
        "sluice: interrupted during the restore of snapshot " + taken.id +
        ": the restore is rolled back, so the database is as the failed deploy left it (" + std::string(trim(state)) +
        ")" + (retry.empty() ? std::string(" and the temporary snapshot is gone") : "; restore it with: " + retry));
    report_.recovery.action = RecoveryAction::Restore;
    report_.recovery.snapshotTakenAt = taken.takenAt;
    report_.recovery.otherCommits = otherCommitsSinceSnapshot();
    SnapshotRequest request = snapshotRequest();
    request.progress = progressOf("restoring snapshot " + taken.id);
    Status restored = options_.snapshot->restore(request, taken);
    if (restored) {
      for (std::size_t i : applied) report_.migrations[i].status = MigrationOutcome::RolledBack;
      if (report_.migrations[failedIndex].status == MigrationOutcome::Partial)
        report_.migrations[failedIndex].status = MigrationOutcome::Failed;
      observer_.note("snapshot " + taken.id + " restored in " + humanDuration(millisecondsSince(start) / 1000.0));
      // A restore goes back to a moment, not to "before this deploy": whatever other
      // sessions wrote between the snapshot and the failure is gone too.
      report_.state =
          "snapshot " + taken.id + " (" + taken.path + "), taken at " +
          (taken.takenAt.empty() ? std::string("the start of this deploy") : taken.takenAt) +
          " just before this deploy's first migration, was restored: the database, its history table "
          "included, is back at that moment, and writes other sessions made after it were discarded" +
          (report_.recovery.otherCommits ? " (about " + std::to_string(*report_.recovery.otherCommits) +
                                               " transaction" + (*report_.recovery.otherCommits == 1 ? "" : "s") + ")"
                                         : std::string());
      return finish(report_,
                    Error(ErrorCode::MigrationFailed, what + "\n  " + report_.state,
                          "fix the migration (or what blocked it) and deploy again"),
                    RunOutcome::Failed);
    }
    const Error& error = restored.error();
    // A restore is one transaction: unless its COMMIT was lost, the failure left the
    // database as the failed deploy had left it.
    std::string now = error.code == ErrorCode::Unrecoverable
                          ? std::string()
                          : " The restore is all or nothing: the database is still as the failure left it.";
    if (error.message.find("the restore was rolled back") != std::string::npos) {
      now = " The database is still as the failure left it.";
    }
    report_.state = happened + " Restoring snapshot " + taken.id + " failed: " + error.message + "." + now;
    std::string then = retry.empty() ? std::string(" (the snapshot was temporary and is gone with this run)")
                                     : ", then retry it with: " + retry;
    finish(
        report_,
        Error(ErrorCode::Unrecoverable, what + "\n  " + report_.state + "\n  snapshot: " + taken.path,
              "fix what stopped the restore" + (error.hint.empty() ? std::string() : " (" + error.hint + ")") + then),
        RunOutcome::Failed);
  }

  // --on-failure rollback: undoes this deploy's migrations with their rollback files;
  // when that is impossible or a rollback file fails, falls back to the snapshot.
  // Returns false when neither happened (the caller reports what remains).
  bool rollBackThisDeploy(const std::vector<std::size_t>& applied, std::size_t failedIndex, const std::string& what,
                          const std::string& rolledBack, const std::string& later) {
    auto fallBack = [&](const std::string& why) {
      if (!report_.snapshotTaken) return false;
      report_.warnings.push_back(why + "; restoring the snapshot instead");
      restoreFromSnapshot(what, applied, failedIndex, rolledBack + later + " Then " + why + ".");
      return true;
    };
    auto records = project_.history->read(connected_->session);
    if (!records) return fallBack("cannot read the history for --on-failure rollback: " + records.error().message);
    records_ = std::move(*records);
    comparison_ = compareHistory(project_.files, records_, project_.history.get());
    std::vector<const MigrationEntry*> entries;
    for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
      const MigrationEntry* entry = findEntry(comparison_, report_.migrations[*it].id);
      if (entry == nullptr || entry->status != MigrationStatus::Applied) {
        return fallBack("--on-failure rollback: " + report_.migrations[*it].id + " is not recorded as applied");
      }
      entries.push_back(entry);
    }
    std::string problems = rollbackProblems(entries);
    if (!problems.empty()) {
      if (fallBack("--on-failure rollback is not possible: " + problems)) return true;
      report_.warnings.push_back("--on-failure rollback is not possible: " + problems);
      return false;
    }
    RunReport undoReport;
    UndoResult undone =
        undoMigrations(*connected_, project_, entries, options_.execution, options_.toolVersion, undoReport, observer_);
    if (!undone.complete) {
      std::string stopped = "undoing this deploy's migrations with their rollback files stopped at " + undone.failedId +
                            " (" +
                            (undoReport.migrations.empty() || !undoReport.migrations.back().failure
                                 ? std::string("failed")
                                 : describeFailure(*undoReport.migrations.back().failure)) +
                            ")";
      if (connected_->session.connected() && fallBack(stopped)) return true;
      report_.state = rolledBack + " U" + stopped.substr(1) + "." + later;
      finish(report_,
             Error(ErrorCode::Unrecoverable, what + "\n  " + report_.state,
                   "run `sluice status` to see what is applied now, then fix and deploy again"),
             RunOutcome::Failed);
      return true;
    }
    for (std::size_t i : applied) report_.migrations[i].status = MigrationOutcome::RolledBack;
    report_.recovery.action = RecoveryAction::Rollback;
    report_.state = rolledBack +
                    " The migrations this deploy had applied were undone with their rollback files, newest first: "
                    "the database is as before this deploy." +
                    later;
    finish(report_,
           Error(ErrorCode::MigrationFailed, what + "\n  " + report_.state, "fix the migration and deploy again"),
           RunOutcome::Failed);
    return true;
  }

  const DeployOptions& options_;
  const ConnectionSettings& settings_;
  RunObserver& observer_;
  RunReport report_;
  Project project_;
  std::optional<Connected> connected_;
  std::vector<HistoryRecord> records_;
  HistoryComparison comparison_;
  std::string unsettled_;  // why a COMMIT whose answer was lost could not be settled
  std::vector<FilePlan> plans_;
  TxMode txMode_ = TxMode::PerMigration;
  std::vector<std::string> pending_;
  std::set<std::string> linted_;
  std::optional<LockMonitor> monitor_;
  std::optional<std::int64_t> commitsAtSnapshot_;
  const Executor* executor_ = nullptr;  // while migrations run
};

}  // namespace

RunReport deploy(const DeployOptions& options, const ConnectionSettings& settings, RunObserver& observer) {
  return Deployer(options, settings, observer).run();
}

}  // namespace sluice
