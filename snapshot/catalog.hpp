#pragma once
// What a snapshot reads from the catalog, inside the snapshot's transaction: facts
// about the server and database, the tables whose rows it copies, sequence values and
// the migration history tables.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/pg_session.hpp"
#include "snapshot/manifest.hpp"

namespace sluice::snapshot {

struct DatabaseFacts {
  std::string database;
  std::string encoding;
  std::string serverVersion;
  int serverVersionNum = 0;
  bool publicSchema = true;
  std::vector<std::string> roles;
  std::uint64_t largeObjects = 0;
  std::uint64_t databaseBytes = 0;
};

Expected<DatabaseFacts> readDatabaseFacts(PgSession& session);

struct TableToCopy {
  std::string schema;
  std::string name;
  std::vector<std::string> columns;  // stored columns in attnum order (no generated ones)
  std::uint64_t relationBytes = 0;   // heap + TOAST, without indexes
  std::uint64_t heapBlocks = 0;      // main fork, in blocks
  std::string extensionFilter;       // for extension configuration tables: the WHERE clause
  bool extensionConfig = false;
};

// Every table whose rows belong in a snapshot: ordinary tables and leaf partitions
// outside the system schemas, without temporary tables and without tables that belong
// to an extension (CREATE EXTENSION makes those), except extension configuration
// tables, whose user rows are copied like pg_dump does. Largest first.
Expected<std::vector<TableToCopy>> listTablesToCopy(PgSession& session);

// A range of heap blocks [first, end); `end` 0 means to the end of the table (rows
// added after the snapshot started are invisible to it anyway).
struct BlockRange {
  std::uint64_t first = 0;
  std::uint64_t end = 0;
};

// The COPY statement that reads a table's rows, or those in `range` (a TID range scan,
// PostgreSQL 14 and later).
std::string copyOutStatement(const PgSession& session, const TableToCopy& table,
                             const std::optional<BlockRange>& range = std::nullopt);

// `SELECT pg_catalog.setval(...)` for every sequence (not extension members); returns
// the script and the number of sequences.
Expected<std::pair<std::string, std::uint64_t>> sequenceScript(PgSession& session);

struct HistoryLocation {
  std::string schema = "public";
  std::string table = "sluice_migrations";
};

// `_prisma_migrations` in any schema and sluice's own history table, with their rows
// in a stable order. The session's TimeZone must be UTC so that timestamps compare.
Expected<std::vector<HistoryTable>> readHistory(PgSession& session, const HistoryLocation& location);

// The rows of one history table, as readHistory orders them.
Expected<nlohmann::json> readHistoryRows(PgSession& session, const std::string& schema, const std::string& table);

}  // namespace sluice::snapshot
