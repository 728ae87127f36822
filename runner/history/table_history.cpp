#include "runner/history/table_history.hpp"

#include <random>

#include "runner/migration_files.hpp"

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

bool HistoryStore::covers(const HistoryRecord&, const std::string&) const { return false; }

std::string HistoryStore::checksumOf(const RecordFields& migration) const { return migration.checksum; }

bool HistoryStore::checksumMatches(const std::string& recorded, const RecordFields& migration) const {
  return migration.text != nullptr ? sluice::checksumMatches(recorded, *migration.text)
                                   : recorded == migration.checksum;
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

std::string keyList(const PgSession& session, const std::vector<HistoryRecord>& records) {
  std::string keys;
  for (const HistoryRecord& record : records) keys += (keys.empty() ? "" : ", ") + session.literal(record.key);
  return keys;
}

std::optional<std::string> integerVersion(std::string_view version) {
  if (version.empty() || version.size() > 19) return std::nullopt;
  for (char c : version) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::size_t first = version.find_first_not_of('0');
  return first == std::string_view::npos ? std::string("0") : std::string(version.substr(first));
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

Expected<bool> TableHistory::exists(PgSession& session) const {
  auto info = inspectTable(session, table_);
  if (!info) return info.takeError();
  if (!info->exists) return false;
  if (auto problem = checkTable(*info)) return std::move(*problem);
  for (const std::string& column : requiredColumns()) {
    if (!info->columns.contains(column)) {
      return Error(ErrorCode::Input,
                   table_.display() + " exists but is not " + description() + " (no column `" + column + "`)",
                   "rename or drop that table, or point sluice at another schema with --history-schema");
    }
  }
  return true;
}

Expected<std::vector<HistoryRecord>> TableHistory::read(PgSession& session) const {
  auto present = exists(session);
  if (!present) return present.takeError();
  if (!*present) return std::vector<HistoryRecord>{};
  return readRows(session);
}

Status TableHistory::create(PgSession& session) const {
  auto present = exists(session);
  if (!present) return present.takeError();
  if (*present) return {};
  if (auto status = ensureSchema(session, table_.schema); !status) return status;
  SqlResult result = session.exec("BEGIN; " + createStatements(session) + "; COMMIT");
  if (!result.ok()) {
    if (session.transactionStatus() != TransactionStatus::Idle) session.exec("ROLLBACK");
    return queryError(table_, "create", result.error());
  }
  return {};
}

HistoryActions endOnlyActions(const std::string& record) {
  HistoryActions actions;
  actions.finalInTransaction = [record](std::int64_t) { return record; };
  actions.progress = [](int) { return std::string(); };
  actions.markFinished = [record](std::int64_t) { return record; };
  actions.markFailed = [](int, const std::string&) { return std::string(); };
  return actions;
}

}  // namespace history_support
}  // namespace sluice
