// Flyway's `flyway_schema_history`, as flyway/flyway creates, reads and writes it on
// PostgreSQL (flyway-database-postgresql PostgreSQLDatabase.getRawCreateScript;
// flyway-core JdbcTableSchemaHistory, AppliedMigration, MigrationVersion,
// ChecksumCalculator):
//   - installed_rank (primary key, max + 1), version (NULL for repeatables), description
//     (the file name's part after `__`, `_` as spaces), type (`SQL`), script (the file
//     name), checksum (tool_checksums.hpp), installed_by (the database user),
//     installed_on (DEFAULT now()), execution_time (ms), success;
//   - versions compare part by part as numbers; the newest row of a version decides it;
//     `success = false` is a failed migration that blocks until `flyway repair` (here:
//     `sluice resolve`); a `BASELINE` row stands for every version up to its own;
//     `SCHEMA` rows (the schemas Flyway created) are no migration; `DELETE` and `UNDO_*`
//     rows take a version back.
// sluice writes a rolled-back migration's rows away (Flyway Community has no undo), and
// a failed one outside a transaction as a `success = false` row, as Flyway does.
#include <map>

#include "runner/history/table_history.hpp"
#include "runner/history/tool_checksums.hpp"

namespace sluice {
namespace {

using namespace history_support;

constexpr std::string_view kRepeatablePrefix = "R:";

std::string displayVersion(std::string version) {
  for (char& c : version) {
    if (c == '_') c = '.';
  }
  return version;
}

class FlywayHistory final : public TableHistory {
 public:
  using TableHistory::TableHistory;

  [[nodiscard]] std::string_view tool() const override { return "flyway"; }

  // Versioned migrations by version, repeatables by description (as Flyway matches them).
  [[nodiscard]] std::string recordKey(const RecordFields& migration) const override {
    return migration.repeatable ? std::string(kRepeatablePrefix) + migration.description
                                : flywayVersionKey(migration.version);
  }
  [[nodiscard]] bool covers(const HistoryRecord& record, const std::string& key) const override {
    return !key.starts_with(kRepeatablePrefix) && flywayVersionCompare(key, record.migrationId) <= 0;
  }
  [[nodiscard]] std::string checksumOf(const RecordFields& migration) const override {
    return migration.text != nullptr ? std::to_string(flywayChecksum(*migration.text)) : std::string();
  }
  [[nodiscard]] bool checksumMatches(const std::string& recorded, const RecordFields& migration) const override {
    return recorded.empty() || recorded == checksumOf(migration);
  }

  HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const override {
    HistoryActions actions;
    actions.finalInTransaction = [row = row(session, fields)](std::int64_t elapsedMs) { return row(elapsedMs, true); };
    actions.progress = [](int) { return std::string(); };
    actions.markFinished = actions.finalInTransaction;
    actions.markFailed = [row = row(session, fields)](int, const std::string&) { return row(0, false); };
    return actions;
  }

  HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                 const RecordFields&) const override {
    std::string table = quoted(session);
    std::string rank = session.literal(record.key);
    std::string same = record.migrationId.starts_with(kRepeatablePrefix)
                           ? "version IS NULL AND description = (SELECT description FROM " + table +
                                 " WHERE installed_rank = " + rank + ")"
                           : "version = (SELECT version FROM " + table + " WHERE installed_rank = " + rank + ")";
    return endOnlyActions("DELETE FROM " + table + " WHERE " + same);
  }

  std::string resolveApplied(const PgSession& session, const std::vector<HistoryRecord>& failed,
                             const RecordFields& fields) const override {
    std::string sql = resolveRolledBack(session, failed, fields);
    return (sql.empty() ? "" : sql + "; ") + row(session, fields)(0, true);
  }

  // As `flyway repair` does: the failed rows go.
  std::string resolveRolledBack(const PgSession& session, const std::vector<HistoryRecord>& failed,
                                const RecordFields&) const override {
    if (failed.empty()) return {};
    return "DELETE FROM " + quoted(session) + " WHERE NOT success AND installed_rank IN (" + keyList(session, failed) +
           ")";
  }

 protected:
  [[nodiscard]] std::vector<std::string> requiredColumns() const override {
    return {"installed_rank", "version",      "description",  "type",           "script",
            "checksum",       "installed_by", "installed_on", "execution_time", "success"};
  }
  [[nodiscard]] std::string description() const override { return "Flyway's schema history table"; }

  Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const override {
    SqlResult result = session.exec(
        "SELECT installed_rank, version, description, type, checksum, installed_by, "
        "to_char(installed_on, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS'), execution_time, success FROM " +
        quoted(session) + " ORDER BY installed_rank");
    if (!result.ok()) return queryError(table_, "read", result.error());
    // The newest row of each version (or repeatable) decides it, in the place of that row.
    std::vector<std::optional<HistoryRecord>> slots;
    std::map<std::string, std::size_t> slotOf;
    auto forget = [&](const std::string& key) {
      if (auto it = slotOf.find(key); it != slotOf.end()) {
        slots[it->second].reset();
        slotOf.erase(it);
      }
    };
    for (int row = 0; row < result.rows(); ++row) {
      std::optional<std::string> version = result.optional(row, 1);
      std::string type = result.value(row, 3);
      if (type == "SCHEMA") continue;
      std::string key = version ? flywayVersionKey(*version) : std::string(kRepeatablePrefix) + result.value(row, 2);
      forget(key);
      if (type == "DELETE" || type.starts_with("UNDO_")) continue;
      HistoryRecord record;
      record.key = result.value(row, 0);
      record.migrationId = key;
      record.checksum = result.value(row, 4);
      record.appliedBy = result.value(row, 5);
      record.startedAt = record.finishedAt = result.value(row, 6);
      record.executionMs = result.integer(row, 7);
      record.coversEarlier = type == "BASELINE";
      if (result.value(row, 8) != "t") {
        record.state = RecordState::Failed;
        record.finishedAt.clear();
        record.log = "Flyway records it with success = false (installed_rank " + record.key + ")";
      }
      slotOf[key] = slots.size();
      slots.emplace_back(std::move(record));
    }
    std::vector<HistoryRecord> records;
    for (std::optional<HistoryRecord>& slot : slots) {
      if (slot) records.push_back(std::move(*slot));
    }
    return records;
  }

  [[nodiscard]] std::string createStatements(const PgSession& session) const override {
    std::string table = quoted(session);
    return "CREATE TABLE " + table +
           " (\n"
           "    \"installed_rank\" INT NOT NULL,\n"
           "    \"version\" VARCHAR(50),\n"
           "    \"description\" VARCHAR(200) NOT NULL,\n"
           "    \"type\" VARCHAR(20) NOT NULL,\n"
           "    \"script\" VARCHAR(1000) NOT NULL,\n"
           "    \"checksum\" INTEGER,\n"
           "    \"installed_by\" VARCHAR(100) NOT NULL,\n"
           "    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
           "    \"execution_time\" INTEGER NOT NULL,\n"
           "    \"success\" BOOLEAN NOT NULL\n"
           "); ALTER TABLE " +
           table + " ADD CONSTRAINT " + session.identifier(table_.table + "_pk") +
           " PRIMARY KEY (\"installed_rank\"); CREATE INDEX " + session.identifier(table_.table + "_s_idx") + " ON " +
           table + " (\"success\")";
  }

 private:
  // The INSERT of one row, given the execution time and the outcome.
  [[nodiscard]] std::function<std::string(std::int64_t, bool)> row(const PgSession& session,
                                                                   const RecordFields& fields) const {
    std::string table = quoted(session);
    std::string values = (fields.repeatable ? std::string("NULL") : session.literal(displayVersion(fields.version))) +
                         ", " + session.literal(fields.description) + ", 'SQL', " + session.literal(fields.script) +
                         ", " + (fields.text != nullptr ? checksumOf(fields) : std::string("NULL")) + ", current_user";
    return [table, values](std::int64_t elapsedMs, bool success) {
      return "INSERT INTO " + table +
             " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) "
             "SELECT coalesce(max(installed_rank), 0) + 1, " +
             values + ", " + std::to_string(elapsedMs) + ", " + (success ? "true" : "false") + " FROM " + table;
    };
  }
};

}  // namespace

std::unique_ptr<HistoryStore> makeFlywayHistory(HistoryTableName table) {
  return std::make_unique<FlywayHistory>(std::move(table));
}

}  // namespace sluice
