// Each migration format read as its tool reads it: the fixture projects in
// tests/formats/ (written from each tool's documentation) and the traps of each format.
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/layout.hpp"
#include "linter/parser.hpp"
#include "linter/transaction.hpp"
#include "tests/unit/migration_set_checks.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using testing::loadInFormat;
using testing::rollbackFileName;

fs::path fixture(const std::string& relative) { return fs::path(SLUICE_SOURCE_DIR) / "tests/formats" / relative; }

std::vector<std::string> ids(const MigrationSet& set) {
  std::vector<std::string> out;
  for (const Migration& migration : set.migrations) out.push_back(migration.id);
  return out;
}

// The statements of one part, as the runner and the linter see them.
std::vector<std::string> statements(const MigrationPart& part) {
  std::vector<std::string> out;
  ParsedSql parsed = parseSql(*part.text);
  for (const Statement& statement : parsed.statements) {
    if (statement.depth != 0) continue;
    std::size_t begin = skipTrivia(*part.text, statement.span.begin, statement.span.end);
    out.emplace_back(std::string_view(*part.text).substr(begin, statement.span.end - begin));
  }
  return out;
}

TransactionPlan planOf(const MigrationPart& part) {
  ParsedSql parsed = parseSql(*part.text);
  return planTransactions(parsed, *part.text, part.execution, false, 15);
}

class FormatTraps : public ::testing::Test {
 protected:
  void write(const std::string& relative, const std::string& text) {
    fs::create_directories((dir_.path() / relative).parent_path());
    ASSERT_TRUE(writeFileAtomically(dir_.path() / relative, text).ok());
  }
  Expected<MigrationSet> load(const char* format) { return loadMigrationSet(dir_.path(), findFormat(format)); }
  // The refusal's message, location and hint, for a set that must be refused.
  std::string refusal(const char* format) {
    auto set = load(format);
    if (set.ok()) {
      for (const Migration& migration : set->migrations) {
        for (FileRole role : {FileRole::Forward, FileRole::Rollback}) {
          auto part = readMigrationPart(migration, role);
          if (!part) return part.error().location + ": " + part.error().message + " -- " + part.error().hint;
        }
      }
      return "(not refused)";
    }
    return set.error().location + ": " + set.error().message + " -- " + set.error().hint;
  }
  TempDir dir_ = std::move(TempDir::create("sluice-formats-").value());
};

TEST(Formats, RegistryIsSortedAndNamed) {
  std::vector<std::string> names = formatNameList();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const char* name : {"dbmate", "drizzle", "file", "flyway", "golang-migrate", "goose", "paired", "plain",
                           "prisma", "sqitch", "updown-files", "updown-folders"}) {
    ASSERT_NE(findFormat(name), nullptr) << name;
  }
  EXPECT_EQ(findFormat("goose")->historyTool(), "goose");
  EXPECT_EQ(findFormat("prisma")->historyTool(), "prisma");
  EXPECT_EQ(findFormat("paired")->historyTool(), "sluice");
}

TEST(Formats, GooseRunsTheUpSectionForwardAndTheDownSectionBack) {
  auto set = loadInFormat(fixture("goose/migrations"), "goose");
  ASSERT_TRUE(set.has_value());
  // Numeric order: 10 after 2.
  EXPECT_EQ(ids(*set),
            (std::vector<std::string>{"00001_create_users", "00002_touch_function", "00010_users_email_index"}));
  const Migration& first = set->migrations[0];
  ASSERT_TRUE(first.rollbackInSameFile());
  auto up = readMigrationPart(first, FileRole::Forward);
  ASSERT_TRUE(up.ok()) << up.error().message;
  std::vector<std::string> forward = statements(*up);
  ASSERT_EQ(forward.size(), 1U);
  EXPECT_TRUE(forward[0].starts_with("CREATE TABLE users"));
  EXPECT_EQ(up->text->find("DROP TABLE"), std::string::npos) << "the Down section never runs forward";
  EXPECT_EQ(up->lines.begin, 3U);
  auto down = readMigrationPart(first, FileRole::Rollback);
  ASSERT_TRUE(down.ok());
  EXPECT_EQ(statements(*down), std::vector<std::string>{"DROP TABLE users"});
  // Offsets are the file's: the Down statement is on line 9 of both.
  EXPECT_EQ(down->text->size(), up->text->size());
  EXPECT_EQ(planOf(*up).mode, ExecutionMode::SingleTransaction);

  // StatementBegin/End: the function is one statement; the ALTER after it another.
  auto touch = readMigrationPart(set->migrations[1], FileRole::Forward);
  ASSERT_TRUE(touch.ok()) << touch.error().message;
  EXPECT_EQ(statements(*touch).size(), 2U);

  // NO TRANSACTION: each statement on its own, CONCURRENTLY outside a transaction.
  auto index = readMigrationPart(set->migrations[2], FileRole::Forward);
  ASSERT_TRUE(index.ok());
  TransactionPlan plan = planOf(*index);
  EXPECT_EQ(plan.mode, ExecutionMode::StatementByStatement);
  EXPECT_FALSE(plan.statements[0].inTransaction);
}

TEST_F(FormatTraps, GooseRefusesWhatGooseRefuses) {
  write("1_a.sql", "-- +goose Down\nDROP TABLE a;\n-- +goose Up\nCREATE TABLE a (x int);\n");
  EXPECT_NE(refusal("goose").find("1_a.sql:1:1: goose refuses this file: `-- +goose Down` before `-- +goose Up`"),
            std::string::npos)
      << refusal("goose");
  write("1_a.sql", "-- +goose Up\nCREATE TABLE a (x int);\n-- +goose Up\nSELECT 1;\n");
  EXPECT_NE(refusal("goose").find(":3:1: goose refuses this file: a second `-- +goose Up`"), std::string::npos);
  write("1_a.sql", "CREATE TABLE a (x int);\n-- +goose Up\n");
  EXPECT_NE(refusal("goose").find("SQL before `-- +goose Up`"), std::string::npos);
  write("1_a.sql", "-- +goose Up\n-- +goose StatementBegin\nCREATE TABLE a (x int);\n");
  EXPECT_NE(refusal("goose").find("without `-- +goose StatementEnd`"), std::string::npos);
  write("1_a.sql", "-- +goose Up\nCREATE TABLE a (x int)\n");
  EXPECT_NE(refusal("goose").find("does not end with `;`"), std::string::npos);
  write("1_a.sql", "-- +goose up\nCREATE TABLE a (x int);\n");
  EXPECT_NE(refusal("goose").find("unknown annotation `-- +goose up`"), std::string::npos);
  // A function body whose lines end with `;`: goose would send it in pieces.
  write("1_a.sql",
        "-- +goose Up\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n");
  std::string split = refusal("goose");
  EXPECT_NE(split.find("1_a.sql:4:"), std::string::npos) << split;
  EXPECT_NE(split.find("StatementBegin"), std::string::npos) << split;
  // Versions goose cannot tell apart.
  write("1_a.sql", "-- +goose Up\nSELECT 1;\n");
  write("01_b.sql", "-- +goose Up\nSELECT 2;\n");
  EXPECT_NE(refusal("goose").find("goose refuses two migrations with versions 01 and 1"), std::string::npos)
      << refusal("goose");
}

TEST_F(FormatTraps, MarkersOfAnotherToolAreRefusedWithTheLayoutToUse) {
  // Mostly plain files: detected as plain, and the goose file is refused, not run whole.
  write("0001_a.sql", "CREATE TABLE a (x int);\n");
  write("0002_b.sql", "CREATE TABLE b (x int);\n");
  write("0003_c.sql", "CREATE TABLE c (x int);\n");
  write("0004_d.sql", "-- +goose Up\nCREATE TABLE d (x int);\n-- +goose Down\nDROP TABLE d;\n");
  auto set = loadInFormat(dir_.path(), "plain");
  ASSERT_TRUE(set.has_value());
  std::string refused = refusal("plain");
  EXPECT_NE(refused.find("0004_d.sql:1:1: `-- +goose Up` is a goose marker, but the folder is read as plain"),
            std::string::npos)
      << refused;
  EXPECT_NE(refused.find("--layout goose"), std::string::npos);
  write("0004_d.sql", "-- migrate:up\nCREATE TABLE d (x int);\n-- migrate:down\nDROP TABLE d;\n");
  EXPECT_NE(refusal("paired").find("--layout dbmate"), std::string::npos);
}

TEST(Formats, DbmateBlocksAndTheirOptions) {
  auto set = loadInFormat(fixture("dbmate/db/migrations"), "dbmate");
  ASSERT_TRUE(set.has_value());
  ASSERT_EQ(set->migrations.size(), 2U);
  auto up = readMigrationPart(set->migrations[0], FileRole::Forward);
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(up->text->find("DROP TABLE"), std::string::npos);
  EXPECT_EQ(up->execution.mode, TransactionMode::Wrapped);
  auto index = readMigrationPart(set->migrations[1], FileRole::Forward);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->execution.mode, TransactionMode::SimpleQuery);
  EXPECT_FALSE(planOf(*index).statements[0].inTransaction);
}

TEST_F(FormatTraps, DbmateTransactionFalseIsStillOneMessage) {
  // Two statements in a transaction:false block: one implicit transaction, where
  // CONCURRENTLY fails, as it does under dbmate.
  write("20240101000000_x.sql",
        "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY a_x ON a (x);\nCREATE INDEX CONCURRENTLY a_y ON a "
        "(y);\n-- migrate:down\n");
  auto set = load("dbmate");
  ASSERT_TRUE(set.ok());
  auto up = readMigrationPart(set->migrations[0], FileRole::Forward);
  ASSERT_TRUE(up.ok());
  EXPECT_TRUE(planOf(*up).statements[0].inTransaction);
  write("20240101000000_x.sql", "-- migrate:up\nSELECT 1;\n");
  EXPECT_NE(refusal("dbmate").find("no `-- migrate:down` block"), std::string::npos);
  write("20240101000000_x.sql", "SELECT 1;\n-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  EXPECT_NE(refusal("dbmate").find("SQL before `-- migrate:up`"), std::string::npos);
  write("20240101000000_x.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  write("20240101000000_y.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\n");
  EXPECT_NE(refusal("dbmate").find("two dbmate migrations have the version 20240101000000"), std::string::npos);
}

TEST(Formats, GolangMigratePairsByVersionAndSendsAFileAsOneMessage) {
  auto set = loadInFormat(fixture("golang-migrate/migrations"), "golang-migrate");
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(ids(*set), (std::vector<std::string>{"000001_create_users", "000002_add_email_mfa_column",
                                                 "000010_users_email_index"}));
  EXPECT_EQ(rollbackFileName(set->migrations[1]), "000002_email_mfa_column.down.sql");
  EXPECT_TRUE(set->orphanRollbacks.empty());
  auto index = readMigrationPart(set->migrations[2], FileRole::Forward);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->execution.mode, TransactionMode::SimpleQuery);
  EXPECT_FALSE(planOf(*index).statements[0].inTransaction);
}

TEST_F(FormatTraps, GolangMigrateRefusesTwoUpFilesOfOneVersion) {
  write("12_add_index.up.sql", "SELECT 1;");
  write("12_add_idx.up.sql", "SELECT 1;");
  std::string refused = refusal("golang-migrate");
  EXPECT_NE(refused.find("golang-migrate refuses"), std::string::npos) << refused;
  EXPECT_NE(refused.find("12_add_idx.up.sql"), std::string::npos) << refused;
  fs::remove(dir_.path() / "12_add_idx.up.sql");
  write("12_add_idx.down.sql", "SELECT 1;");
  write("012_other.down.sql", "SELECT 1;");
  EXPECT_NE(refusal("golang-migrate").find("two down files of version 12"), std::string::npos);
}

TEST(Formats, FlywayOrdersVersionsPartByPartAndRepeatablesLast) {
  auto set = loadInFormat(fixture("flyway/migration"), "flyway");
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(ids(*set), (std::vector<std::string>{"V1__init", "V1.2__add_name", "V1_10__add_created_at",
                                                 "V2__users_email_index", "R__users_view"}));
  EXPECT_TRUE(set->migrations.back().repeatable);
  EXPECT_EQ(rollbackFileName(set->migrations[3]), "U2__users_email_index.sql");
  ASSERT_EQ(set->notRun.size(), 1U);
  EXPECT_EQ(set->notRun[0].first.filename(), "V3__readme.md");
  const MigrationFormat& flyway = *findFormat("flyway");
  EXPECT_TRUE(flyway.versionLess("1.2", "1.10"));
  EXPECT_TRUE(flyway.versionLess("1_10", "2"));
  EXPECT_FALSE(flyway.versionLess("1.0", "1"));
  EXPECT_FALSE(flyway.versionLess("1", "1.0"));
  // A migration alone with CONCURRENTLY runs outside a transaction.
  auto index = readMigrationPart(set->migrations[3], FileRole::Forward);
  ASSERT_TRUE(index.ok());
  EXPECT_FALSE(planOf(*index).statements[0].inTransaction);
}

TEST_F(FormatTraps, FlywayRefusesEqualVersionsMixedMigrationsAndPlaceholders) {
  write("V1__a.sql", "SELECT 1;");
  write("V1.0__b.sql", "SELECT 1;");
  EXPECT_NE(refusal("flyway").find("Flyway refuses two migrations with versions 1.0 and 1,"), std::string::npos)
      << refusal("flyway");
  fs::remove(dir_.path() / "V1.0__b.sql");
  write("V2__c.sql", "CREATE TABLE t (x int);\nCREATE INDEX CONCURRENTLY t_x ON t (x);\n");
  auto set = load("flyway");
  ASSERT_TRUE(set.ok());
  auto mixed = readMigrationPart(set->migrations[1], FileRole::Forward);
  ASSERT_TRUE(mixed.ok());
  TransactionPlan plan = planOf(*mixed);
  EXPECT_TRUE(plan.statements[1].inTransaction) << "Flyway refuses mixed migrations: judged as failing";
  EXPECT_NE(plan.reason.find("mixed"), std::string::npos);
  write("V2__c.sql", "CREATE TABLE ${schema}.t (x int);\n");
  EXPECT_NE(refusal("flyway").find("V2__c.sql:1:14: Flyway replaces `${...}` placeholders"), std::string::npos)
      << refusal("flyway");
  write("V2__c.sql", "CREATE INDEX CONCURRENTLY a_x ON a (x);\nCREATE INDEX CONCURRENTLY a_y ON a (y);\n");
  write("V2__c.sql.conf", "executeInTransaction=false\n");
  set = load("flyway");
  ASSERT_TRUE(set.ok());
  auto conf = readMigrationPart(set->migrations[1], FileRole::Forward);
  ASSERT_TRUE(conf.ok());
  EXPECT_EQ(conf->execution.mode, TransactionMode::None);
}

TEST(Formats, DrizzleFollowsItsJournalAndItsBreakpoints) {
  auto set = loadInFormat(fixture("drizzle/drizzle"), "drizzle");
  ASSERT_TRUE(set.has_value());
  EXPECT_TRUE(set->format->traits().sharedTransaction);
  EXPECT_EQ(ids(*set), (std::vector<std::string>{"0000_create_users", "0001_add_posts"}));
  ASSERT_EQ(set->notRun.size(), 1U);
  EXPECT_EQ(set->notRun[0].first.filename(), "0001_add_posts_draft.sql");
  auto first = readMigrationPart(set->migrations[0], FileRole::Forward);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(statements(*first).size(), 2U);
  EXPECT_EQ(first->execution.mode, TransactionMode::Wrapped);
}

TEST_F(FormatTraps, DrizzleRefusesAJournalItCannotFollow) {
  write("meta/_journal.json",
        R"({"dialect":"postgresql","entries":[{"idx":0,"when":2,"tag":"0000_a"},{"idx":1,"when":1,"tag":"0001_b"}]})");
  write("0000_a.sql", "SELECT 1;");
  write("0001_b.sql", "SELECT 1;");
  EXPECT_NE(refusal("drizzle").find("would skip it"), std::string::npos) << refusal("drizzle");
  write("meta/_journal.json", R"({"dialect":"postgresql","entries":[{"idx":0,"when":1,"tag":"0000_gone"}]})");
  EXPECT_NE(refusal("drizzle").find("0000_gone.sql is not in"), std::string::npos);
  write("meta/_journal.json", R"({"dialect":"mysql","entries":[]})");
  EXPECT_NE(refusal("drizzle").find("not PostgreSQL"), std::string::npos);
  write("meta/_journal.json", R"({"dialect":"postgresql","entries":[{"idx":0,"when":1,"tag":"0000_a"}]})");
  write("0000_a.sql", "INSERT INTO t VALUES ('a\n--> statement-breakpoint\nb');\n");
  EXPECT_NE(refusal("drizzle").find("Drizzle splits the file at this `--> statement-breakpoint`"), std::string::npos)
      << refusal("drizzle");
}

TEST(Formats, SqitchFollowsItsPlanWithReworkedChanges) {
  auto set = loadInFormat(fixture("sqitch"), "sqitch");
  ASSERT_TRUE(set.has_value());
  EXPECT_EQ(ids(*set), (std::vector<std::string>{"users", "widgets@v1.0", "widgets"}));
  EXPECT_EQ(set->migrations[1].dependencies, std::vector<std::string>{"users"});
  EXPECT_EQ(rollbackFileName(set->migrations[2]), "widgets.sql");
  EXPECT_TRUE(set->migrations[0].verifyScript.has_value());
  // What sqitch computes the change id from and records in its registry.
  ASSERT_TRUE(set->migrations[1].sqitchPlan.has_value());
  const SqitchPlanEntry& widgets = *set->migrations[1].sqitchPlan;
  EXPECT_EQ(widgets.project, "widgets");
  EXPECT_EQ(widgets.uri, "");
  EXPECT_EQ(widgets.plannedAt, "2024-01-02T00:00:00Z");
  EXPECT_EQ(widgets.plannerName, "Ada Lovelace");
  EXPECT_EQ(widgets.plannerEmail, "ada@example.com");
  EXPECT_EQ(widgets.note, "Widgets owned by users");
  ASSERT_EQ(widgets.tags.size(), 1U);
  EXPECT_EQ(widgets.tags[0].name, "v1.0");
  EXPECT_EQ(widgets.tags[0].plannedAt, "2024-01-03T00:00:00Z");
  EXPECT_EQ(widgets.tags[0].note, "First release");
  EXPECT_TRUE(set->migrations[2].sqitchPlan->tags.empty());
  EXPECT_EQ(set->migrations[2].dependencies, std::vector<std::string>{"widgets@v1.0"});
  auto users = readMigrationPart(set->migrations[0], FileRole::Forward);
  ASSERT_TRUE(users.ok());
  // psql runs the script as written: its own BEGIN/COMMIT.
  EXPECT_EQ(planOf(*users).mode, ExecutionMode::StatementByStatement);
  EXPECT_TRUE(planOf(*users).statements[1].inTransaction);
}

TEST_F(FormatTraps, SqitchRefusesWhatItCannotPlace) {
  write("sqitch.plan", "%project=x\n\nb [a] 2024-01-01T00:00:00Z A <a@x>\na 2024-01-01T00:00:00Z A <a@x>\n");
  write("deploy/a.sql", "SELECT 1;");
  write("deploy/b.sql", "SELECT 1;");
  EXPECT_NE(refusal("sqitch").find("sqitch.plan:3:1: sqitch refuses the plan: b requires a"), std::string::npos)
      << refusal("sqitch");
  write("sqitch.plan", "a 2024-01-01T00:00:00Z A <a@x>\na 2024-01-02T00:00:00Z A <a@x>\n");
  EXPECT_NE(refusal("sqitch").find("planned twice without a tag"), std::string::npos);
  write("sqitch.plan", "a 2024-01-01T00:00:00Z A <a@x>\n");
  write("deploy/a.sql", "\\set ON_ERROR_STOP 1\nSELECT 1;\n");
  EXPECT_NE(refusal("sqitch").find("deploy/a.sql:1:1: psql meta-command"), std::string::npos) << refusal("sqitch");
}

TEST_F(FormatTraps, DieselOrdersByTheVersionWithoutDashes) {
  // As in crates.io's history: 2017-09-26-200551 is 20170926200551, after 20170926200550.
  write("20170926200550_y/up.sql", "SELECT 1;");
  write("2017-09-26-200551_x/up.sql", "SELECT 1;");
  write("2017-09-26-200549_w/up.sql", "SELECT 1;");
  auto set = loadMigrationSet(dir_.path());
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(ids(*set), (std::vector<std::string>{"2017-09-26-200549_w", "20170926200550_y", "2017-09-26-200551_x"}));
}

TEST_F(FormatTraps, EachFixtureProjectIsDetectedAsItsFormat) {
  for (const auto& [path, format] :
       std::vector<std::pair<std::string, std::string>>{{"goose/migrations", "goose"},
                                                        {"dbmate/db/migrations", "dbmate"},
                                                        {"golang-migrate/migrations", "golang-migrate"},
                                                        {"flyway/migration", "flyway"},
                                                        {"drizzle/drizzle", "drizzle"},
                                                        {"sqitch", "sqitch"}}) {
    auto detected = detectFormat(fixture(path));
    ASSERT_TRUE(detected.has_value()) << path;
    EXPECT_EQ(detected->format->name(), format) << path << ": " << detected->evidence;
  }
  // A file of a sqitch project belongs to the project's folder.
  auto root = migrationRootOf(fixture("sqitch/deploy/users.sql"));
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(root->lexically_normal(), fixture("sqitch").lexically_normal());
}

// Detection tries the strongest formats first and skips those that cannot win
// (linter/layout.cpp). Over every folder of the test tree, it must pick what trying every
// format picks (the strongest; of equal ones, the first by name), and no format may
// detect more strongly than its traits say.
TEST(FormatDetection, SkippingFormatsThatCannotWinPicksWhatTryingAllPicks) {
  std::size_t folders = 0;
  std::size_t detected = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(SLUICE_SOURCE_DIR) / "tests")) {
    if (!entry.is_directory() || entry.is_symlink()) continue;
    ++folders;
    FolderListing listing(entry.path());
    const MigrationFormat* strongest = nullptr;
    int strength = 0;
    for (const MigrationFormat* format : migrationFormats()) {
      Detection detection = format->detect(listing);
      EXPECT_LE(detection.strength, format->traits().detectionStrength) << format->name() << " in " << entry.path();
      if (detection.strength > strength) {
        strength = detection.strength;
        strongest = format;
      }
    }
    auto found = detectFormat(entry.path());
    EXPECT_EQ(found ? found->format : nullptr, strongest) << entry.path();
    if (strongest != nullptr) ++detected;
  }
  EXPECT_GT(folders, 100U);
  EXPECT_GT(detected, 30U);  // the test tree holds folders of every format
}

}  // namespace
}  // namespace sluice
