#pragma once
// `sluice new NAME`: the next migration, and its rollback, in the folder's layout, with a
// UTC timestamp as its version (YYYYMMDDHHMMSS; YYYY-MM-DD-HHMMSS in a Diesel folder
// whose migrations use that form), always sorting after the newest existing one.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "linter/migration.hpp"

namespace sluice {

struct ScaffoldResult {
  const MigrationFormat* layout = nullptr;
  bool layoutDetected = false;  // false: chosen for an empty folder
  std::string id;
  std::vector<std::filesystem::path> created;
};

// Names: letters, digits, '_' and '-', starting with a letter or digit, at most 100 bytes.
Status validateMigrationName(const std::string& name);

// What the new migration holds instead of the templates (for `sluice fix`): its SQL and
// its rollback's, and whether it must run outside a transaction (goose's NO TRANSACTION,
// dbmate's transaction:false; sluice's runner and one-statement Prisma files need nothing).
struct ScaffoldContent {
  std::string forwardSql;
  std::string rollbackSql;
  bool outsideTransaction = false;
};

Expected<ScaffoldResult> scaffoldMigration(const std::filesystem::path& dir, const std::string& name,
                                           const MigrationFormat* layout,
                                           std::chrono::system_clock::time_point now = std::chrono::system_clock::now(),
                                           const ScaffoldContent* content = nullptr);

}  // namespace sluice
