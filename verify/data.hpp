#pragma once
// Whether a migration followed by its rollback keeps the rows of the tables it does not
// drop, for `sluice verify --seed`: every user table is measured (row count and a
// checksum of its rows as text, in a stable order) before the migration and after its
// rollback; a table that exists before the migration and after it must come back with
// the same rows. A rollback that re-adds a dropped column with NULLs, or recreates a
// table empty, shows up here while the schema comparison sees nothing wrong.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/pg_session.hpp"

namespace sluice {

struct TableData {
  std::int64_t rows = 0;
  std::string checksum;  // md5 of the rows' text, sorted
};

// Keyed by table name ("orders", "billing.invoice").
using DataSnapshot = std::map<std::string, TableData>;

// Every ordinary table of the user schemas.
Expected<DataSnapshot> measureData(PgSession& session);

// The tables of `tables` (the schema between migration and rollback) whose rows
// differ between `before` and `after`, one line each.
std::vector<std::string> dataLosses(const DataSnapshot& before, const DataSnapshot& after,
                                    const std::vector<std::string>& tablesAfterMigration);

}  // namespace sluice
