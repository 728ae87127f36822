#pragma once
// What a migrations folder contains, independent of how it is linted or applied.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

enum class LayoutKind {
  Prisma,         // DIR/<version>_<name>/migration.sql (+ optional down.sql), migration_lock.toml
  Paired,         // <version>_<name>.sql + <version>_<name>_rollback.sql
  UpDownFiles,    // <version>_<name>.up.sql + .down.sql (golang-migrate, ory/popx)
  UpDownFolders,  // <version>_<name>/up.sql + down.sql (Diesel)
  Plain,          // sequential .sql files without rollbacks
  SingleFile,     // one file outside any layout
};

std::string_view layoutName(LayoutKind layout);
std::optional<LayoutKind> parseLayoutName(std::string_view name);
// Whether the layout's runner records history in sluice's own table (all but Prisma).
bool usesSluiceHistory(LayoutKind layout);
// Whether migrations of this layout are expected to have a rollback.
bool expectsRollback(LayoutKind layout);

// How the tool that runs a migration sends it to PostgreSQL.
enum class TransactionMode {
  // sluice's runner: the whole migration in one transaction, unless it contains a
  // statement that cannot run in one or its own BEGIN/COMMIT.
  Runner,
  // Prisma: the whole file in one simple-query message, which PostgreSQL runs as one
  // implicit transaction when it holds more than one statement.
  SimpleQuery,
  // Declared non-transactional (`-- sluice:no-transaction`, Diesel's
  // `run_in_transaction = false`, popx's `.autocommit.`): statement by statement.
  None,
};

struct Migration {
  std::string id;       // folder name or file stem: "20240101000000_init"
  std::string version;  // "20240101000000", "0001", "2019-02-26-002946"
  std::string name;     // "init"
  LayoutKind layout = LayoutKind::SingleFile;
  std::filesystem::path forward;                  // migration.sql, up.sql, x.sql, x.up.sql
  std::optional<std::filesystem::path> rollback;  // down.sql, x_rollback.sql, x.down.sql
  // From the layout's own metadata (metadata.toml, file name); the file's directive
  // `-- sluice:no-transaction` is read by the linter and the runner from the SQL.
  std::optional<bool> runInTransaction;
  // ory/popx splits one logical migration into parts: versions made of a 14-digit
  // timestamp and a 6-digit part number, with the same name. The parts apply in order
  // and roll back in reverse order, so that the rollback of part 3 may undo part 5.
  // The id of the logical migration for its parts; empty for a migration on its own.
  std::string group;
};

struct MigrationSet {
  std::filesystem::path root;
  LayoutKind layout = LayoutKind::SingleFile;
  std::vector<Migration> migrations;                   // in apply order
  std::vector<std::filesystem::path> orphanRollbacks;  // rollback files without a forward file
  std::optional<std::filesystem::path> prismaLockFile;
  // Files the layout's runner never runs on PostgreSQL, with the reason: ory/popx runs
  // `<version>_<name>.postgres.up.sql` instead of the dialect-neutral file of the same
  // version, and skips files of other dialects (`.mysql.`, `.sqlite3.`, `.cockroach.`).
  std::vector<std::pair<std::filesystem::path, std::string>> notRun;
};

}  // namespace sluice
