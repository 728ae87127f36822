#pragma once
// What every history store shares: finding its table and telling it from another table
// of the same name, reading only a table that is there, creating it (and its schema) in
// one transaction, and the SQL pieces the stores build their rows with.

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "runner/history.hpp"

namespace sluice::history_support {

// A UTC timestamp column as ISO 8601 text ("2024-01-01T10:00:00.123Z"), in SQL.
std::string isoColumn(const std::string& column);
// `clock_timestamp()` minus the migration's elapsed time: when it started, by the
// server's clock.
std::string startedExpression(std::int64_t elapsedMs);
std::string optionalLiteral(const PgSession& session, const std::optional<std::string>& text);
// "'a', 'b'": the keys of the records as SQL literals, for `IN (...)`.
std::string keyList(const PgSession& session, const std::vector<HistoryRecord>& records);

struct TableInfo {
  bool exists = false;
  std::set<std::string> columns;
  std::string comment;
};
// Whether schema.table exists as a table, its columns and comment.
Expected<TableInfo> inspectTable(PgSession& session, const HistoryTableName& name);
// Creates the schema when it does not exist (without needing CREATE on the database
// when it does).
Status ensureSchema(PgSession& session, const std::string& schema);
Error queryError(const HistoryTableName& name, const std::string& what, const SqlError& error);

// The decimal integer a version names, without leading zeros ("0042" -> "42"), as
// tools that keep versions in a bigint column store it; nullopt when it is not one.
std::optional<std::string> integerVersion(std::string_view version);

// A store whose history lives in one table (plus, for some tools, tables beside it).
class TableHistory : public HistoryStore {
 public:
  explicit TableHistory(HistoryTableName table) : table_(std::move(table)) {}

  [[nodiscard]] const HistoryTableName& table() const override { return table_; }
  Expected<bool> exists(PgSession& session) const override;
  Expected<std::vector<HistoryRecord>> read(PgSession& session) const override;
  Status create(PgSession& session) const override;

 protected:
  // Columns without which the table is not this tool's ("no column `x`").
  [[nodiscard]] virtual std::vector<std::string> requiredColumns() const = 0;
  // "Prisma's migrations table", for the message about a table that is not it.
  [[nodiscard]] virtual std::string description() const = 0;
  // More checks of a table that exists (a format number in its comment).
  [[nodiscard]] virtual std::optional<Error> checkTable(const TableInfo&) const { return std::nullopt; }
  // Reads the rows of a table that exists.
  virtual Expected<std::vector<HistoryRecord>> readRows(PgSession& session) const = 0;
  // The statements that create the table (and whatever goes with it), run in one
  // transaction after the schema exists.
  [[nodiscard]] virtual std::string createStatements(const PgSession& session) const = 0;

  // Runs `query` and makes one record of each row it returns, in order: `fill(result, row,
  // record)` reads the row's columns into the record.
  template <class Fill>
  Expected<std::vector<HistoryRecord>> recordsOf(PgSession& session, const std::string& query, Fill fill) const {
    SqlResult result = session.exec(query);
    if (!result.ok()) return queryError(table_, "read", result.error());
    std::vector<HistoryRecord> records(static_cast<std::size_t>(result.rows()));
    for (int row = 0; row < result.rows(); ++row) fill(result, row, records[static_cast<std::size_t>(row)]);
    return records;
  }

  [[nodiscard]] std::string quoted(const PgSession& session) const { return table_.quoted(session); }
  // The schema's other tables, for stores that keep more than one (sqitch, Drizzle's schema).
  [[nodiscard]] std::string sibling(const PgSession& session, const std::string& name) const {
    return session.identifier(table_.schema) + "." + session.identifier(name);
  }

  HistoryTableName table_;
};

// Actions of a table that records a migration only once it has run to its end and
// knows no "started" or "failed" state (goose, dbmate, Drizzle, sqitch): the same
// statements record the end inside the migration's transaction or after the last
// statement outside one; a failure outside a transaction leaves no trace in the table.
HistoryActions endOnlyActions(const std::string& record);

// A store of such a table: with no failed records, `resolve --applied` records the
// migration as applying it would, and `resolve --rolled-back` has nothing to undo.
class EndOnlyHistory : public TableHistory {
 public:
  using TableHistory::TableHistory;

  [[nodiscard]] bool recordsFailures() const override { return false; }

  std::string resolveApplied(const PgSession& session, const std::vector<HistoryRecord>&,
                             const RecordFields& fields) const override {
    return applyActions(session, fields).finalInTransaction(0);
  }
  std::string resolveRolledBack(const PgSession&, const std::vector<HistoryRecord>&,
                                const RecordFields&) const override {
    return {};
  }
};

}  // namespace sluice::history_support
