#include "linter/layout.hpp"

#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/formats/format_support.hpp"
#include "linter/formats/prisma_next.hpp"
#include "tests/unit/migration_set_checks.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using testing::loadInFormat;
using testing::rollbackFileName;

class LayoutTest : public ::testing::Test {
 protected:
  void touch(const fs::path& relative, const std::string& text = "SELECT 1;") {
    fs::create_directories((dir_.path() / relative).parent_path());
    ASSERT_TRUE(writeFileAtomically(dir_.path() / relative, text).ok());
  }
  const fs::path& root() const { return dir_.path(); }
  TempDir dir_ = std::move(TempDir::create("sluice-layout-").value());
};

TEST_F(LayoutTest, PrismaFoldersSortByNameAndPickUpDownSql) {
  touch("20240201000000_b/migration.sql");
  touch("20240101000000_a/migration.sql");
  touch("20240101000000_a/down.sql");
  touch("migration_lock.toml", "provider = \"postgresql\"\n");
  auto set = loadInFormat(root(), "prisma");
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(set->migrations.size(), 2U);
  EXPECT_EQ(set->migrations[0].id, "20240101000000_a");
  EXPECT_EQ(set->migrations[0].version, "20240101000000");
  EXPECT_EQ(set->migrations[0].name, "a");
  EXPECT_TRUE(set->migrations[0].rollback.has_value());
  EXPECT_FALSE(set->migrations[1].rollback.has_value());
  EXPECT_TRUE(set->prismaLockFile.has_value());
}

TEST_F(LayoutTest, PairedFilesFindTheirRollbacksAndOrphans) {
  touch("20240101000000_a.sql");
  touch("20240101000000_a_rollback.sql");
  touch("20240102000000_b.sql");
  touch("20240103000000_gone_rollback.sql");
  auto set = loadInFormat(root(), "paired");
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(set->migrations.size(), 2U);
  EXPECT_TRUE(set->migrations[0].rollback.has_value());
  EXPECT_FALSE(set->migrations[1].rollback.has_value());
  ASSERT_EQ(set->orphanRollbacks.size(), 1U);
}

TEST_F(LayoutTest, UpDownFilesPairByStemAndReadAutocommit) {
  touch("1_init.up.sql");
  touch("1_init.down.sql");
  touch("2_index.autocommit.up.sql");
  auto set = loadInFormat(root(), "updown-files");
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(set->migrations.size(), 2U);
  EXPECT_TRUE(set->migrations[0].rollback.has_value());
  EXPECT_EQ(set->migrations[1].runInTransaction, std::optional<bool>(false));
}

TEST_F(LayoutTest, UpDownFoldersReadDieselMetadata) {
  touch("2019-02-26-002946_create_user/up.sql");
  touch("2019-02-26-002946_create_user/down.sql");
  touch("2019-03-01-000000_index/up.sql");
  touch("2019-03-01-000000_index/metadata.toml", "run_in_transaction = false\n");
  auto set = loadInFormat(root(), "updown-folders");
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(set->migrations.size(), 2U);
  EXPECT_EQ(set->migrations[0].version, "2019-02-26-002946");
  EXPECT_EQ(set->migrations[0].name, "create_user");
  EXPECT_EQ(set->migrations[1].runInTransaction, std::optional<bool>(false));
}

TEST_F(LayoutTest, PlainFilesSortNumericallyByVersion) {
  touch("0009-fix.sql");
  touch("00010-search.sql");
  touch("0002-schema.sql");
  auto set = loadInFormat(root(), "plain");
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(set->migrations.size(), 3U);
  EXPECT_EQ(set->migrations[0].version, "0002");
  EXPECT_EQ(set->migrations[1].version, "0009");
  EXPECT_EQ(set->migrations[2].version, "00010");
}

TEST_F(LayoutTest, AFolderNamedLikeASqlFileIsNotAFile) {
  touch("weird.sql/inner.txt", "x");
  EXPECT_EQ(detectLayout(root()), nullptr);
}

TEST_F(LayoutTest, AListingGivesNamesInOrderWithTheirTypesAndFollowsLinksOnlyWhenAsked) {
  touch("b.sql");
  touch("a/migration.sql");
  fs::create_symlink("b.sql", root() / "c-file-link.sql");
  fs::create_directory_symlink(root() / "a", root() / "d-folder-link");
  fs::create_symlink("gone.sql", root() / "e-broken.sql");
  std::vector<formats::FolderEntry> entries = formats::entriesOf(root());
  ASSERT_EQ(entries.size(), 5U);
  std::vector<std::string> names;
  for (const auto& entry : entries) names.emplace_back(entry.name());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b.sql", "c-file-link.sql", "d-folder-link", "e-broken.sql"}));
  EXPECT_EQ(entries[0].path(), root() / "a");
  EXPECT_TRUE(formats::isDirectory(entries[0]));
  EXPECT_TRUE(formats::isRegularFile(entries[1]));
  EXPECT_FALSE(entries[1].isSymlink());
  EXPECT_TRUE(entries[2].isSymlink());
  EXPECT_TRUE(formats::isRegularFile(entries[2]));
  EXPECT_TRUE(formats::isDirectory(entries[3]));
  EXPECT_TRUE(entries[4].isSymlink());
  EXPECT_FALSE(formats::isRegularFile(entries[4]));
  EXPECT_FALSE(formats::isDirectory(entries[4]));
  EXPECT_TRUE(formats::entriesOf(root() / "missing").empty());
  EXPECT_TRUE(formats::entriesOf(root() / "b.sql").empty());
}

TEST_F(LayoutTest, ALoopingLinkAsAMigrationFoldersFileIsRefusedAndAStrayBrokenLinkIsNot) {
  touch("migration_lock.toml", "provider = \"postgresql\"\n");
  touch("20240101000000_a/migration.sql");
  fs::create_symlink("notes.sql", root() / "20240101000000_a" / "stray.sql");  // not a file Prisma runs
  ASSERT_TRUE(loadMigrationSet(root()).ok());
  fs::create_symlink("down.sql", root() / "20240101000000_a" / "down.sql");
  auto set = loadMigrationSet(root());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, ErrorCode::Input);
  EXPECT_NE(set.error().message.find("20240101000000_a/down.sql"), std::string::npos) << set.error().message;
  EXPECT_NE(set.error().message.find("loops"), std::string::npos) << set.error().message;
}

TEST_F(LayoutTest, AnOpenFolderTellsTypesBelowItAndNothingWhenItCannotBeOpened) {
  touch("a/migration.sql");
  fs::create_symlink("migration.sql", root() / "a" / "link.sql");
  fs::create_symlink("gone.sql", root() / "a" / "broken.sql");
  formats::OpenFolder folder(root());
  EXPECT_EQ(folder.type("a"), fs::file_type::directory);
  EXPECT_EQ(folder.type("a/migration.sql"), fs::file_type::regular);
  EXPECT_EQ(folder.linkType("a/link.sql"), fs::file_type::symlink);
  EXPECT_EQ(folder.type("a/link.sql"), fs::file_type::regular);
  EXPECT_EQ(folder.linkType("a/broken.sql"), fs::file_type::symlink);
  EXPECT_EQ(folder.type("a/broken.sql"), fs::file_type::not_found);
  EXPECT_EQ(folder.type("a/missing.sql"), fs::file_type::not_found);
  formats::OpenFolder missing(root() / "missing");
  EXPECT_EQ(missing.type("a/migration.sql"), fs::file_type::not_found);
  formats::OpenFolder file(root() / "a" / "migration.sql");
  EXPECT_EQ(file.type("migration.sql"), fs::file_type::not_found);
}

TEST_F(LayoutTest, APrisma8FolderAmongPrisma7OnesIsFoundAndOneWithMigrationSqlIsNot) {
  touch("20240101000000_a/migration.sql");
  touch("20240201000000_b/migration.sql");
  touch("20240201000000_b/migration.ts", "export {}\n");
  EXPECT_FALSE(formats::prismaNextRefusal(root()).has_value());
  touch("20240301000000_c/ops.json", "[]\n");
  touch("20240401000000_d/migration.ts", "export {}\n");
  auto refusal = formats::prismaNextRefusal(root());
  ASSERT_TRUE(refusal.has_value());
  EXPECT_NE(refusal->message.find("20240301000000_c/ops.json"), std::string::npos) << refusal->message;
  // One Prisma 8 migration folder named on its own.
  auto own = formats::prismaNextRefusal(root() / "20240401000000_d");
  ASSERT_TRUE(own.has_value());
  EXPECT_NE(own->message.find("20240401000000_d/migration.ts"), std::string::npos) << own->message;
  EXPECT_FALSE(formats::prismaNextRefusal(root() / "20240201000000_b").has_value());
  // Reading the folder as a Prisma set: its loader, not the folder scan, finds the same
  // folder (prismaNextRefusal without scanMigrationFolders leaves it to the loader).
  EXPECT_FALSE(formats::prismaNextRefusal(root(), false).has_value());
  auto set = loadMigrationSet(root());
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, ErrorCode::Input);
  EXPECT_NE(set.error().message.find("20240301000000_c/ops.json"), std::string::npos) << set.error().message;
}

TEST_F(LayoutTest, RootsAreFoundBelowAFolder) {
  touch("a/prisma/migrations/1_x/migration.sql");
  touch("b/migrations/tenant/0001-x.sql");
  touch("b/migrations/global/0001-y.sql");
  auto roots = findMigrationRoots(root());
  ASSERT_EQ(roots.size(), 3U);
}

TEST_F(LayoutTest, TheWalkForRootsSkipsLinksHiddenFoldersAndNodeModulesAndKeepsNameOrder) {
  touch("b/migrations/tenant/0001-x.sql");
  touch("a/prisma/migrations/1_x/migration.sql");
  touch("a/prisma/migrations/1_x/nested/0001-inside-a-prisma-folder.sql");
  touch(".git/hooks/0001-hidden.sql");
  touch("node_modules/package/migrations/0001-vendored.sql");
  std::filesystem::create_directory_symlink(root() / "b/migrations/tenant", root() / "linked");
  auto roots = findMigrationRoots(root());
  ASSERT_EQ(roots.size(), 2U);
  EXPECT_EQ(roots[0], root() / "a/prisma/migrations");
  EXPECT_EQ(roots[1], root() / "b/migrations/tenant");
  EXPECT_TRUE(findMigrationRoots(root() / "missing").empty());
}

TEST_F(LayoutTest, AFileKnowsItsMigrationsFolder) {
  touch("prisma/migrations/1_x/migration.sql");
  auto rootOf = migrationRootOf(root() / "prisma/migrations/1_x/migration.sql");
  ASSERT_TRUE(rootOf.has_value());
  EXPECT_EQ(*rootOf, root() / "prisma/migrations");
}

TEST_F(LayoutTest, PopxRunsThePostgresFileOfAVersionAndNotTheOthers) {
  touch("1_init.up.sql");
  touch("1_init.down.sql");
  touch("2_search.up.sql");
  touch("2_search.down.sql");
  touch("2_search.postgres.up.sql");
  touch("2_search.postgres.down.sql");
  touch("2_search.mysql.up.sql");
  touch("3_index.postgres.autocommit.up.sql");
  touch("3_index.down.sql");
  auto set = loadMigrationSet(root());
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->migrations.size(), 3U);
  EXPECT_EQ(set->migrations[1].id, "2_search.postgres");
  EXPECT_EQ(rollbackFileName(set->migrations[1]), "2_search.postgres.down.sql");
  // popx pairs by version: the neutral down file rolls back the postgres up file.
  EXPECT_EQ(rollbackFileName(set->migrations[2]), "3_index.down.sql");
  EXPECT_EQ(set->migrations[2].runInTransaction, false);
  EXPECT_EQ(set->notRun.size(), 3U);
  EXPECT_TRUE(set->orphanRollbacks.empty());
}

TEST_F(LayoutTest, PopxPartsOfOneMigrationFormAGroup) {
  touch("20210410175418000000_network.postgres.up.sql");
  touch("20210410175418000001_network.postgres.up.sql");
  touch("20210410175418000002_network.postgres.up.sql");
  touch("20210411000000000000_other.postgres.up.sql");
  auto set = loadMigrationSet(root());
  ASSERT_TRUE(set.ok());
  ASSERT_EQ(set->migrations.size(), 4U);
  EXPECT_EQ(set->migrations[0].group, "20210410175418_network");
  EXPECT_EQ(set->migrations[2].group, "20210410175418_network");
  EXPECT_TRUE(set->migrations[3].group.empty());
}

TEST_F(LayoutTest, RollbackPathsFollowTheLayout) {
  Migration prisma;
  prisma.format = findFormat("prisma");
  prisma.forward = "m/20240101000000_init/migration.sql";
  EXPECT_EQ(rollbackPathFor(prisma), fs::path("m/20240101000000_init/down.sql"));
  Migration paired;
  paired.format = findFormat("paired");
  paired.forward = "m/20240101000000_init.sql";
  EXPECT_EQ(rollbackPathFor(paired), fs::path("m/20240101000000_init_rollback.sql"));
  Migration files;
  files.format = findFormat("updown-files");
  files.forward = "m/1_init.up.sql";
  EXPECT_EQ(rollbackPathFor(files), fs::path("m/1_init.down.sql"));
}

TEST(Versions, DigitsCompareNumerically) {
  EXPECT_TRUE(versionLess("9", "10"));
  EXPECT_TRUE(versionLess("0009", "00010"));
  EXPECT_FALSE(versionLess("10", "9"));
  EXPECT_TRUE(versionLess("2019-02-26-002946", "2019-03-01-000000"));
}

}  // namespace
}  // namespace sluice
