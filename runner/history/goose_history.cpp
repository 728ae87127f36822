// goose's `goose_db_version`, as pressly/goose creates, reads and writes it on
// PostgreSQL (internal/dialect/dialectquery/postgres.go, migrate.go, internal/dialect/store.go):
//   - `id serial`, `version_id bigint`, `is_applied boolean`, `tstamp timestamp DEFAULT now()`;
//     creating the table inserts version 0 as applied;
//   - applying inserts (version, true); rolling back deletes the version's rows (older
//     goose inserted (version, false) instead, so the newest row of a version decides);
//   - version 0 is the table's own marker, never a migration.
// goose keeps no checksum and no failed state: a migration that fails outside a
// transaction leaves no row, as with goose itself.
#include "runner/history/table_history.hpp"

namespace sluice {
namespace {

using namespace history_support;

class GooseHistory final : public EndOnlyHistory {
 public:
  using EndOnlyHistory::EndOnlyHistory;

  [[nodiscard]] std::string_view tool() const override { return "goose"; }

  [[nodiscard]] std::string recordKey(const RecordFields& migration) const override {
    return integerVersion(migration.version).value_or(migration.version);
  }
  [[nodiscard]] std::string checksumOf(const RecordFields&) const override { return {}; }
  [[nodiscard]] bool checksumMatches(const std::string&, const RecordFields&) const override { return true; }

  HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const override {
    return endOnlyActions("INSERT INTO " + quoted(session) + " (version_id, is_applied) VALUES (" +
                          session.literal(recordKey(fields)) + ", true)");
  }

  HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                 const RecordFields&) const override {
    return endOnlyActions("DELETE FROM " + quoted(session) +
                          " WHERE version_id = " + session.literal(record.migrationId));
  }

 protected:
  [[nodiscard]] std::vector<std::string> requiredColumns() const override {
    return {"id", "version_id", "is_applied", "tstamp"};
  }
  [[nodiscard]] std::string description() const override { return "goose's version table"; }

  Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const override {
    // Newest row first, as goose lists them: the first row seen of a version decides it.
    SqlResult result =
        session.exec("SELECT id, version_id, is_applied, to_char(tstamp, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') FROM " +
                     quoted(session) + " ORDER BY id DESC");
    if (!result.ok()) return queryError(table_, "read", result.error());
    std::vector<HistoryRecord> records;
    std::set<std::string> decided{"0"};
    for (int row = 0; row < result.rows(); ++row) {
      std::string version = result.value(row, 1);
      if (!decided.insert(version).second || result.value(row, 2) != "t") continue;
      HistoryRecord record;
      record.key = result.value(row, 0);
      record.migrationId = version;
      record.startedAt = record.finishedAt = result.value(row, 3);
      records.push_back(std::move(record));
    }
    std::reverse(records.begin(), records.end());
    return records;
  }

  [[nodiscard]] std::string createStatements(const PgSession& session) const override {
    return "CREATE TABLE " + quoted(session) +
           " (\n"
           "  id serial NOT NULL,\n"
           "  version_id bigint NOT NULL,\n"
           "  is_applied boolean NOT NULL,\n"
           "  tstamp timestamp NULL default now(),\n"
           "  PRIMARY KEY(id)\n"
           "); INSERT INTO " +
           quoted(session) + " (version_id, is_applied) VALUES (0, true)";
  }
};

}  // namespace

std::unique_ptr<HistoryStore> makeGooseHistory(HistoryTableName table) {
  return std::make_unique<GooseHistory>(std::move(table));
}

}  // namespace sluice
