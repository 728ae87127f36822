// The runner's pure parts: checksums, URLs, plans, history comparison,
// scaffolding. Database behaviour is in tests/integration.
#include <gtest/gtest.h>
#include <regex>

#include "common/file_io.hpp"
#include "common/sha256.hpp"
#include "common/temp_dir.hpp"
#include "linter/layout.hpp"
#include "runner/audit_log.hpp"
#include "runner/database_url.hpp"
#include "runner/history.hpp"
#include "runner/migration_state.hpp"
#include "runner/plan.hpp"
#include "runner/project.hpp"
#include "runner/scaffold.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;

TEST(Checksum, AcceptsTheOtherLineEndingOnly) {
  std::string lf = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n";
  std::string crlf = "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n";
  EXPECT_TRUE(checksumMatches(sha256Hex(lf), lf));
  EXPECT_TRUE(checksumMatches(sha256Hex(lf), crlf));
  EXPECT_TRUE(checksumMatches(sha256Hex(crlf), lf));
  EXPECT_FALSE(checksumMatches(sha256Hex(lf), lf + " "));
  EXPECT_FALSE(checksumMatches("", lf));
}

TEST(DatabaseUrl, DropsPrismaOnlyParametersAndKeepsTheSchema) {
  auto target = databaseTarget(ConnectionSettings::fromString(
      "postgresql://u:p%40ss@db:5432/app?schema=my%20app&connection_limit=5&sslmode=require&pgbouncer=true"));
  EXPECT_EQ(target.schema, "my app");
  EXPECT_EQ(target.settings.keywordString(), "user='u' dbname='app' host='db' port='5432' sslmode='require'");
  ASSERT_NE(target.settings.password(), nullptr);
  EXPECT_EQ(target.settings.password()->reveal(), "p@ss");
  EXPECT_EQ(target.settings.describe(), "u@db:5432/app");
  auto keywords = databaseTarget(ConnectionSettings::fromString("host=db dbname=app"));
  EXPECT_FALSE(keywords.schema);
  EXPECT_EQ(keywords.settings.keywordString(), "dbname='app' host='db'");
}

Migration migrationOf(std::string_view layout) {
  Migration migration;
  migration.id = "20240101000000_x";
  migration.format = findFormat(layout);
  return migration;
}

FilePlan planOf(const Migration& migration, const std::string& sql) {
  auto part = migrationPart(migration, FileRole::Forward, sql);
  EXPECT_TRUE(part.ok());
  return planFile(*part, "x.sql", 15);
}

FilePlan plan(std::string_view layout, const std::string& sql) { return planOf(migrationOf(layout), sql); }

TEST(Plan, FollowsTheLintersTransactionPlan) {
  EXPECT_TRUE(plan("paired", "CREATE TABLE a (id int); CREATE INDEX ON a (id);").inTransaction);
  FilePlan concurrent = plan("paired", "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY i ON a (id);");
  EXPECT_FALSE(concurrent.inTransaction);
  EXPECT_EQ(concurrent.description, "statement by statement, outside a transaction");
  EXPECT_NE(concurrent.reason.find("CREATE INDEX CONCURRENTLY"), std::string::npos);
  EXPECT_FALSE(concurrent.statements[1].residueCheck.empty());
  EXPECT_FALSE(plan("paired", "-- sluice:no-transaction\nUPDATE a SET x = 1;").inTransaction);
  FilePlan written = plan("paired", "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;");
  EXPECT_FALSE(written.inTransaction);
  EXPECT_EQ(written.statements[0].control, TransactionControl::Begin);
  Migration diesel = migrationOf("updown-folders");
  diesel.runInTransaction = false;
  EXPECT_FALSE(planOf(diesel, "CREATE INDEX CONCURRENTLY i ON a (id);").inTransaction);
  EXPECT_TRUE(plan("paired", "-- nothing to do\n").inTransaction);
}

TEST(Plan, PrismaFilesRunAsPrismaSendsThem) {
  EXPECT_TRUE(plan("prisma", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);").inTransaction);
  EXPECT_TRUE(plan("prisma", "CREATE TABLE a (id int);").inTransaction);
  FilePlan alone = plan("prisma", "-- CreateIndex\nCREATE INDEX CONCURRENTLY i ON a (id);");
  EXPECT_FALSE(alone.inTransaction);
  EXPECT_EQ(alone.description, "on its own, outside a transaction");
  // Several statements with CONCURRENTLY fail in Prisma's implicit transaction too.
  EXPECT_TRUE(plan("prisma", "CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY i ON a (id);").inTransaction);
  EXPECT_FALSE(plan("prisma", "BEGIN;\nALTER TYPE t ADD VALUE 'x';\nCOMMIT;").inTransaction);
}

TEST(Plan, DoBlocksThatCommitRunOutsideATransaction) {
  FilePlan batched = plan("plain",
                          "DO $$\nDECLARE last TEXT COLLATE \"C\";\nBEGIN\n  LOOP\n    UPDATE a SET x = 1;\n"
                          "    COMMIT;\n    EXIT;\n  END LOOP;\nEND $$;");
  EXPECT_FALSE(batched.inTransaction);
  EXPECT_NE(batched.reason.find("DO block"), std::string::npos);
  EXPECT_TRUE(plan("plain", "DO $$ BEGIN RAISE NOTICE 'commit or rollback'; -- commit\nEND $$;").inTransaction);
  EXPECT_TRUE(plan("plain", "DO $$ BEGIN CREATE TEMP TABLE t (x int) ON COMMIT DROP; END $$;").inTransaction);
}

TEST(Plan, KnowsWhatOutlivesTheMigration) {
  EXPECT_TRUE(plan("paired", "SET lock_timeout = '5s'; SELECT 1;").changesSession);
  EXPECT_TRUE(plan("paired", "SET ROLE admin;").changesSession);
  EXPECT_FALSE(plan("paired", "SET LOCAL lock_timeout = '5s'; SELECT 1;").changesSession);
}

TEST(History, ComparesFilesWithRecords) {
  MigrationSet set;
  const char* ids[] = {"0001_a", "0002_b", "0003_c", "0004_d"};
  for (std::size_t i = 0; i < 4; ++i) set.migrations.push_back(migrationOf("plain"));
  std::vector<MigrationFile> files;
  for (std::size_t i = 0; i < 4; ++i) {
    set.migrations[i].id = ids[i];
    splitVersionAndName(ids[i], set.migrations[i].version, set.migrations[i].name);
    MigrationFile file;
    file.migration = &set.migrations[i];
    file.text = std::make_shared<const std::string>("SELECT " + std::to_string(i) + ";");
    file.checksum = sha256Hex(*file.text);
    files.push_back(file);
  }
  auto record = [](std::string id, std::string checksum, RecordState state) {
    HistoryRecord r;
    r.key = r.migrationId = std::move(id);
    r.checksum = std::move(checksum);
    r.state = state;
    return r;
  };
  std::vector<HistoryRecord> records{
      record("0001_a", files[0].checksum, RecordState::Applied), record("0003_c", "edited", RecordState::Applied),
      record("0004_d", files[3].checksum, RecordState::Running), record("0000_gone", "x", RecordState::Applied)};
  HistoryComparison comparison = compareHistory(files, records);
  ASSERT_EQ(comparison.entries.size(), 5U);
  EXPECT_EQ(comparison.entries[0].status, MigrationStatus::Applied);
  EXPECT_EQ(comparison.entries[1].status, MigrationStatus::Pending);
  EXPECT_TRUE(comparison.entries[1].outOfOrder);
  EXPECT_TRUE(comparison.entries[2].edited);
  EXPECT_EQ(comparison.entries[3].status, MigrationStatus::Failed);
  EXPECT_EQ(comparison.entries[4].status, MigrationStatus::Missing);
  EXPECT_EQ(comparison.applied, 2);
  EXPECT_EQ(comparison.pending, 1);
  EXPECT_EQ(comparison.failed, 1);
  EXPECT_EQ(comparison.missing, 1);
  EXPECT_EQ(comparison.edited, 1);
  EXPECT_EQ(findEntry(comparison, "0003"), &comparison.entries[2]);
  EXPECT_EQ(findEntry(comparison, "b"), &comparison.entries[1]);
  EXPECT_EQ(findEntry(comparison, "zzz"), nullptr);
}

TEST(History, UuidsAreVersion4) {
  std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::string first = randomUuidV4();
  EXPECT_TRUE(std::regex_match(first, v4)) << first;
  EXPECT_NE(first, randomUuidV4());
}

TEST(Scaffold, RefusesInvalidNamesWithASuggestion) {
  EXPECT_TRUE(validateMigrationName("add_orders").ok());
  EXPECT_TRUE(validateMigrationName("AddOrders-2").ok());
  for (const char* bad : {"", "add orders", "../x", "_x", "x.sql", "naïve"}) {
    EXPECT_FALSE(validateMigrationName(bad).ok()) << bad;
  }
  EXPECT_NE(validateMigrationName("Add Orders!").error().hint.find("`add_orders`"), std::string::npos);
}

TEST(Scaffold, CreatesTheNextMigrationAfterTheNewest) {
  auto temp = TempDir::create("sluice-scaffold-");
  ASSERT_TRUE(temp.ok());
  fs::path dir = temp->path() / "migrations";
  fs::create_directories(dir / "2019-02-26-002946_init");
  ASSERT_TRUE(writeFileAtomically(dir / "2019-02-26-002946_init" / "up.sql", "SELECT 1;").ok());
  // A clock behind the newest migration still sorts after it.
  auto past = std::chrono::system_clock::from_time_t(0);
  auto created = scaffoldMigration(dir, "add_x", nullptr, past);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->layout->name(), "updown-folders");
  EXPECT_EQ(created->id, "2019-02-26-002947_add_x");
  EXPECT_TRUE(fs::exists(dir / created->id / "up.sql"));
  EXPECT_TRUE(fs::exists(dir / created->id / "down.sql"));

  fs::path fresh = temp->path() / "fresh";
  auto paired = scaffoldMigration(fresh, "init", nullptr, std::chrono::system_clock::from_time_t(1700000000));
  ASSERT_TRUE(paired.ok());
  EXPECT_EQ(paired->layout->name(), "paired");
  EXPECT_FALSE(paired->layoutDetected);
  EXPECT_TRUE(fs::exists(fresh / "20231114221320_init.sql"));
  EXPECT_TRUE(fs::exists(fresh / "20231114221320_init_rollback.sql"));
}

TEST(Report, ListsLongMigrationListsShortly) {
  EXPECT_EQ(listMigrations({"a"}), "a");
  EXPECT_EQ(listMigrations({"a", "b", "c"}), "a, b and c");
  EXPECT_EQ(listMigrations({"a", "b", "c", "d", "e"}), "5 migrations (a ... e)");
}

TEST(AuditLog, WritesWhoWhatWhenAndNoPassword) {
  RunReport report;
  report.command = "deploy";
  report.startedAt = "2024-01-01T00:00:00.000Z";
  report.database = ConnectionSettings::fromString("postgresql://deploy:s3cret@db/app").describe();
  report.databaseUser = "deploy";
  report.outcome = RunOutcome::Applied;
  MigrationReport migration;
  migration.id = "0001_a";
  migration.status = MigrationOutcome::Applied;
  report.migrations.push_back(migration);
  std::string line = auditLine(report);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find("s3cret"), std::string::npos) << line;
  for (const char* key : {"\"operation\":\"deploy\"", "\"db_user\":\"deploy\"", "\"os_user\":", "\"id\":\"0001_a\"",
                          "\"time\":\"2024-01-01T00:00:00.000Z\"", "\"outcome\":\"applied\""}) {
    EXPECT_NE(line.find(key), std::string::npos) << key << " in " << line;
  }
}

}  // namespace
}  // namespace sluice
