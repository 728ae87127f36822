// Prisma Migrate: DIR/<YYYYMMDDHHMMSS>_<name>/migration.sql, an optional down.sql beside
// it, DIR/migration_lock.toml. Prisma orders the folders by name and sends each
// migration.sql as one simple-query message (facts from prisma-engines' source).
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

class Prisma final : public MigrationFormat {
 public:
  const FormatTraits& traits() const override {
    static const FormatTraits traits{.name = "prisma",
                                     .tool = "Prisma",
                                     .historyTool = "prisma",
                                     .summary = "Prisma Migrate: <version>_<name>/migration.sql (+ down.sql)",
                                     .forwardFileName = "migration.sql",
                                     .ownsSubfolders = true,
                                     .expectsRollback = true};
    return traits;
  }

  Detection detect(const FolderListing& folder) const override {
    if (folder.hasFile("migration_lock.toml")) return {100, "migration_lock.toml"};
    std::size_t folders = countMigrationFolders(folder, "migration.sql");
    if (folders == 0) return {};
    return {100, std::to_string(folders) + " folder" + (folders == 1 ? "" : "s") + " with migration.sql"};
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    MigrationSet set = loadMigrationFolders(dir, *this);
    if (isRegularFile(dir / "migration_lock.toml")) set.prismaLockFile = dir / "migration_lock.toml";
    // Prisma orders migration folders by name.
    std::sort(set.migrations.begin(), set.migrations.end(),
              [](const Migration& a, const Migration& b) { return a.id < b.id; });
    return set;
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
