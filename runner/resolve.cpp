#include "runner/resolve.hpp"

#include "linter/layout.hpp"
#include "runner/advisory_lock.hpp"
#include "runner/migration_state.hpp"
#include "runner/plan.hpp"

namespace sluice {

RunReport resolveMigration(const ResolveOptions& options, const ConnectionSettings& settings) {
  auto start = std::chrono::steady_clock::now();
  RunReport report;
  report.command = "resolve";
  report.startedAt = utcNow();
  report.dir = options.project.dir.lexically_normal().string();
  DatabaseTarget target = databaseTarget(settings);
  report.database = target.settings.describe();
  auto run = [&]() {
    auto project = loadProject(options.project, target.schema);
    if (!project) return finish(report, project.takeError(), RunOutcome::Refused);
    report.layout = std::string(project->set->format->name());
    report.historyTable = project->history->table().display();
    report.lockKey = project->lockKey;
    auto connected = connectRunner(settings, "sluice resolve");
    if (!connected) return finish(report, connected.takeError(), RunOutcome::Unreachable);
    PgSession& session = connected->session;
    report.serverVersion = session.serverVersionText();
    report.databaseUser = session.user();
    auto locked = acquireMigrationLock(session, project->lockKey, options.lockWait);
    if (!locked) return finish(report, locked.takeError(), RunOutcome::LockNotObtained);
    auto body = [&]() {
      if (auto created = project->history->create(session); !created)
        return finish(report, created.takeError(), RunOutcome::Refused);
      auto records = project->history->read(session);
      if (!records) return finish(report, records.takeError(), RunOutcome::Refused);
      HistoryComparison comparison = compareHistory(project->files, *records, project->history.get());
      const MigrationEntry* entry = findEntry(comparison, options.name);
      if (entry == nullptr) {
        return finish(report,
                      Error(ErrorCode::Usage, "no migration " + options.name + " in the folder or the history",
                            "name it by its folder or file name, as `sluice status` lists it"),
                      RunOutcome::Refused);
      }
      // Records name the migration as the store keys it (a version, Drizzle's `when`...).
      std::string key = entry->file != nullptr
                            ? project->history->recordKey(migrationFields(project->files, *entry->file))
                            : entry->id;
      std::vector<HistoryRecord> failed;
      for (const HistoryRecord& record : *records) {
        if (record.migrationId == key && record.state != RecordState::Applied) failed.push_back(record);
      }
      std::string sql;
      MigrationReport item;
      item.id = entry->id;
      if (options.applied) {
        if (entry->status == MigrationStatus::Applied || entry->status == MigrationStatus::Missing) {
          return finish(report,
                        Error(ErrorCode::Input, "migration " + entry->id + " is already recorded as applied",
                              "nothing to resolve"),
                        RunOutcome::Refused);
        }
        if (entry->file == nullptr) {
          return finish(report,
                        Error(ErrorCode::Input, "migration " + entry->id + " has no file in the folder",
                              "restore its file first: its checksum is recorded"),
                        RunOutcome::Refused);
        }
        FilePlan plan = planFile(MigrationPart{entry->file->text, entry->file->execution, entry->file->lines},
                                 entry->file->migration->forward.string(), session.serverVersion() / 10000);
        RecordFields fields = migrationFields(project->files, *entry->file);
        fields.statementsTotal = static_cast<int>(plan.statements.size());
        fields.toolVersion = options.toolVersion;
        fields.client = clientIdentity();
        sql = project->history->resolveApplied(session, failed, fields);
        item.status = MigrationOutcome::Applied;
      } else {
        if (failed.empty()) {
          return finish(report,
                        Error(ErrorCode::Input,
                              "migration " + entry->id + " is not in a failed state (it is " +
                                  std::string(migrationStatusName(entry->status)) + ")",
                              "--rolled-back resolves a failed migration; `sluice rollback` undoes an applied one"),
                        RunOutcome::Refused);
        }
        RecordFields fields;
        if (entry->file != nullptr) {
          fields = migrationFields(project->files, *entry->file);
        } else {
          fields.migrationId = entry->id;
        }
        sql = project->history->resolveRolledBack(session, failed, fields);
        item.status = MigrationOutcome::RolledBack;
      }
      SqlResult result = session.exec("BEGIN; " + sql + "; COMMIT");
      if (!result.ok()) {
        if (session.transactionStatus() != TransactionStatus::Idle) session.exec("ROLLBACK");
        return finish(report,
                      Error(ErrorCode::Input, "cannot update " + report.historyTable + ": " + result.error().summary()),
                      RunOutcome::Failed);
      }
      report.migrations.push_back(item);
      report.outcome = RunOutcome::Resolved;
    };
    body();
    releaseMigrationLock(session, project->lockKey);
  };
  run();
  report.durationMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace sluice
