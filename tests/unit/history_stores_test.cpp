// What the history stores compute without a database: the tools' checksums and ids
// (fixed vectors: CRC-32 and UTF-8 replacement from Python's zlib and codecs, an
// independent implementation; Drizzle's hash from drizzle-orm 0.45.4 itself; sqitch ids
// from a `sqitch deploy` of sqitch 1.3.1), Flyway's version order, the registry, and
// how records find their migrations.
#include <cstdlib>
#include <gtest/gtest.h>

#include "common/checksums.hpp"
#include "common/file_io.hpp"
#include "common/sha256.hpp"
#include "common/temp_dir.hpp"
#include "common/text.hpp"
#include "linter/layout.hpp"
#include "runner/history.hpp"
#include "runner/history/sqitch_changes.hpp"
#include "runner/history/tool_checksums.hpp"
#include "runner/migration_state.hpp"

namespace sluice {
namespace {

std::string hexOf(const std::string& bytes) {
  return toHex(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

TEST(ToolChecksums, Crc32IsTheIsoOne) {
  EXPECT_EQ(crc32(""), 0U);
  EXPECT_EQ(crc32("123456789"), 0xCBF43926U);
  EXPECT_EQ(crc32("456789", crc32("123")), 0xCBF43926U);  // in pieces
}

TEST(ToolChecksums, Utf8LossyReplacesEachMaximalInvalidSubpart) {
  EXPECT_EQ(utf8Lossy("plain"), "plain");
  EXPECT_EQ(hexOf(utf8Lossy("\xf0\x9f\x98\x80")), "f09f9880");
  EXPECT_EQ(hexOf(utf8Lossy("a\xff"
                            "b")),
            "61efbfbd62");
  EXPECT_EQ(hexOf(utf8Lossy("\xe2\x82")), "efbfbd");                            // truncated at the end
  EXPECT_EQ(hexOf(utf8Lossy("\xe2\x82x")), "efbfbd78");                         // truncated before ASCII
  EXPECT_EQ(hexOf(utf8Lossy("\xed\xa0\x80")), "efbfbdefbfbdefbfbd");            // a surrogate
  EXPECT_EQ(hexOf(utf8Lossy("\xc0\xaf")), "efbfbdefbfbd");                      // overlong
  EXPECT_EQ(hexOf(utf8Lossy("\xf4\x90\x80\x80")), "efbfbdefbfbdefbfbdefbfbd");  // above U+10FFFF
}

TEST(ToolChecksums, FlywayChecksumIsCrc32OfTheLinesWithoutTerminators) {
  EXPECT_EQ(flywayChecksum(""), 0);
  EXPECT_EQ(flywayChecksum("123456789"), -873187034);  // 0xCBF43926 as Java's int
  std::string lf = "CREATE TABLE users (id bigint);\nSELECT 1;\n";
  EXPECT_EQ(flywayChecksum(lf), 1263829643);
  // Line endings, a missing last newline and a byte-order mark do not change it.
  EXPECT_EQ(flywayChecksum("\xef\xbb\xbf"
                           "CREATE TABLE users (id bigint);\r\nSELECT 1;"),
            1263829643);
  EXPECT_EQ(flywayChecksum("CREATE TABLE users (id bigint);\rSELECT 1;\r\n\r\n"), 1263829643);
  // A Latin-1 byte is read as U+FFFD, as Java's UTF-8 decoder reads it.
  EXPECT_EQ(flywayChecksum("-- caf\xe9\nSELECT 1;\n"), 1636968418);
  EXPECT_NE(flywayChecksum("SELECT 2;"), flywayChecksum("SELECT 1;"));
}

TEST(ToolChecksums, FlywayVersionsCompareAsNumbersPartByPart) {
  EXPECT_EQ(flywayVersionKey("1_2"), "1.2");
  EXPECT_EQ(flywayVersionKey("01.020.0"), "1.20");
  EXPECT_LT(flywayVersionCompare("1.2", "1.10"), 0);
  EXPECT_LT(flywayVersionCompare("1.10", "2"), 0);
  EXPECT_EQ(flywayVersionCompare("1.0", "1"), 0);
  EXPECT_GT(flywayVersionCompare("1_10", "1.9"), 0);
}

TEST(ToolChecksums, DrizzleHashesTheFileAsNodeDecodesIt) {
  std::string valid = "CREATE TABLE t (id int);\n";
  EXPECT_EQ(drizzleHash(valid), sha256Hex(valid));
  // This file's row, as drizzle-orm 0.45.4's migrator wrote it.
  std::string invalid =
      "CREATE TABLE dz1 (id int);\n--> statement-breakpoint\nCREATE INDEX dz1_id ON dz1 (id);\n-- \xff\xfe bytes that "
      "are not UTF-8 \xe2\x82\n";
  EXPECT_EQ(drizzleHash(invalid), "e3f7dbd5492431d51fb207a1b8bd84bbed47a7ad68c9b8075e4f3f68e76e695b");
  EXPECT_NE(drizzleHash(invalid), sha256Hex(invalid));
}

// The plan of the sqitch vectors:
//   %project=flipr
//   %uri=https://example.com/flipr/
//   users 2024-01-01T10:00:00Z Ada Lovelace <ada@example.com> # Creates the users table.
//   flips [users] 2024-01-02T10:00:00Z Ada Lovelace <ada@example.com> # Adds flips.
//   @v1.0 2024-01-02T11:00:00Z Ada Lovelace <ada@example.com> # Tag v1.0.
SqitchChange sqitchChange(std::string name, std::string plannedAt, std::string note) {
  SqitchChange change;
  change.project = "flipr";
  change.uri = "https://example.com/flipr/";
  change.name = std::move(name);
  change.plannerName = "Ada Lovelace";
  change.plannerEmail = "ada@example.com";
  change.plannedAt = std::move(plannedAt);
  change.note = std::move(note);
  return change;
}

TEST(ToolChecksums, SqitchIdsAreSqitchsOwn) {
  SqitchChange users = sqitchChange("users", "2024-01-01T10:00:00Z", "Creates the users table.");
  EXPECT_EQ(sqitchChangeId(users), "c4d375f9b4ed6832c085f2c11160ce4e5ad97f21");
  SqitchChange flips = sqitchChange("flips", "2024-01-02T10:00:00Z", "Adds flips.");
  flips.parentId = sqitchChangeId(users);
  flips.dependencies.push_back({"users", false, flips.parentId});
  EXPECT_EQ(sqitchChangeId(flips), "2a710739f3c4c884016e468444ba4d67f41e2656");
  SqitchTag tag{"v1.0", "2024-01-02T11:00:00Z", "Ada Lovelace", "ada@example.com", "Tag v1.0."};
  EXPECT_EQ(sqitchTagId(flips, tag, sqitchChangeId(flips)), "710f85a86b33a8453e238eae4692fbcaff5102e2");
  EXPECT_EQ(sqitchScriptHash("CREATE TABLE users (id int);\n"), "95e7140804553864174b21f39d8ed2287978843c");
}

// The same plan read by the sqitch format and chained as the registry records it: the
// ids sqitch computed, and the tag after flips.
TEST(SqitchChanges, ThePlanGivesSqitchsIds) {
  auto dir = TempDir::create("sqitch-ids-");
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE(writeFileAtomically(dir->path() / "sqitch.plan",
                                  "%syntax-version=1.0.0\n%project=flipr\n%uri=https://example.com/flipr/\n\n"
                                  "users 2024-01-01T10:00:00Z Ada Lovelace <ada@example.com> # Creates the users "
                                  "table.\nflips [users] 2024-01-02T10:00:00Z Ada Lovelace <ada@example.com> # Adds "
                                  "flips.\n@v1.0 2024-01-02T11:00:00Z Ada Lovelace <ada@example.com> # Tag v1.0.\n")
                  .ok());
  for (const char* name : {"users", "flips"}) {
    std::filesystem::create_directories(dir->path() / "deploy");
    ASSERT_TRUE(writeFileAtomically(dir->path() / "deploy" / (std::string(name) + ".sql"), "SELECT 1;\n").ok());
  }
  auto set = loadMigrationSet(dir->path());
  ASSERT_TRUE(set.ok()) << set.error().message;
  auto files = readMigrationFiles(*set);
  ASSERT_TRUE(files.ok()) << files.error().message;
  auto project = addSqitchChanges(*files, {"Sluice Deploy", "deploy@example.com"});
  ASSERT_TRUE(project.ok()) << project.error().message;
  EXPECT_EQ(*project, "flipr");
  ASSERT_TRUE((*files)[1].sqitch.has_value());
  EXPECT_EQ(sqitchChangeId(*(*files)[0].sqitch), "c4d375f9b4ed6832c085f2c11160ce4e5ad97f21");
  const SqitchChange& flips = *(*files)[1].sqitch;
  EXPECT_EQ(sqitchChangeId(flips), "2a710739f3c4c884016e468444ba4d67f41e2656");
  ASSERT_EQ(flips.dependencies.size(), 1U);
  EXPECT_EQ(flips.dependencies[0].resolvedId, "c4d375f9b4ed6832c085f2c11160ce4e5ad97f21");
  ASSERT_EQ(flips.tags.size(), 1U);
  EXPECT_EQ(sqitchTagId(flips, flips.tags[0], sqitchChangeId(flips)), "710f85a86b33a8453e238eae4692fbcaff5102e2");
  EXPECT_EQ(flips.committerName, "Sluice Deploy");
}

// sqitch's user: $SQITCH_FULLNAME / $SQITCH_EMAIL, then the project's sqitch.conf, then the
// user's and the system's, then the OS user.
TEST(SqitchChanges, TheCommitterIsResolvedAsSqitchDoes) {
  auto dir = TempDir::create("sqitch-user-");
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE(writeFileAtomically(dir->path() / "sqitch.conf",
                                  "[core]\n\tengine = pg\n[user]\n\tname = \"Ada Lovelace\" # the planner\n"
                                  "\temail = ada@example.com\n")
                  .ok());
  ASSERT_TRUE(writeFileAtomically(dir->path() / "user.conf", "[user]\n  name = Someone Else\n").ok());
  for (const char* variable : {"SQITCH_FULLNAME", "SQITCH_EMAIL", "SQITCH_CONFIG", "SQITCH_ORIG_FULLNAME",
                               "SQITCH_ORIG_EMAIL", "SQITCH_ORIG_SYSUSER"}) {
    ::unsetenv(variable);
  }
  ::setenv("SQITCH_USER_CONFIG", (dir->path() / "user.conf").c_str(), 1);
  ::setenv("SQITCH_SYSTEM_CONFIG", (dir->path() / "none.conf").c_str(), 1);
  SqitchCommitter committer = sqitchCommitter(dir->path());
  EXPECT_EQ(committer.name, "Ada Lovelace");
  EXPECT_EQ(committer.email, "ada@example.com");
  EXPECT_EQ(sqitchCommitter(dir->path() / "elsewhere").name, "Someone Else") << "the user's file";
  ::setenv("SQITCH_ORIG_SYSUSER", "deployer", 1);
  EXPECT_TRUE(sqitchCommitter(dir->path() / "elsewhere").email.starts_with("deployer@"));
  ::setenv("SQITCH_FULLNAME", "From The Environment", 1);
  EXPECT_EQ(sqitchCommitter(dir->path()).name, "From The Environment");
  for (const char* variable :
       {"SQITCH_FULLNAME", "SQITCH_ORIG_SYSUSER", "SQITCH_USER_CONFIG", "SQITCH_SYSTEM_CONFIG"}) {
    ::unsetenv(variable);
  }
}

TEST(HistoryRegistry, OneSortedListOfStores) {
  std::vector<std::string_view> names = historyToolNames();
  EXPECT_EQ(names, (std::vector<std::string_view>{"dbmate", "drizzle", "flyway", "golang-migrate", "goose", "prisma",
                                                  "sluice", "sqitch"}));
  for (std::string_view name : names) {
    auto store = makeHistoryStore(name, defaultHistoryTable(name));
    ASSERT_NE(store, nullptr) << name;
    EXPECT_EQ(store->tool(), name);
    EXPECT_FALSE(store->table().table.empty()) << name;
  }
  EXPECT_EQ(makeHistoryStore("liquibase", {}), nullptr);
  EXPECT_EQ(defaultHistoryTable("goose").display(), "public.goose_db_version");
  EXPECT_EQ(defaultHistoryTable("drizzle").display(), "drizzle.__drizzle_migrations");
  EXPECT_EQ(defaultHistoryTable("sqitch").display(), "sqitch.changes");
  // The tool's own migration lock where sluice can compute it, else sluice's.
  EXPECT_EQ(historyLockKey("prisma"), 72707369);
  EXPECT_EQ(historyLockKey("goose"), 4097083626);
  EXPECT_EQ(historyLockKey("sqitch"), 75474063);
  EXPECT_EQ(historyLockKey("dbmate"), historyLockKey("sluice"));
}

// A folder of migrations in memory, for compareHistory.
struct Folder {
  std::vector<Migration> migrations;
  std::vector<MigrationFile> files;
  explicit Folder(const std::vector<std::pair<std::string, std::string>>& versionsAndNames) {
    migrations.reserve(versionsAndNames.size());
    for (const auto& [version, name] : versionsAndNames) {
      Migration migration;
      migration.version = version;
      migration.name = name;
      migration.id = version + "_" + name;
      migration.forward = migration.id + ".sql";
      migrations.push_back(migration);
    }
    for (const Migration& migration : migrations) {
      MigrationFile file;
      file.migration = &migration;
      file.text = std::make_shared<const std::string>("CREATE TABLE " + migration.name + " (id int);\n");
      file.checksum = sha256Hex(*file.text);
      files.push_back(file);
    }
  }
};

HistoryRecord recordOf(std::string key, RecordState state = RecordState::Applied, bool coversEarlier = false) {
  HistoryRecord record;
  record.key = record.migrationId = std::move(key);
  record.state = state;
  record.coversEarlier = coversEarlier;
  return record;
}

TEST(HistoryComparison, GooseAndDbmateRecordsFindTheirFilesByVersion) {
  Folder folder({{"00001", "users"}, {"00002", "orders"}, {"00003", "items"}});
  auto goose = makeHistoryStore("goose", defaultHistoryTable("goose"));
  std::vector<HistoryRecord> records{recordOf("1"), recordOf("3")};
  HistoryComparison comparison = compareHistory(folder.files, records, goose.get());
  EXPECT_EQ(comparison.applied, 2);
  EXPECT_EQ(comparison.pending, 1);
  EXPECT_TRUE(comparison.entries[1].outOfOrder);
  EXPECT_EQ(comparison.edited, 0);  // goose keeps no checksum

  auto dbmate = makeHistoryStore("dbmate", defaultHistoryTable("dbmate"));
  std::vector<HistoryRecord> dbmateRows{recordOf("00001"), recordOf("00009")};
  comparison = compareHistory(folder.files, dbmateRows, dbmate.get());
  EXPECT_EQ(comparison.applied, 1);
  EXPECT_EQ(comparison.missing, 1);  // version 00009 has no file
}

TEST(HistoryComparison, GolangMigratesOneRowCoversTheVersionsBelowIt) {
  Folder folder({{"1", "a"}, {"2", "b"}, {"3", "c"}, {"4", "d"}});
  auto store = makeHistoryStore("golang-migrate", defaultHistoryTable("golang-migrate"));
  std::vector<HistoryRecord> clean{recordOf("3", RecordState::Applied, true)};
  HistoryComparison comparison = compareHistory(folder.files, clean, store.get());
  EXPECT_EQ(comparison.applied, 3);
  EXPECT_EQ(comparison.pending, 1);
  EXPECT_EQ(comparison.missing, 0);

  std::vector<HistoryRecord> dirty{recordOf("3", RecordState::Failed, true)};
  comparison = compareHistory(folder.files, dirty, store.get());
  EXPECT_EQ(comparison.applied, 2);
  EXPECT_EQ(comparison.failed, 1);
  EXPECT_EQ(comparison.entries[2].status, MigrationStatus::Failed);
}

TEST(HistoryComparison, FlywayMatchesVersionsAsNumbersAndChecksumsAsFlyway) {
  Folder folder({{"1", "init"}, {"1_2", "users"}, {"1_10", "orders"}});
  auto store = makeHistoryStore("flyway", defaultHistoryTable("flyway"));
  HistoryRecord baseline = recordOf("1", RecordState::Applied, true);
  HistoryRecord users = recordOf("1.2");
  users.checksum = std::to_string(flywayChecksum(*folder.files[1].text));
  HistoryRecord orders = recordOf("1.10");
  orders.checksum = "12345";  // not this file's
  std::vector<HistoryRecord> records{baseline, users, orders};
  HistoryComparison comparison = compareHistory(folder.files, records, store.get());
  EXPECT_EQ(comparison.applied, 3);
  EXPECT_FALSE(comparison.entries[1].edited);
  EXPECT_TRUE(comparison.entries[2].edited);
  EXPECT_EQ(store->checksumOf(migrationFields(folder.files, folder.files[1])), users.checksum);
}

TEST(HistoryComparison, AnEditedFlywayRepeatableIsPendingAgainNotEdited) {
  Folder folder({{"1", "init"}, {"2", "orders"}, {"", "users_view"}});
  folder.migrations[2].id = "R__users_view";
  folder.migrations[2].repeatable = true;
  auto store = makeHistoryStore("flyway", defaultHistoryTable("flyway"));
  HistoryRecord init = recordOf("1");
  init.checksum = std::to_string(flywayChecksum(*folder.files[0].text));
  HistoryRecord view = recordOf(store->recordKey(migrationFields(folder.files, folder.files[2])));
  view.checksum = std::to_string(flywayChecksum(*folder.files[2].text));
  // Unchanged: applied. V2 added later is pending, and not out of order behind the repeatable.
  HistoryComparison comparison = compareHistory(folder.files, {init, view}, store.get());
  EXPECT_EQ(comparison.entries[2].status, MigrationStatus::Applied);
  EXPECT_EQ(comparison.entries[1].status, MigrationStatus::Pending);
  EXPECT_FALSE(comparison.entries[1].outOfOrder);
  // Changed since it was applied: Flyway applies it again.
  view.checksum = "12345";
  comparison = compareHistory(folder.files, {init, view}, store.get());
  EXPECT_EQ(comparison.entries[2].status, MigrationStatus::Pending);
  EXPECT_FALSE(comparison.entries[2].edited);
  EXPECT_EQ(comparison.edited, 0);
  EXPECT_EQ(comparison.missing, 0);
}

}  // namespace
}  // namespace sluice
