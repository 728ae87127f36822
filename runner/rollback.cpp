#include "runner/rollback.hpp"

#include "common/file_io.hpp"
#include "common/sql_file.hpp"
#include "common/text.hpp"
#include "linter/layout.hpp"
#include "linter/parser.hpp"
#include "runner/advisory_lock.hpp"
#include "runner/plan.hpp"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

std::string displayPath(const std::filesystem::path& path) { return path.lexically_normal().string(); }

bool hasStatements(const std::string& text) {
  ParsedSql parsed = parseSql(text);
  for (const Statement& statement : parsed.statements) {
    if (statement.depth == 0) return true;
  }
  return false;
}

}  // namespace

std::string rollbackProblems(const std::vector<const MigrationEntry*>& entries) {
  std::vector<std::string> problems;
  for (const MigrationEntry* entry : entries) {
    if (entry->file == nullptr) {
      problems.push_back(entry->id + ": its files are not in the migrations folder");
      continue;
    }
    const Migration& migration = *entry->file->migration;
    if (!migration.rollback) {
      problems.push_back(entry->id + ": no rollback file");
      continue;
    }
    auto part = readMigrationPart(migration, FileRole::Rollback);
    if (!part) {
      problems.push_back(entry->id + ": " + part.error().message);
    } else if (!hasStatements(*part->text)) {
      problems.push_back(entry->id + ": its rollback " +
                         (migration.rollbackInSameFile() ? migration.format->rollbackPlace(migration)
                                                         : "file " + displayPath(*migration.rollback)) +
                         " has no statements");
    }
  }
  return join(problems, "; ");
}

UndoResult undoMigrations(Connected& connected, const Project& project,
                          const std::vector<const MigrationEntry*>& entries, const ExecutionSettings& execution,
                          const std::string& toolVersion, RunReport& report, RunObserver& observer) {
  UndoResult result;
  PgSession& session = connected.session;
  LockMonitor monitor(connected.target.settings, session.backendPid());
  ExecutionSettings settings = execution;
  settings.sessionSetup = connected.sessionSetup;
  Executor executor(session, monitor, settings, &observer);
  int major = session.serverVersion() / 10000;
  for (const MigrationEntry* entry : entries) {
    const Migration& migration = *entry->file->migration;
    auto planned = planMigrationPart(migration, FileRole::Rollback, major);
    MigrationReport item;
    item.id = entry->id;
    if (!planned) {
      item.status = MigrationOutcome::Failed;
      report.migrations.push_back(item);
      result = {false, entry->id, FileResult::FailedClean};
      return result;
    }
    FilePlan& plan = *planned;
    item.mode = plan.description;
    item.reason = plan.reason;
    if (plan.lines.begin != 0) item.source = plan.source();
    item.statements = static_cast<int>(plan.statements.size());
    observer.started(item);
    RecordFields fields = migrationFields(project.files, *entry->file);
    fields.toolVersion = toolVersion;
    fields.client = clientIdentity();
    fields.statementsTotal = item.statements;
    HistoryActions actions = project.history->rollbackActions(session, *entry->record, fields);
    FileOutcome outcome = executor.run(plan, actions);
    item.statementsRun = outcome.statementsRun;
    item.statementsCommitted = outcome.statementsCommitted;
    item.durationMs = outcome.durationMs;
    item.lockWaitMs = outcome.lockWaitMs;
    item.blockers = outcome.blockers;
    item.failure = outcome.failure;
    item.residue = outcome.residue;
    item.notices = outcome.notices;
    item.status = outcome.result == FileResult::Done            ? MigrationOutcome::RolledBack
                  : outcome.result == FileResult::FailedPartial ? MigrationOutcome::Partial
                                                                : MigrationOutcome::Failed;
    observer.finished(item);
    report.migrations.push_back(std::move(item));
    if (outcome.result != FileResult::Done) {
      result = {false, entry->id, outcome.result};
      return result;
    }
  }
  return result;
}

RunReport rollbackMigrations(const RollbackOptions& options, const ConnectionSettings& settings,
                             RunObserver& observer) {
  auto start = Clock::now();
  RunReport report;
  report.command = "rollback";
  report.startedAt = utcNow();
  report.dryRun = options.dryRun;
  report.dir = displayPath(options.project.dir);
  report.lockTimeout = options.execution.lockTimeout;
  report.statementTimeout = options.execution.statementTimeout;
  DatabaseTarget target = databaseTarget(settings);
  report.database = target.settings.describe();
  auto done = [&](RunReport& r) -> RunReport {
    r.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return std::move(r);
  };

  auto project = loadProject(options.project, target.schema);
  if (!project) {
    finish(report, project.takeError(), RunOutcome::Refused);
    return done(report);
  }
  report.layout = std::string(project->set->format->name());
  if (auto runnable = checkRunnable(project->files, FilesRun::RollbackOnly); !runnable) {
    finish(report, runnable.takeError(), RunOutcome::Refused);
    return done(report);
  }
  report.historyTable = project->history->table().display();
  report.lockKey = project->lockKey;
  auto connected = connectRunner(settings, "sluice rollback");
  if (!connected) {
    finish(report, connected.takeError(), RunOutcome::Unreachable);
    return done(report);
  }
  PgSession& session = connected->session;
  report.serverVersion = session.serverVersionText();
  report.databaseUser = session.user();

  if (!options.dryRun) {
    auto locked = acquireMigrationLock(session, project->lockKey, options.lockWait, [&](const std::string& holder) {
      observer.note("waiting for the migration lock, held by " + holder);
    });
    if (!locked) {
      finish(report, locked.takeError(), RunOutcome::LockNotObtained);
      return done(report);
    }
    report.lockWaitMs = static_cast<double>(locked->waited.count());
  }
  auto release = [&] {
    if (!options.dryRun && session.connected()) releaseMigrationLock(session, project->lockKey);
  };

  auto records = project->history->read(session);
  if (!records) {
    finish(report, records.takeError(), RunOutcome::Refused);
    release();
    return done(report);
  }
  HistoryComparison comparison = compareHistory(project->files, *records, project->history.get());
  for (const MigrationEntry& entry : comparison.entries) {
    if (entry.status == MigrationStatus::Failed) {
      finish(report,
             Error(ErrorCode::Unrecoverable,
                   "migration " + entry.id + " is recorded as failed in " + project->history->table().display(),
                   "resolve it first: `sluice resolve --applied " + entry.id + "` or `--rolled-back " + entry.id + "`"),
             RunOutcome::Refused);
      release();
      return done(report);
    }
  }
  std::vector<const MigrationEntry*> applied;
  for (const MigrationEntry& entry : comparison.entries) {
    if (entry.status == MigrationStatus::Applied || entry.status == MigrationStatus::Missing) applied.push_back(&entry);
  }
  report.alreadyApplied = static_cast<int>(applied.size());
  std::vector<const MigrationEntry*> selected;
  if (options.to) {
    const MigrationEntry* keep = findEntry(comparison, *options.to);
    if (keep == nullptr || keep->status != MigrationStatus::Applied) {
      finish(report,
             Error(ErrorCode::Usage, "--to " + *options.to + ": no applied migration of that name",
                   "`sluice status` lists the applied migrations"),
             RunOutcome::Refused);
      release();
      return done(report);
    }
    for (auto it = applied.rbegin(); it != applied.rend() && *it != keep; ++it) selected.push_back(*it);
  } else {
    int steps = options.steps.value_or(1);
    for (auto it = applied.rbegin(); it != applied.rend() && static_cast<int>(selected.size()) < steps; ++it) {
      selected.push_back(*it);
    }
  }
  if (selected.empty()) {
    report.outcome = RunOutcome::UpToDate;
    observer.planned(report);
    release();
    return done(report);
  }
  std::string problems = rollbackProblems(selected);
  if (!problems.empty()) {
    finish(report,
           Error(ErrorCode::Input, "cannot roll back: " + problems + "; nothing was rolled back",
                 "write the missing rollback files, or undo those migrations by hand"),
           RunOutcome::Refused);
    release();
    return done(report);
  }
  for (const MigrationEntry* entry : selected) {
    MigrationReport item;
    item.id = entry->id;
    report.migrations.push_back(item);
  }
  observer.planned(report);
  if (options.dryRun) {
    report.outcome = RunOutcome::Planned;
    return done(report);
  }
  report.migrations.clear();
  UndoResult result =
      undoMigrations(*connected, *project, selected, options.execution, options.toolVersion, report, observer);
  release();
  if (result.complete) {
    report.outcome = RunOutcome::RolledBack;
    return done(report);
  }
  const MigrationReport& failed = report.migrations.back();
  std::vector<std::string> undone;
  for (std::size_t i = 0; i + 1 < report.migrations.size(); ++i) undone.push_back(report.migrations[i].id);
  std::string what = "the rollback of " + failed.id + " failed" +
                     (failed.failure ? ": " + describeFailure(*failed.failure) : std::string());
  std::string earlier = undone.empty() ? std::string()
                                       : " Before it, " + listMigrations(undone) +
                                             " were rolled back and are no longer "
                                             "applied.";
  if (result.failure == FileResult::FailedPartial) {
    report.state = "the rollback file of " + failed.id + " runs outside a transaction: statements 1-" +
                   std::to_string(failed.statementsCommitted) + " of it are committed; " + failed.id +
                   " is recorded as failed." + earlier;
    finish(report,
           Error(ErrorCode::Unrecoverable, what + "\n  " + report.state,
                 "finish or undo the rollback by hand, then `sluice resolve --rolled-back " + failed.id +
                     "` (undone) or `sluice resolve --applied " + failed.id + "` (still applied)"),
           RunOutcome::Failed);
  } else if (undone.empty()) {
    report.state = "the rollback ran in a transaction that was rolled back: nothing changed";
    finish(report, Error(ErrorCode::MigrationFailed, what + "\n  " + report.state, "fix the rollback file and retry"),
           RunOutcome::Failed);
  } else {
    report.state = failed.id + " is still applied (its rollback was rolled back completely)." + earlier;
    finish(report,
           Error(ErrorCode::Unrecoverable, what + "\n  " + report.state,
                 "fix the rollback file of " + failed.id +
                     " and run `sluice rollback` again, or `sluice deploy` to "
                     "re-apply what was rolled back"),
           RunOutcome::Failed);
  }
  return done(report);
}

}  // namespace sluice
