// Prisma Migrate: DIR/<YYYYMMDDHHMMSS>_<name>/migration.sql, an optional down.sql beside
// it, DIR/migration_lock.toml. Prisma orders the folders with JavaScript's localeCompare
// (prisma_order.hpp) and sends each migration.sql as one simple-query message (facts
// from prisma-engines' and prisma/prisma's source).
#include <algorithm>

#include "linter/formats/format_support.hpp"
#include "linter/formats/prisma_next.hpp"
#include "linter/formats/prisma_order.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

std::string hexByte(char c) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  auto byte = static_cast<unsigned char>(c);
  return {kDigits[byte >> 4], kDigits[byte & 15]};
}

class Prisma final : public MigrationFormat {
 public:
  Prisma()
      : MigrationFormat({.name = "prisma",
                         .tool = "Prisma",
                         .historyTool = "prisma",
                         .summary = "Prisma Migrate: <version>_<name>/migration.sql (+ down.sql)",
                         .forwardFileName = "migration.sql",
                         .ownsSubfolders = true,
                         .expectsRollback = true,
                         .detectionStrength = 100}) {}

  Detection detect(const FolderListing& folder) const override {
    if (folder.hasFile("migration_lock.toml")) return {100, "migration_lock.toml"};
    return countedEvidence(100, countMigrationFolders(folder, "migration.sql"), "folder", " with migration.sql");
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    // A folder without migration.sql may be Prisma 8's (prisma_next.hpp).
    Expected<MigrationSet> loaded = loadMigrationFolders(dir, *this, prismaNextFolderRefusal);
    if (!loaded) return loaded;
    MigrationSet& set = *loaded;
    if (isRegularFile(dir / "migration_lock.toml")) set.prismaLockFile = dir / "migration_lock.toml";
    for (const Migration& migration : set.migrations) {
      if (auto c = formats::unorderableCharacter(migration.id)) {
        return Error(ErrorCode::Input,
                     "cannot tell where Prisma applies `" + migration.id + "`: its name has a character (byte 0x" +
                         hexByte(*c) + ") whose place in Prisma's order depends on the locale",
                     "rename the folder with letters, digits and ASCII punctuation only (as `prisma migrate dev` "
                     "names them: <timestamp>_<name>)",
                     (dir / migration.id).string());
      }
    }
    // Prisma sorts with localeCompare, not byte order: they differ on case and on
    // punctuation against digits ("2024_b" before "20240_a"); `status` says so. The
    // listing's byte order is almost always Prisma's already, and a sort moves every
    // migration through a buffer of fresh memory.
    auto prismaLess = [](const Migration& a, const Migration& b) { return formats::prismaCompare(a.id, b.id) < 0; };
    if (!std::is_sorted(set.migrations.begin(), set.migrations.end(), prismaLess)) {
      std::stable_sort(set.migrations.begin(), set.migrations.end(), prismaLess);
    }
    return loaded;
  }

 protected:
  PartExecution execution(const Migration&, FileRole) const override {
    PartExecution execution;
    execution.mode = TransactionMode::SimpleQuery;
    execution.tool = "Prisma";
    return execution;
  }
};

}  // namespace

const MigrationFormat& prismaFormat() {
  static const Prisma format;
  return format;
}

}  // namespace sluice::formats
