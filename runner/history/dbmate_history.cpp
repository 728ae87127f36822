// dbmate's `schema_migrations`, as amacneil/dbmate creates, reads and writes it on
// PostgreSQL (pkg/driver/postgres/postgres.go): one column, `version varchar(255)
// primary key`; a migration is applied when its version (the leading digits of its file
// name) has a row; applying inserts the version, rolling back deletes it. dbmate keeps
// no checksum and no failed state.
#include "runner/history/table_history.hpp"

namespace sluice {
namespace {

using namespace history_support;

class DbmateHistory final : public EndOnlyHistory {
 public:
  using EndOnlyHistory::EndOnlyHistory;

  [[nodiscard]] std::string_view tool() const override { return "dbmate"; }

  [[nodiscard]] std::string recordKey(const RecordFields& migration) const override { return migration.version; }
  [[nodiscard]] std::string checksumOf(const RecordFields&) const override { return {}; }
  [[nodiscard]] bool checksumMatches(const std::string&, const RecordFields&) const override { return true; }

  HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const override {
    return endOnlyActions("INSERT INTO " + quoted(session) + " (version) VALUES (" + session.literal(fields.version) +
                          ")");
  }

  HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                 const RecordFields&) const override {
    return endOnlyActions("DELETE FROM " + quoted(session) + " WHERE version = " + session.literal(record.key));
  }

 protected:
  [[nodiscard]] std::vector<std::string> requiredColumns() const override { return {"version"}; }
  [[nodiscard]] std::string description() const override { return "dbmate's migrations table"; }

  [[nodiscard]] std::optional<Error> checkTable(const TableInfo& info) const override {
    if (!info.columns.contains("dirty")) return std::nullopt;
    return Error(ErrorCode::Input,
                 table_.display() + " is golang-migrate's migrations table (it has a `dirty` column), not dbmate's",
                 "deploy with --layout golang-migrate, or keep dbmate's table in another schema");
  }

  Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const override {
    return recordsOf(session, "SELECT version FROM " + quoted(session) + " ORDER BY version",
                     [](const SqlResult& result, int row, HistoryRecord& record) {
                       record.key = record.migrationId = result.value(row, 0);
                     });
  }

  [[nodiscard]] std::string createStatements(const PgSession& session) const override {
    return "CREATE TABLE IF NOT EXISTS " + quoted(session) + " (version varchar(255) primary key)";
  }
};

}  // namespace

std::unique_ptr<HistoryStore> makeDbmateHistory(HistoryTableName table) {
  return std::make_unique<DbmateHistory>(std::move(table));
}

}  // namespace sluice
