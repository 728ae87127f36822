#include "snapshot/catalog.hpp"

namespace sluice::snapshot {
namespace {

// Schemas that never hold user data.
constexpr const char* kUserNamespace =
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
    "AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

// Objects created by CREATE EXTENSION (pg_depend deptype 'e').
constexpr const char* kExtensionMember =
    "EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass "
    "AND d.objid = c.oid AND d.deptype = 'e')";

std::uint64_t toCount(const std::string& text) { return text.empty() ? 0 : std::stoull(text); }

}  // namespace

Expected<DatabaseFacts> readDatabaseFacts(PgSession& session) {
  auto rows = session.query(
      "SELECT current_database() AS database, pg_catalog.pg_encoding_to_char(d.encoding) AS encoding, "
      "pg_catalog.version() AS version, pg_catalog.current_setting('server_version_num') AS version_num, "
      "EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'public') AS public_schema, "
      "(SELECT count(*) FROM pg_catalog.pg_largeobject_metadata) AS large_objects, "
      "pg_catalog.pg_database_size(d.oid) AS bytes, "
      "(SELECT COALESCE(json_agg(rolname ORDER BY rolname), '[]') FROM pg_catalog.pg_roles "
      " WHERE rolname !~ '^pg_') AS roles "
      "FROM pg_catalog.pg_database d WHERE d.datname = current_database()");
  if (!rows) return rows.takeError();
  if (rows->rows() == 0) {
    // Only when the database is dropped or renamed while sluice reads it.
    return Error(ErrorCode::Unreachable, "the current database is no longer in pg_database",
                 "was it dropped or renamed while the snapshot started? Check the database name and run again");
  }
  DatabaseFacts facts;
  facts.database = rows->value(0, "database");
  facts.encoding = rows->value(0, "encoding");
  facts.serverVersion = rows->value(0, "version");
  facts.serverVersionNum = std::stoi(rows->value(0, "version_num"));
  facts.publicSchema = rows->value(0, "public_schema") == "t";
  facts.largeObjects = toCount(rows->value(0, "large_objects"));
  facts.databaseBytes = toCount(rows->value(0, "bytes"));
  for (const auto& role : nlohmann::json::parse(rows->value(0, "roles")))
    facts.roles.push_back(role.get<std::string>());
  return facts;
}

Expected<std::vector<TableToCopy>> listTablesToCopy(PgSession& session) {
  std::string sql =
      "SELECT n.nspname AS schema, c.relname AS name, pg_catalog.pg_table_size(c.oid) AS bytes, "
      "pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::int AS blocks, "
      "COALESCE((SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a "
      "  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''), '[]') "
      "  AS columns, "
      "x.extcondition[array_position(x.extconfig, c.oid)] AS filter, x.oid IS NOT NULL AS extension_config "
      "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "LEFT JOIN pg_catalog.pg_extension x ON c.oid = ANY (x.extconfig) "
      "WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND " +
      std::string(kUserNamespace) + " AND (x.oid IS NOT NULL OR NOT " + kExtensionMember +
      ") ORDER BY pg_catalog.pg_table_size(c.oid) DESC, n.nspname, c.relname";
  auto rows = session.query(sql);
  if (!rows) return rows.takeError();
  std::vector<TableToCopy> tables;
  for (int i = 0; i < rows->rows(); ++i) {
    TableToCopy table;
    table.schema = rows->value(i, "schema");
    table.name = rows->value(i, "name");
    table.relationBytes = toCount(rows->value(i, "bytes"));
    table.heapBlocks = toCount(rows->value(i, "blocks"));
    for (const auto& column : nlohmann::json::parse(rows->value(i, "columns"))) {
      table.columns.push_back(column.get<std::string>());
    }
    table.extensionFilter = rows->value(i, "filter");
    table.extensionConfig = rows->value(i, "extension_config") == "t";
    tables.push_back(std::move(table));
  }
  return tables;
}

std::string copyOutStatement(const PgSession& session, const TableToCopy& table,
                             const std::optional<BlockRange>& range) {
  std::string columns;
  for (const std::string& column : table.columns) {
    if (!columns.empty()) columns += ", ";
    columns += session.identifier(column);
  }
  std::string relation = session.qualifiedName(table.schema, table.name);
  if (table.extensionConfig && !table.extensionFilter.empty()) {
    return "COPY (SELECT " + columns + " FROM " + relation + " " + table.extensionFilter + ") TO STDOUT";
  }
  if (range) {
    std::string where = "ctid >= '(" + std::to_string(range->first) + ",0)'::tid";
    if (range->end != 0) where += " AND ctid < '(" + std::to_string(range->end) + ",0)'::tid";
    // A table without stored columns still has rows: SELECT with an empty list.
    return "COPY (SELECT " + columns + " FROM ONLY " + relation + " WHERE " + where + ") TO STDOUT";
  }
  // A table without stored columns still has rows; COPY writes an empty line for each.
  return "COPY " + relation + (columns.empty() ? "" : " (" + columns + ")") + " TO STDOUT";
}

Expected<std::pair<std::string, std::uint64_t>> sequenceScript(PgSession& session) {
  auto list = session.query(
      "SELECT n.nspname AS schema, c.relname AS name FROM pg_catalog.pg_class c "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND " +
      std::string(kUserNamespace) + " AND NOT " + kExtensionMember + " ORDER BY 1, 2");
  if (!list) return list.takeError();
  std::string script;
  std::uint64_t count = 0;
  constexpr int kBatch = 500;
  for (int start = 0; start < list->rows(); start += kBatch) {
    std::string sql;
    int end = std::min(list->rows(), start + kBatch);
    for (int i = start; i < end; ++i) {
      if (!sql.empty()) sql += " UNION ALL ";
      sql += "SELECT " + std::to_string(i) + " AS i, last_value::text AS v, is_called FROM " +
             session.qualifiedName(list->value(i, "schema"), list->value(i, "name"));
    }
    auto values = session.query(sql + " ORDER BY 1");
    if (!values) return values.takeError();
    for (int row = 0; row < values->rows(); ++row) {
      int i = std::stoi(values->value(row, "i"));
      std::string regclass = session.qualifiedName(list->value(i, "schema"), list->value(i, "name"));
      script += "SELECT pg_catalog.setval(" + session.literal(regclass) + ", " + values->value(row, "v") + ", " +
                (values->value(row, "is_called") == "t" ? "true" : "false") + ");\n";
      ++count;
    }
  }
  return std::make_pair(std::move(script), count);
}

Expected<nlohmann::json> readHistoryRows(PgSession& session, const std::string& schema, const std::string& table) {
  auto rows =
      session.query("SELECT COALESCE(json_agg(row_to_json(t) ORDER BY row_to_json(t)::text), '[]') AS rows FROM " +
                    session.qualifiedName(schema, table) + " t");
  if (!rows) return rows.takeError();
  return nlohmann::json::parse(rows->value(0, "rows"));
}

Expected<std::vector<HistoryTable>> readHistory(PgSession& session, const HistoryLocation& location) {
  std::vector<HistoryTable> out;
  auto prisma = session.query(
      "SELECT n.nspname AS schema FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
      "ON n.oid = c.relnamespace WHERE c.relname = '_prisma_migrations' AND c.relkind IN ('r', 'p') AND " +
      std::string(kUserNamespace) + " ORDER BY 1");
  if (!prisma) return prisma.takeError();
  for (int i = 0; i < prisma->rows(); ++i) {
    HistoryTable table{"prisma", prisma->value(i, "schema"), "_prisma_migrations", {}};
    auto rows = readHistoryRows(session, table.schema, table.table);
    if (!rows) return rows.takeError();
    table.rows = std::move(*rows);
    out.push_back(std::move(table));
  }
  // A Prisma project's history table is _prisma_migrations itself: it is listed once.
  for (const HistoryTable& table : out) {
    if (table.schema == location.schema && table.table == location.table) return out;
  }
  auto sluice = session.query("SELECT pg_catalog.to_regclass(" +
                              session.literal(session.qualifiedName(location.schema, location.table)) +
                              ") IS NOT NULL AS present");
  if (!sluice) return sluice.takeError();
  if (sluice->value(0, "present") == "t") {
    HistoryTable table{"sluice", location.schema, location.table, {}};
    auto rows = readHistoryRows(session, table.schema, table.table);
    if (!rows) return rows.takeError();
    table.rows = std::move(*rows);
    out.push_back(std::move(table));
  }
  return out;
}

}  // namespace sluice::snapshot
