#pragma once
// Pieces both history tables use.

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

}  // namespace sluice::history_support
