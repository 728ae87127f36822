#include "linter/formats/prisma_next.hpp"

#include <array>

#include "linter/formats/format_support.hpp"

namespace sluice::formats {
namespace fs = std::filesystem;
namespace {

// What marks one Prisma 8 migration folder: its migration.ts, or the ops.json it compiles
// to (migration.json alone is too common a name to go by).
constexpr std::array<const char*, 2> kMigrationFiles{"migration.ts", "ops.json"};

// The Prisma 8 migration file of `sub`, a folder below `folder` ("" for `folder` itself),
// spelled under `dir`: none when it has a migration.sql. Asked relative to the open
// folder, as the loaders ask (format_support.hpp).
std::optional<fs::path> migrationFile(const OpenFolder& folder, const fs::path& dir, const std::string& sub) {
  std::string prefix = sub.empty() ? std::string() : sub + '/';
  if (folder.type(prefix + "migration.sql") == fs::file_type::regular) return std::nullopt;
  for (const char* name : kMigrationFiles) {
    if (folder.type(prefix + name) == fs::file_type::regular) return (sub.empty() ? dir : dir / sub) / name;
  }
  return std::nullopt;
}

// The first Prisma 8 migration in the subfolders of `dir` (open as `folder`).
std::optional<fs::path> firstMigrationIn(const OpenFolder& folder, const fs::path& dir) {
  for (const auto& entry : entriesOf(dir)) {
    if (!isDirectory(entry)) continue;
    if (auto file = migrationFile(folder, dir, std::string(entry.name()))) return file;
  }
  return std::nullopt;
}

Error refusalFor(const fs::path& found) {
  return Error(ErrorCode::Input,
               "this is a Prisma 8 project: " + found.lexically_normal().string() +
                   " is a Prisma 8 migration (migration.ts, migration.json, ops.json; no migration.sql), which "
                   "sluice cannot read yet",
               kPrismaNextHint);
}

}  // namespace

std::optional<Error> prismaNextRefusal(const fs::path& dir, bool scanMigrationFolders) {
  if (!isDirectory(dir)) return std::nullopt;
  OpenFolder folder(dir);
  std::optional<fs::path> found = migrationFile(folder, dir, "");
  if (!found && isDirectory(dir / "app")) found = firstMigrationIn(OpenFolder(dir / "app"), dir / "app");
  if (!found && scanMigrationFolders) found = firstMigrationIn(folder, dir);
  if (!found) return std::nullopt;
  return refusalFor(*found);
}

std::optional<Error> prismaNextFolderRefusal(const OpenFolder& folder, const fs::path& dir, const std::string& name) {
  std::optional<fs::path> found = migrationFile(folder, dir, name);
  if (!found) return std::nullopt;
  return refusalFor(*found);
}

}  // namespace sluice::formats
