#include "runner/audit_log.hpp"

#include <nlohmann/json.hpp>

#include "common/file_io.hpp"
#include "common/text.hpp"
#include "common/version.hpp"
#include "runner/project.hpp"

namespace sluice {

std::string auditLine(const RunReport& report) {
  using nlohmann::json;
  json migrations = json::array();
  for (const MigrationReport& migration : report.migrations) {
    json item = {{"id", migration.id},
                 {"status", spell(migration.status)},
                 {"duration_ms", static_cast<double>(static_cast<long long>(migration.durationMs * 100)) / 100}};
    if (migration.failure) item["error"] = migration.failure->error.summary();
    migrations.push_back(std::move(item));
  }
  json line = {{"time", report.startedAt.empty() ? utcNow() : report.startedAt},
               {"tool", "sluice"},
               {"tool_version", kVersion},
               {"operation", report.command},
               {"dry_run", report.dryRun},
               {"os_user", clientIdentity()},
               {"db_user", report.databaseUser},
               {"database", report.database},
               {"migrations_dir", report.dir},
               {"history_table", report.historyTable},
               {"outcome", spell(report.outcome)},
               {"exit_code", static_cast<int>(report.exitCode)},
               {"duration_ms", static_cast<double>(static_cast<long long>(report.durationMs * 100)) / 100},
               {"migrations", migrations}};
  if (report.snapshotTaken) line["snapshot"] = report.snapshotTaken->id;
  if (report.snapshotTaken && !report.snapshotTaken->lsn.empty()) {
    line["restore_point"] = {{"name", report.snapshotTaken->id},
                             {"lsn", report.snapshotTaken->lsn},
                             {"created_at", report.snapshotTaken->takenAt}};
  }
  if (report.error) line["error"] = report.error->message;
  // Warnings of the run, e.g. a webhook that did not take its notification.
  if (!report.warnings.empty()) line["warnings"] = report.warnings;
  return line.dump();
}

Status appendAuditLog(const std::filesystem::path& path, const RunReport& report) {
  return appendLine(path, auditLine(report));
}

std::optional<RestorePointRecord> lastRestorePoint(const std::filesystem::path& path) {
  auto text = readFile(path);
  if (!text) return std::nullopt;
  std::optional<RestorePointRecord> newest;
  for (std::string_view line : split(*text, '\n')) {
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (!entry.is_object() || !entry.contains("restore_point") || !entry["restore_point"].is_object()) continue;
    const nlohmann::json& point = entry["restore_point"];
    newest = RestorePointRecord{point.value("name", ""), point.value("lsn", ""), point.value("created_at", "")};
  }
  return newest;
}

}  // namespace sluice
