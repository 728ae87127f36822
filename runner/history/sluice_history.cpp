// sluice's own history table (format in history.hpp).
#include <charconv>

#include "common/text.hpp"
#include "runner/history/table_history.hpp"

namespace sluice {
namespace {

using namespace history_support;

constexpr const char* kCommentPrefix = "sluice migration history, format ";

class SluiceHistory final : public TableHistory {
 public:
  using TableHistory::TableHistory;

  [[nodiscard]] std::string_view tool() const override { return "sluice"; }

 protected:
  [[nodiscard]] std::vector<std::string> requiredColumns() const override {
    return {"migration_id", "version", "checksum", "state", "statements_applied"};
  }
  [[nodiscard]] std::string description() const override { return "a sluice history table"; }

  [[nodiscard]] std::optional<Error> checkTable(const TableInfo& info) const override {
    if (!info.comment.starts_with(kCommentPrefix)) return std::nullopt;
    std::string_view number = std::string_view(info.comment).substr(std::string_view(kCommentPrefix).size());
    int format = 0;
    std::from_chars(number.data(), number.data() + number.size(), format);
    if (format <= kSluiceHistoryFormat) return std::nullopt;
    return Error(ErrorCode::Input,
                 "the history table " + table_.display() + " was written by a newer sluice (history format " +
                     std::to_string(format) + "; this sluice reads format " + std::to_string(kSluiceHistoryFormat) +
                     ")",
                 "upgrade sluice to the version that last deployed this database");
  }

  Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const override {
    return recordsOf(session,
                     "SELECT migration_id, checksum, rollback_checksum, state, " + isoColumn("started_at") + ", " +
                         isoColumn("applied_at") +
                         ", execution_ms, applied_by, log, statements_total, statements_applied, "
                         "array_to_string(statement_checksums, ',') FROM " +
                         quoted(session) + " ORDER BY started_at, migration_id",
                     [](const SqlResult& result, int row, HistoryRecord& record) {
                       record.key = result.value(row, 0);
                       record.migrationId = record.key;
                       record.checksum = result.value(row, 1);
                       record.rollbackChecksum = result.optional(row, 2);
                       std::string state = result.value(row, 3);
                       record.state = state == "applied"   ? RecordState::Applied
                                      : state == "running" ? RecordState::Running
                                                           : RecordState::Failed;
                       record.startedAt = result.value(row, 4);
                       record.finishedAt = result.value(row, 5);
                       if (auto ms = result.integer(row, 6)) record.executionMs = *ms;
                       record.appliedBy = result.value(row, 7);
                       record.log = result.value(row, 8);
                       record.statementsTotal = static_cast<int>(result.integer(row, 9).value_or(0));
                       record.statementsApplied = static_cast<int>(result.integer(row, 10).value_or(0));
                       std::string checksums = result.value(row, 11);
                       for (std::string_view hash : split(checksums, ',')) {
                         if (!hash.empty()) record.statementChecksums.emplace_back(hash);
                       }
                     });
  }

  [[nodiscard]] std::string createStatements(const PgSession& session) const override {
    std::string table = quoted(session);
    return "CREATE TABLE IF NOT EXISTS " + table +
           " (\n"
           "  migration_id        text PRIMARY KEY,\n"
           "  version             text NOT NULL,\n"
           "  name                text NOT NULL,\n"
           "  checksum            text NOT NULL,\n"
           "  rollback_checksum   text,\n"
           "  state               text NOT NULL DEFAULT 'applied' CHECK (state IN ('applied', 'running', 'failed')),\n"
           "  started_at          timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
           "  applied_at          timestamptz,\n"
           "  execution_ms        bigint,\n"
           "  applied_by          text NOT NULL DEFAULT current_user,\n"
           "  client              text,\n"
           "  tool_version        text NOT NULL,\n"
           "  execution_mode      text,\n"
           "  statements_total    integer NOT NULL DEFAULT 0,\n"
           "  statements_applied  integer NOT NULL DEFAULT 0,\n"
           "  statement_checksums text[],\n"
           "  log                 text\n"
           "); COMMENT ON TABLE " +
           table + " IS " + session.literal(kCommentPrefix + std::to_string(kSluiceHistoryFormat));
  }

 public:
  HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const override {
    std::string table = quoted(session);
    std::string id = session.literal(fields.migrationId);
    std::string checksums = "ARRAY[";
    for (std::size_t i = 0; i < fields.statementChecksums.size(); ++i) {
      checksums += (i == 0 ? "" : ",") + session.literal(fields.statementChecksums[i]);
    }
    checksums += "]::text[]";
    std::string columns =
        " (migration_id, version, name, checksum, rollback_checksum, state, started_at, applied_at, execution_ms, "
        "applied_by, client, tool_version, execution_mode, statements_total, statements_applied, "
        "statement_checksums) VALUES (" +
        id + ", " + session.literal(fields.version) + ", " + session.literal(fields.name) + ", " +
        session.literal(fields.checksum) + ", " + optionalLiteral(session, fields.rollbackChecksum) + ", ";
    std::string tail = ", current_user, " + session.literal(fields.client) + ", " +
                       session.literal(fields.toolVersion) + ", " + session.literal(fields.executionMode) + ", " +
                       std::to_string(fields.statementsTotal);
    int total = fields.statementsTotal;
    const PgSession* quoting = &session;
    HistoryActions actions;
    actions.finalInTransaction = [=](std::int64_t elapsedMs) {
      return "INSERT INTO " + table + columns + "'applied', " + startedExpression(elapsedMs) + ", clock_timestamp(), " +
             std::to_string(elapsedMs) + tail + ", " + std::to_string(total) + ", " + checksums + ")";
    };
    actions.markStarted = "INSERT INTO " + table + columns + "'running', clock_timestamp(), NULL, NULL" + tail +
                          ", 0, " + checksums + ")";
    actions.progress = [=](int committed) {
      return "UPDATE " + table + " SET statements_applied = " + std::to_string(committed) +
             " WHERE migration_id = " + id;
    };
    actions.markFinished = [=](std::int64_t elapsedMs) {
      return "UPDATE " + table +
             " SET state = 'applied', applied_at = clock_timestamp(), execution_ms = " + std::to_string(elapsedMs) +
             ", statements_applied = statements_total, log = NULL WHERE migration_id = " + id;
    };
    actions.markFailed = [=](int committed, const std::string& log) {
      return "UPDATE " + table + " SET state = 'failed', statements_applied = " + std::to_string(committed) +
             ", log = " + quoting->literal(log) + " WHERE migration_id = " + id;
    };
    actions.unmarkStarted = "DELETE FROM " + table + " WHERE migration_id = " + id + " AND state <> 'applied'";
    return actions;
  }

  HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                 const RecordFields&) const override {
    std::string table = quoted(session);
    std::string id = session.literal(record.key);
    const PgSession* quoting = &session;
    HistoryActions actions;
    actions.finalInTransaction = [=](std::int64_t) { return "DELETE FROM " + table + " WHERE migration_id = " + id; };
    actions.markStarted = "UPDATE " + table + " SET state = 'running', log = " +
                          session.literal("rollback started; the rollback file runs outside a transaction") +
                          " WHERE migration_id = " + id;
    actions.progress = [=](int committed) {
      return "UPDATE " + table + " SET log = " +
             quoting->literal("rollback running outside a transaction; statements 1-" + std::to_string(committed) +
                              " of the rollback file committed") +
             " WHERE migration_id = " + id;
    };
    actions.markFinished = [=](std::int64_t) { return "DELETE FROM " + table + " WHERE migration_id = " + id; };
    actions.markFailed = [=](int, const std::string& log) {
      return "UPDATE " + table + " SET state = 'failed', log = " + quoting->literal(log) +
             " WHERE migration_id = " + id;
    };
    actions.unmarkStarted = "UPDATE " + table + " SET state = 'applied', log = NULL WHERE migration_id = " + id;
    return actions;
  }

  std::string resolveApplied(const PgSession& session, const std::vector<HistoryRecord>& failed,
                             const RecordFields& fields) const override {
    std::string table = quoted(session);
    std::string note = "recorded as applied with sluice resolve --applied (not run by sluice)";
    if (!failed.empty()) {
      return "UPDATE " + table +
             " SET state = 'applied', applied_at = clock_timestamp(), statements_applied = statements_total, log = "
             "coalesce(log || E'\\n', '') || " +
             session.literal(note) + " WHERE migration_id = " + session.literal(failed.front().key);
    }
    return "INSERT INTO " + table +
           " (migration_id, version, name, checksum, rollback_checksum, state, started_at, applied_at, applied_by, "
           "client, tool_version, execution_mode, statements_total, statements_applied, log) VALUES (" +
           session.literal(fields.migrationId) + ", " + session.literal(fields.version) + ", " +
           session.literal(fields.name) + ", " + session.literal(fields.checksum) + ", " +
           optionalLiteral(session, fields.rollbackChecksum) +
           ", 'applied', clock_timestamp(), clock_timestamp(), current_user, " + session.literal(fields.client) + ", " +
           session.literal(fields.toolVersion) + ", 'resolved', " + std::to_string(fields.statementsTotal) + ", " +
           std::to_string(fields.statementsTotal) + ", " + session.literal(note) + ")";
  }

  std::string resolveRolledBack(const PgSession& session, const std::vector<HistoryRecord>& failed,
                                const RecordFields&) const override {
    if (failed.empty()) return {};
    return "DELETE FROM " + quoted(session) + " WHERE state <> 'applied' AND migration_id IN (" +
           keyList(session, failed) + ")";
  }
};

}  // namespace

std::unique_ptr<HistoryStore> makeSluiceHistory(HistoryTableName table) {
  return std::make_unique<SluiceHistory>(std::move(table));
}

}  // namespace sluice
