// `_prisma_migrations`, byte-compatible with Prisma Migrate (prisma-engines, schema
// engine: the PostgreSQL flavour's migrations table and its migration persistence):
//   - the table's DDL below is Prisma's, column for column;
//   - `id` is a random UUID v4, `checksum` the lowercase hex SHA-256 of migration.sql;
//   - a row with `finished_at` and `rolled_back_at` NULL is a failed migration, which
//     blocks deploys until resolved; rows with `rolled_back_at` set are ignored;
//   - a successful row has `applied_steps_count` 1 and `logs` NULL;
//   - `resolve --applied` marks failed rows rolled back and inserts a row with
//     `logs` '' and `applied_steps_count` 0, as `prisma migrate resolve` does.
// Unlike Prisma, sluice writes a transactional migration's row in the migration's own
// transaction, so a crash cannot separate the two.
#include "runner/history/table_history.hpp"

namespace sluice {
namespace {

using namespace history_support;

class PrismaHistory final : public TableHistory {
 public:
  using TableHistory::TableHistory;

  [[nodiscard]] std::string_view tool() const override { return "prisma"; }

 protected:
  [[nodiscard]] std::vector<std::string> requiredColumns() const override {
    return {"id",   "checksum",       "finished_at", "migration_name",
            "logs", "rolled_back_at", "started_at",  "applied_steps_count"};
  }
  [[nodiscard]] std::string description() const override { return "Prisma's migrations table"; }

  Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const override {
    return recordsOf(session,
                     "SELECT id, migration_name, checksum, finished_at IS NULL, " + isoColumn("started_at") + ", " +
                         isoColumn("finished_at") + ", logs, applied_steps_count FROM " + quoted(session) +
                         " WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name",
                     [](const SqlResult& result, int row, HistoryRecord& record) {
                       record.key = result.value(row, 0);
                       record.migrationId = result.value(row, 1);
                       record.checksum = result.value(row, 2);
                       record.state = result.value(row, 3) == "t" ? RecordState::Failed : RecordState::Applied;
                       record.startedAt = result.value(row, 4);
                       record.finishedAt = result.value(row, 5);
                       record.log = result.value(row, 6);
                     });
  }

  [[nodiscard]] std::string createStatements(const PgSession& session) const override {
    return "CREATE TABLE IF NOT EXISTS " + quoted(session) +
           " (\n"
           "    id                      VARCHAR(36) PRIMARY KEY NOT NULL,\n"
           "    checksum                VARCHAR(64) NOT NULL,\n"
           "    finished_at             TIMESTAMPTZ,\n"
           "    migration_name          VARCHAR(255) NOT NULL,\n"
           "    logs                    TEXT,\n"
           "    rolled_back_at          TIMESTAMPTZ,\n"
           "    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
           "    applied_steps_count     INTEGER NOT NULL DEFAULT 0\n"
           ")";
  }

 public:
  HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const override {
    std::string table = quoted(session);
    std::string id = session.literal(randomUuidV4());
    std::string checksum = session.literal(fields.checksum);
    std::string name = session.literal(fields.migrationId);
    int total = fields.statementsTotal;
    HistoryActions actions;
    actions.finalInTransaction = [=](std::int64_t elapsedMs) {
      return "INSERT INTO " + table +
             " (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) "
             "VALUES (" +
             id + ", " + checksum + ", clock_timestamp(), " + name + ", NULL, NULL, " + startedExpression(elapsedMs) +
             ", 1)";
    };
    actions.markStarted = "INSERT INTO " + table + " (id, checksum, migration_name, started_at, applied_steps_count) " +
                          "VALUES (" + id + ", " + checksum + ", " + name + ", clock_timestamp(), 0)";
    const PgSession* quoting = &session;
    actions.progress = [=](int committed) {
      return "UPDATE " + table + " SET logs = " +
             quoting->literal("sluice: running outside a transaction; statements 1-" + std::to_string(committed) +
                              " of " + std::to_string(total) + " committed") +
             " WHERE id = " + id;
    };
    actions.markFinished = [=](std::int64_t) {
      return "UPDATE " + table +
             " SET finished_at = clock_timestamp(), applied_steps_count = 1, logs = NULL WHERE id = " + id;
    };
    actions.markFailed = [=](int, const std::string& log) {
      return "UPDATE " + table + " SET logs = " + quoting->literal(log) + " WHERE id = " + id;
    };
    actions.unmarkStarted = "DELETE FROM " + table + " WHERE id = " + id;
    return actions;
  }

  HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                 const RecordFields&) const override {
    // A rolled-back migration's row is deleted: `prisma migrate deploy` ignores rows
    // marked rolled back, but `prisma migrate status` counts any row as applied, so only
    // no row at all makes both of them (and sluice) see the migration as pending.
    std::string table = quoted(session);
    std::string applied = session.literal(record.key);
    std::string finishedAt =
        record.finishedAt.empty() ? std::string("now()") : session.literal(record.finishedAt) + "::timestamptz";
    const PgSession* quoting = &session;
    HistoryActions actions;
    actions.finalInTransaction = [=](std::int64_t) { return "DELETE FROM " + table + " WHERE id = " + applied; };
    // Outside a transaction, the row becomes a failed one (finished_at NULL) until the
    // rollback file has run to its end: Prisma and sluice then refuse to deploy over a
    // half-undone migration.
    actions.markStarted = "UPDATE " + table + " SET finished_at = NULL, logs = " +
                          session.literal("sluice: rollback started; the rollback file runs outside a transaction") +
                          " WHERE id = " + applied;
    actions.progress = [=](int committed) {
      return "UPDATE " + table + " SET logs = " +
             quoting->literal("sluice: rollback running outside a transaction; statements 1-" +
                              std::to_string(committed) + " of the rollback file committed") +
             " WHERE id = " + applied;
    };
    actions.markFinished = [=](std::int64_t) { return "DELETE FROM " + table + " WHERE id = " + applied; };
    actions.markFailed = [=](int, const std::string& log) {
      return "UPDATE " + table + " SET logs = " + quoting->literal(log) + " WHERE id = " + applied;
    };
    actions.unmarkStarted =
        "UPDATE " + table + " SET finished_at = " + finishedAt + ", logs = NULL WHERE id = " + applied;
    return actions;
  }

  std::string resolveApplied(const PgSession& session, const std::vector<HistoryRecord>& failed,
                             const RecordFields& fields) const override {
    std::string table = quoted(session);
    std::string sql = resolveRolledBack(session, failed, fields);
    if (!sql.empty()) sql += "; ";
    return sql + "INSERT INTO " + table +
           " (id, checksum, logs, started_at, finished_at, migration_name, applied_steps_count) VALUES (" +
           session.literal(randomUuidV4()) + ", " + session.literal(fields.checksum) + ", '', now(), now(), " +
           session.literal(fields.migrationId) + ", 0)";
  }

  std::string resolveRolledBack(const PgSession& session, const std::vector<HistoryRecord>& failed,
                                const RecordFields&) const override {
    if (failed.empty()) return {};
    return "UPDATE " + quoted(session) + " SET rolled_back_at = clock_timestamp() WHERE id IN (" +
           keyList(session, failed) + ")";
  }
};

}  // namespace

std::unique_ptr<HistoryStore> makePrismaHistory(HistoryTableName table) {
  return std::make_unique<PrismaHistory>(std::move(table));
}

}  // namespace sluice
