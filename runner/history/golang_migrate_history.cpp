// golang-migrate's `schema_migrations`, as golang-migrate/migrate creates, reads and
// writes it on PostgreSQL (database/postgres/postgres.go: ensureVersionTable,
// SetVersion, Version; migrate.go runs a migration between two SetVersion calls):
//   - `version bigint not null primary key, dirty boolean not null`, one row at most:
//     the current version; every migration up to it is applied;
//   - before a migration runs the row says (version, dirty = true), after it (version,
//     false); a dirty row is a migration that failed or was interrupted part-way, and
//     golang-migrate refuses to run until `migrate force` (here: `sluice resolve`);
//   - rolling back writes the version before it (no row when there is none).
// golang-migrate keeps no checksum. sluice writes the final row inside the migration's
// transaction, so a transactional migration is never left dirty.
#include "runner/history/table_history.hpp"

namespace sluice {
namespace {

using namespace history_support;

// Compares two decimal integers without leading zeros.
bool integerBefore(const std::string& left, const std::string& right) {
  return left.size() != right.size() ? left.size() < right.size() : left < right;
}

class GolangMigrateHistory final : public TableHistory {
 public:
  using TableHistory::TableHistory;

  [[nodiscard]] std::string_view tool() const override { return "golang-migrate"; }

  [[nodiscard]] std::string recordKey(const RecordFields& migration) const override {
    return integerVersion(migration.version).value_or(migration.version);
  }
  [[nodiscard]] bool covers(const HistoryRecord& record, const std::string& key) const override {
    return integerVersion(key) && integerVersion(record.migrationId) && integerBefore(key, record.migrationId);
  }
  [[nodiscard]] std::string checksumOf(const RecordFields&) const override { return {}; }
  [[nodiscard]] bool checksumMatches(const std::string&, const RecordFields&) const override { return true; }

  HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const override {
    std::string version = recordKey(fields);
    std::string applied = setVersion(session, version, false);
    HistoryActions actions;
    actions.finalInTransaction = [applied](std::int64_t) { return applied; };
    actions.markStarted = setVersion(session, version, true);
    actions.progress = [](int) { return std::string(); };
    actions.markFinished = actions.finalInTransaction;
    actions.markFailed = [](int, const std::string&) { return std::string(); };  // stays dirty
    actions.unmarkStarted = previousRow(session, fields);
    return actions;
  }

  HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                 const RecordFields& fields) const override {
    std::string previous = previousRow(session, fields);
    std::string target = fields.previousVersion.empty() ? std::string("-1") : recordKey(previousFields(fields));
    HistoryActions actions;
    actions.finalInTransaction = [previous](std::int64_t) { return previous; };
    actions.markStarted = setVersion(session, target, true);
    actions.progress = [](int) { return std::string(); };
    actions.markFinished = actions.finalInTransaction;
    actions.markFailed = [](int, const std::string&) { return std::string(); };
    actions.unmarkStarted = setVersion(session, record.migrationId, false);
    return actions;
  }

  std::string resolveApplied(const PgSession& session, const std::vector<HistoryRecord>&,
                             const RecordFields& fields) const override {
    return setVersion(session, recordKey(fields), false);
  }

  std::string resolveRolledBack(const PgSession& session, const std::vector<HistoryRecord>&,
                                const RecordFields& fields) const override {
    return previousRow(session, fields);
  }

 protected:
  [[nodiscard]] std::vector<std::string> requiredColumns() const override { return {"version", "dirty"}; }
  [[nodiscard]] std::string description() const override { return "golang-migrate's migrations table"; }

  Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const override {
    SqlResult result = session.exec("SELECT version, dirty FROM " + quoted(session) + " LIMIT 1");
    if (!result.ok()) return queryError(table_, "read", result.error());
    std::vector<HistoryRecord> records;
    if (result.rows() == 0 || result.value(0, 0) == "-1") return records;  // -1: golang-migrate's "no version"
    HistoryRecord record;
    record.key = record.migrationId = result.value(0, 0);
    record.coversEarlier = true;
    if (result.value(0, 1) == "t") {
      record.state = RecordState::Failed;
      record.log =
          "golang-migrate records version " + record.migrationId + " as dirty: it failed or was interrupted part-way";
    }
    records.push_back(std::move(record));
    return records;
  }

  [[nodiscard]] std::string createStatements(const PgSession& session) const override {
    return "CREATE TABLE IF NOT EXISTS " + quoted(session) +
           " (version bigint not null primary key, dirty boolean not null)";
  }

 private:
  // The one row golang-migrate keeps, replaced as its SetVersion does.
  [[nodiscard]] std::string setVersion(const PgSession& session, const std::string& version, bool dirty) const {
    return "DELETE FROM " + quoted(session) + "; INSERT INTO " + quoted(session) + " (version, dirty) VALUES (" +
           session.literal(version) + ", " + (dirty ? "true" : "false") + ")";
  }
  static RecordFields previousFields(const RecordFields& fields) {
    RecordFields previous;
    previous.version = fields.previousVersion;
    return previous;
  }
  // The table as it is when this migration is not applied: the version before it, or
  // no row at all.
  [[nodiscard]] std::string previousRow(const PgSession& session, const RecordFields& fields) const {
    return fields.previousVersion.empty() ? "DELETE FROM " + quoted(session)
                                          : setVersion(session, recordKey(previousFields(fields)), false);
  }
};

}  // namespace

std::unique_ptr<HistoryStore> makeGolangMigrateHistory(HistoryTableName table) {
  return std::make_unique<GolangMigrateHistory>(std::move(table));
}

}  // namespace sluice
