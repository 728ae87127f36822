#include "runner/status.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "linter/formats/prisma_order.hpp"
#include "linter/layout.hpp"
#include "runner/migration_state.hpp"

namespace sluice {

StatusReport migrationStatus(const ProjectOptions& options, const ConnectionSettings& settings) {
  StatusReport report;
  DatabaseTarget target = databaseTarget(settings);
  report.database = target.settings.describe();
  report.dir = options.dir.lexically_normal().string();
  auto project = loadProject(options, target.schema);
  if (!project) {
    report.error = project.takeError();
    report.exitCode = exitCodeFor(report.error->code);
    return report;
  }
  report.layout = std::string(project->set->format->name());
  report.historyTable = project->history->table().display();
  if (project->set->format->name() == "prisma") report.orderNote = formats::prismaOrderNote(project->set->migrations);
  auto connected = connectRunner(settings, "sluice status");
  if (!connected) {
    report.error = connected.takeError();
    report.exitCode = exitCodeFor(report.error->code);
    if (report.exitCode == ExitCode::Unreachable) report.outcome = CheckOutcome::Unreachable;
    return report;
  }
  report.reachable = true;
  report.connectMs = connected->connectMs;
  PgSession& session = connected->session;
  report.serverVersion = session.serverVersionText();
  auto start = std::chrono::steady_clock::now();
  session.exec("SELECT 1");
  report.roundTripMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  if (auto readable = historyReadable(*project, session); !readable) {
    report.error = readable.takeError();
    report.exitCode = exitCodeFor(report.error->code);
    return report;
  }
  auto exists = project->history->exists(session);
  auto records = exists ? project->history->read(session) : Expected<std::vector<HistoryRecord>>(exists.error());
  if (!records) {
    report.error = records.takeError();
    report.exitCode = exitCodeFor(report.error->code);
    return report;
  }
  report.historyExists = *exists;
  report.outcome = CheckOutcome::Checked;
  HistoryComparison comparison = compareHistory(project->files, *records, project->history.get());
  for (const MigrationEntry& entry : comparison.entries) {
    StatusEntry item;
    item.id = entry.id;
    item.status = entry.status;
    item.edited = entry.edited;
    item.outOfOrder = entry.outOfOrder;
    if (entry.record != nullptr) {
      item.appliedAt = entry.record->finishedAt;
      item.recordedChecksum = entry.record->checksum;
      if (entry.status == MigrationStatus::Failed) item.log = entry.record->log;
    }
    if (entry.file != nullptr) {
      item.fileChecksum = project->history->checksumOf(migrationFields(project->files, *entry.file));
    }
    if (entry.edited) item.editLocation = describeEdit(*entry.file, *entry.record);
    report.entries.push_back(std::move(item));
  }
  report.applied = comparison.applied;
  report.pending = comparison.pending;
  report.failed = comparison.failed;
  report.edited = comparison.edited;
  report.missing = comparison.missing;
  if (report.failed > 0) {
    report.health = Health::Unhealthy;
    report.exitCode = ExitCode::FailedUnrecovered;
  } else if (report.pending > 0 || report.edited > 0 || report.missing > 0) {
    report.health = Health::Degraded;
  } else {
    report.health = Health::Healthy;
  }
  return report;
}

void writeStatusJson(const StatusReport& report, std::ostream& out) {
  using nlohmann::json;
  json migrations = json::array();
  for (const StatusEntry& entry : report.entries) {
    json item = {{"id", entry.id}, {"status", migrationStatusName(entry.status)}, {"edited", entry.edited}};
    if (entry.outOfOrder) item["out_of_order"] = true;
    if (!entry.appliedAt.empty()) item["applied_at"] = entry.appliedAt;
    if (entry.edited) {
      item["recorded_checksum"] = entry.recordedChecksum;
      item["file_checksum"] = entry.fileChecksum;
      if (!entry.editLocation.empty()) item["edit"] = entry.editLocation;
    }
    if (!entry.log.empty()) item["log"] = entry.log;
    migrations.push_back(std::move(item));
  }
  json document = {{"tool", "sluice"},
                   {"command", "status"},
                   {"outcome", spell(report.outcome)},
                   {"reachable", report.reachable},
                   {"database", report.database},
                   {"server_version", report.serverVersion},
                   {"latency_ms", {{"connect", report.connectMs}, {"round_trip", report.roundTripMs}}},
                   {"migrations_dir", report.dir},
                   {"layout", report.layout},
                   {"history_table", report.historyTable},
                   {"counts",
                    {{"applied", report.applied},
                     {"pending", report.pending},
                     {"failed", report.failed},
                     {"edited", report.edited},
                     {"missing", report.missing}}},
                   {"migrations", migrations},
                   {"exit_code", static_cast<int>(report.exitCode)}};
  // A verdict on the migrations only when they could be compared with the history.
  if (report.outcome == CheckOutcome::Checked) document["status"] = spell(report.health);
  if (report.lastRestorePoint) {
    document["restore_point"] = {{"name", report.lastRestorePoint->name},
                                 {"lsn", report.lastRestorePoint->lsn},
                                 {"created_at", report.lastRestorePoint->createdAt}};
  }
  if (!report.orderNote.empty()) document["order_note"] = report.orderNote;
  if (report.error) {
    document["error"] = report.error->message;
    if (!report.error->hint.empty()) document["hint"] = report.error->hint;
  }
  out << document.dump(2) << "\n";
}

void writeStatusText(const StatusReport& report, std::ostream& out, const Style& style) {
  out << style.bold(report.dir) << " (" << report.layout << ") on " << report.database << "\n";
  out << "  PostgreSQL " << report.serverVersion << ", connected in " << static_cast<int>(report.connectMs)
      << " ms; history in " << report.historyTable << (report.historyExists ? "" : " (not created yet)") << "\n";
  if (!report.orderNote.empty()) out << "  " << style.dim(report.orderNote) << "\n";
  for (const StatusEntry& entry : report.entries) {
    if (entry.status == MigrationStatus::Applied && !entry.edited) continue;
    std::string label(migrationStatusName(entry.status));
    if (entry.edited) label = "edited";
    std::string styled = entry.status == MigrationStatus::Failed                    ? style.red(label)
                         : entry.edited || entry.status == MigrationStatus::Missing ? style.yellow(label)
                                                                                    : style.cyan(label);
    out << "  " << styled << std::string(label.size() < 8 ? 8 - label.size() : 1, ' ') << entry.id;
    if (entry.outOfOrder) out << "  (sorts before applied migrations)";
    if (entry.edited) {
      out << "\n            applied " << entry.recordedChecksum << ", file " << entry.fileChecksum;
      if (!entry.editLocation.empty()) out << "\n            " << entry.editLocation;
    }
    if (entry.status == MigrationStatus::Missing) out << "  (applied, file not in the folder)";
    if (!entry.log.empty()) out << "\n            " << entry.log;
    out << "\n";
  }
  out << "  " << report.applied << " applied, " << report.pending << " pending, " << report.failed << " failed, "
      << report.edited << " edited, " << report.missing << " missing\n";
  std::string word(spell(report.health));
  std::string health = report.health == Health::Healthy    ? style.green(word)
                       : report.health == Health::Degraded ? style.yellow(word)
                                                           : style.red(word);
  out << "status: " << health << "\n";
}

}  // namespace sluice
