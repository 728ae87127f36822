// Drizzle's `drizzle.__drizzle_migrations`, as drizzle-team/drizzle-orm's migrator
// creates, reads and writes it on PostgreSQL (drizzle-orm/src/migrator.ts
// readMigrationFiles, drizzle-orm/src/pg-core/dialect.ts migrate):
//   - `id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint` in schema `drizzle`;
//   - a row per applied migration: `hash` is drizzleHash of its file, `created_at` the
//     journal entry's `when` (meta/_journal.json);
//   - the migrator applies every journal entry whose `when` is above the newest
//     `created_at`. sluice matches rows to migrations by `when`, so a migration that
//     sorts below an applied one without a row is "out of order" here, where Drizzle
//     would skip it silently.
// Drizzle has no rollback (sluice deletes the row, and Drizzle then runs the migration
// again) and no failed state.
#include "runner/history/table_history.hpp"
#include "runner/history/tool_checksums.hpp"

namespace sluice {
namespace {

using namespace history_support;

class DrizzleHistory final : public EndOnlyHistory {
 public:
  using EndOnlyHistory::EndOnlyHistory;

  [[nodiscard]] std::string_view tool() const override { return "drizzle"; }

  [[nodiscard]] std::string recordKey(const RecordFields& migration) const override {
    return migration.createdAt ? std::to_string(*migration.createdAt) : migration.migrationId;
  }
  [[nodiscard]] std::string checksumOf(const RecordFields& migration) const override {
    return migration.text != nullptr ? drizzleHash(*migration.text) : std::string();
  }
  [[nodiscard]] bool checksumMatches(const std::string& recorded, const RecordFields& migration) const override {
    return recorded == checksumOf(migration);
  }

  HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const override {
    return endOnlyActions("INSERT INTO " + quoted(session) + " (\"hash\", \"created_at\") VALUES (" +
                          session.literal(checksumOf(fields)) + ", " + session.literal(recordKey(fields)) + ")");
  }

  HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                 const RecordFields&) const override {
    return endOnlyActions("DELETE FROM " + quoted(session) + " WHERE id = " + session.literal(record.key));
  }

 protected:
  [[nodiscard]] std::vector<std::string> requiredColumns() const override { return {"id", "hash", "created_at"}; }
  [[nodiscard]] std::string description() const override { return "Drizzle's migrations table"; }

  Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const override {
    return recordsOf(session, "SELECT id, hash, created_at FROM " + quoted(session) + " ORDER BY created_at, id",
                     [](const SqlResult& result, int row, HistoryRecord& record) {
                       record.key = result.value(row, 0);
                       record.checksum = result.value(row, 1);
                       record.migrationId = result.value(row, 2);
                     });
  }

  [[nodiscard]] std::string createStatements(const PgSession& session) const override {
    return "CREATE TABLE IF NOT EXISTS " + quoted(session) +
           " (\n  id SERIAL PRIMARY KEY,\n  hash text NOT NULL,\n  created_at bigint\n)";
  }
};

}  // namespace

std::unique_ptr<HistoryStore> makeDrizzleHistory(HistoryTableName table) {
  return std::make_unique<DrizzleHistory>(std::move(table));
}

}  // namespace sluice
