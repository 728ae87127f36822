#include "runner/history_support.hpp"

#include <random>

namespace sluice {

std::string randomUuidV4() {
  std::random_device device;
  std::uniform_int_distribution<int> byte(0, 255);
  unsigned char bytes[16];
  for (unsigned char& b : bytes) b = static_cast<unsigned char>(byte(device));
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 15]);
  }
  return out;
}

namespace history_support {

std::string isoColumn(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

std::string startedExpression(std::int64_t elapsedMs) {
  return "clock_timestamp() - make_interval(secs => " + std::to_string(static_cast<double>(elapsedMs) / 1000.0) + ")";
}

std::string optionalLiteral(const PgSession& session, const std::optional<std::string>& text) {
  return text ? session.literal(*text) : std::string("NULL");
}

Error queryError(const HistoryTableName& name, const std::string& what, const SqlError& error) {
  return Error(error.connectionLost ? ErrorCode::Unreachable : ErrorCode::Input,
               "cannot " + what + " the history table " + name.display() + ": " + error.summary(),
               error.sqlstate != "42501" ? std::string()
               : what == "create"
                   ? "the database user needs CREATE on schema " + name.schema +
                         " (or create the table once as a user who has it, and grant this one SELECT, INSERT, "
                         "UPDATE and DELETE)"
                   : "the database user needs SELECT, INSERT, UPDATE and DELETE on it");
}

Expected<TableInfo> inspectTable(PgSession& session, const HistoryTableName& name) {
  SqlResult result = session.execParams(
      "SELECT a.attname, obj_description(c.oid, 'pg_class') FROM pg_class c "
      "JOIN pg_namespace n ON n.oid = c.relnamespace "
      "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
      "WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')",
      {name.schema, name.table});
  if (!result.ok()) return queryError(name, "inspect", result.error());
  TableInfo info;
  info.exists = result.rows() > 0;
  for (int row = 0; row < result.rows(); ++row) {
    info.columns.insert(result.value(row, 0));
    info.comment = result.value(row, 1);
  }
  return info;
}

Status ensureSchema(PgSession& session, const std::string& schema) {
  SqlResult found = session.execParams("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema});
  if (!found.ok()) return Error(ErrorCode::Input, "cannot look up schema " + schema + ": " + found.error().summary());
  if (found.rows() > 0) return {};
  SqlResult created = session.exec("CREATE SCHEMA IF NOT EXISTS " + session.identifier(schema));
  if (!created.ok()) {
    return Error(ErrorCode::Input,
                 "cannot create schema " + schema + " for the history table: " + created.error().summary(),
                 "create it first, or choose another one with --history-schema");
  }
  return {};
}

}  // namespace history_support
}  // namespace sluice
