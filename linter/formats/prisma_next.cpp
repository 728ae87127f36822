#include "linter/formats/prisma_next.hpp"

#include <array>

#include "linter/formats/format_support.hpp"

namespace sluice::formats {
namespace fs = std::filesystem;
namespace {

// What marks one Prisma 8 migration folder: its migration.ts, or the ops.json it compiles
// to (migration.json alone is too common a name to go by).
constexpr std::array<const char*, 2> kMigrationFiles{"migration.ts", "ops.json"};

std::optional<fs::path> migrationFile(const fs::path& folder) {
  if (isRegularFile(folder / "migration.sql")) return std::nullopt;
  for (const char* name : kMigrationFiles) {
    if (isRegularFile(folder / name)) return folder / name;
  }
  return std::nullopt;
}

// The first Prisma 8 migration in `dir`'s subfolders, asked relative to `dir`.
std::optional<fs::path> firstMigrationIn(const fs::path& dir) {
  OpenFolder folder(dir);
  for (const auto& entry : entriesOf(dir)) {
    if (!isDirectory(entry)) continue;
    std::string name = std::string(entry.name()) + '/';
    if (folder.type(name + "migration.sql") == fs::file_type::regular) continue;
    for (const char* file : kMigrationFiles) {
      if (folder.type(name + file) == fs::file_type::regular) return entry.path() / file;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Error> prismaNextRefusal(const fs::path& dir) {
  if (!isDirectory(dir)) return std::nullopt;
  std::optional<fs::path> found = migrationFile(dir);
  if (!found && isDirectory(dir / "app")) found = firstMigrationIn(dir / "app");
  if (!found) found = firstMigrationIn(dir);
  if (!found) return std::nullopt;
  return Error(ErrorCode::Input,
               "this is a Prisma 8 project: " + found->lexically_normal().string() +
                   " is a Prisma 8 migration (migration.ts, migration.json, ops.json; no migration.sql), which "
                   "sluice cannot read yet",
               kPrismaNextHint);
}

}  // namespace sluice::formats
