#include "verify/data.hpp"

#include <algorithm>

namespace sluice {

Expected<DataSnapshot> measureData(PgSession& session) {
  SqlResult tables = session.exec(
      "SELECT n.nspname, c.relname, CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END || c.relname "
      "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND "
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT "
      "LIKE 'pg\\_temp\\_%' ORDER BY 3");
  if (!tables.ok()) return tables.error().toError("cannot list the tables");
  DataSnapshot snapshot;
  for (int row = 0; row < tables.rows(); ++row) {
    std::string table = session.identifier(tables.value(row, 0)) + "." + session.identifier(tables.value(row, 1));
    SqlResult measured = session.exec(
        "SELECT count(*)::text, pg_catalog.md5(coalesce(pg_catalog.string_agg(t::text, E'\\n' ORDER BY t::text), "
        "'')) FROM " +
        table + " t");
    if (!measured.ok()) return measured.error().toError("cannot read the rows of " + table);
    snapshot[tables.value(row, 2)] = TableData{std::stoll(measured.value(0, 0)), measured.value(0, 1)};
  }
  return snapshot;
}

std::vector<std::string> dataLosses(const DataSnapshot& before, const DataSnapshot& after,
                                    const std::vector<std::string>& tablesAfterMigration) {
  std::vector<std::string> out;
  for (const auto& [table, was] : before) {
    if (was.rows == 0) continue;
    // A table the migration drops cannot come back with its rows: irreversible-change
    // says so before anything runs.
    if (std::find(tablesAfterMigration.begin(), tablesAfterMigration.end(), table) == tablesAfterMigration.end()) {
      continue;
    }
    auto now = after.find(table);
    std::string name = "`" + table + "`";
    if (now == after.end()) {
      out.push_back("rollback loses table " + name + " and its " + std::to_string(was.rows) + " rows");
    } else if (now->second.rows < was.rows) {
      out.push_back("rollback loses " + std::to_string(was.rows - now->second.rows) + " of the " +
                    std::to_string(was.rows) + " rows of " + name);
    } else if (now->second.rows > was.rows) {
      out.push_back("rollback leaves " + std::to_string(now->second.rows - was.rows) + " extra rows in " + name + " (" +
                    std::to_string(was.rows) + " before the migration)");
    } else if (now->second.checksum != was.checksum) {
      out.push_back("rollback changes the values of rows of " + name + " (" + std::to_string(was.rows) +
                    " rows, checksum " + was.checksum.substr(0, 8) + " before, " + now->second.checksum.substr(0, 8) +
                    " after)");
    }
  }
  return out;
}

}  // namespace sluice
