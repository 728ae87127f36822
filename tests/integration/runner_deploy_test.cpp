// `sluice deploy` against a real PostgreSQL: history, re-deploys, failures.
#include <algorithm>
#include <gtest/gtest.h>
#include <regex>

#include "common/file_io.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = fs::path(SLUICE_SOURCE_DIR) / "examples";

std::string sluiceRow(const ConnectionSettings& db, const std::string& id, const std::string& column) {
  return querySingle(db, "SELECT " + column + " FROM sluice_migrations WHERE migration_id = '" + id + "'");
}

TEST(Deploy, PrismaExampleIsRecordedAsPrismaRecordsItAndASecondDeployHasNothingToDo) {
  ConnectionSettings db = freshDatabase("deploy");
  fs::path dir = kExamples / "prisma" / "migrations";
  ProcessResult first = deployTo(db, dir);
  ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("3 migrations applied"), std::string::npos) << first.out;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM _prisma_migrations"), "3");
  for (const char* name :
       {"20240101000000_init", "20240115093000_add_orders", "20240201120000_index_orders_by_customer"}) {
    std::string where = " FROM _prisma_migrations WHERE migration_name = '" + std::string(name) + "'";
    EXPECT_EQ(querySingle(db, "SELECT checksum" + where), sha256OfFile(dir / name / "migration.sql")) << name;
    EXPECT_EQ(querySingle(db, "SELECT finished_at IS NOT NULL AND rolled_back_at IS NULL AND logs IS NULL" + where),
              "t");
    EXPECT_EQ(querySingle(db, "SELECT applied_steps_count" + where), "1");
    EXPECT_EQ(querySingle(db, "SELECT started_at <= finished_at" + where), "t");
    std::string id = querySingle(db, "SELECT id" + where);
    EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
        << id;
  }
  EXPECT_EQ(querySingle(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = '\"Order_userId_idx\"'::regclass"),
            "t");

  ProcessResult second = deployTo(db, dir);
  ASSERT_EQ(second.exitCode, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("nothing to apply"), std::string::npos) << second.out;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM _prisma_migrations"), "3");
}

TEST(Deploy, PrismaHistoryTableHasPrismasExactColumns) {
  ConnectionSettings db = freshDatabase("ddl");
  ASSERT_EQ(deployTo(db, kExamples / "prisma" / "migrations").exitCode, 0);
  // What prisma-engines' PostgreSQL flavour creates (schema engine, create_migrations_table).
  std::string columns = querySingle(
      db,
      "SELECT string_agg(column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || "
      "' ' || is_nullable || ' ' || coalesce(column_default, '-'), '; ' ORDER BY ordinal_position) "
      "FROM information_schema.columns WHERE table_name = '_prisma_migrations'");
  EXPECT_EQ(columns,
            "id character varying(36) NO -; checksum character varying(64) NO -; finished_at timestamp with time "
            "zone YES -; migration_name character varying(255) NO -; logs text YES -; rolled_back_at timestamp with "
            "time zone YES -; started_at timestamp with time zone NO now(); applied_steps_count integer NO 0");
  EXPECT_EQ(querySingle(db,
                        "SELECT string_agg(conname || ':' || contype::text, ',') FROM pg_constraint WHERE conrelid = "
                        "'_prisma_migrations'::regclass"),
            "_prisma_migrations_pkey:p");
}

TEST(Deploy, PairedExampleRecordsSluiceHistoryWithStatementChecksums) {
  ConnectionSettings db = freshDatabase("paired");
  fs::path dir = kExamples / "paired" / "migrations";
  ProcessResult first = deployTo(db, dir);
  ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations WHERE state = 'applied'"), "3");
  EXPECT_EQ(sluiceRow(db, "20240301000000_create_accounts", "checksum"),
            sha256OfFile(dir / "20240301000000_create_accounts.sql"));
  EXPECT_EQ(sluiceRow(db, "20240301000000_create_accounts", "rollback_checksum"),
            sha256OfFile(dir / "20240301000000_create_accounts_rollback.sql"));
  EXPECT_EQ(sluiceRow(db, "20240310000000_index_account_email", "execution_mode"), "statement-by-statement");
  EXPECT_EQ(sluiceRow(db, "20240305000000_add_account_email", "cardinality(statement_checksums)"), "3");
  EXPECT_EQ(querySingle(db, "SELECT obj_description('sluice_migrations'::regclass, 'pg_class')"),
            "sluice migration history, format 1");
  // The example's `SET lock_timeout` must not leak into the next migration's session.
  EXPECT_EQ(deployTo(db, dir).exitCode, 0);
}

TEST(Deploy, HistorySchemaCanBeChosen) {
  ConnectionSettings db = freshDatabase("schema");
  ProcessResult result = deployTo(db, kExamples / "paired" / "migrations", {"--history-schema", "ops"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM ops.sluice_migrations"), "3");
  EXPECT_FALSE(tableExists(db, "public.sluice_migrations"));
}

TEST(Deploy, PrismaUrlSchemaParameterIsHonoured) {
  ConnectionSettings db = freshDatabase("urlschema");
  execute(db, "CREATE SCHEMA app");
  std::string url = postgresqlUrl(db) + "?schema=app&connection_limit=5";
  ProcessResult result =
      runSluice({"deploy", "--dir", (kExamples / "prisma" / "migrations").string(), "--database-url", url});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM app._prisma_migrations"), "3");
  EXPECT_TRUE(tableExists(db, "app.\"User\""));
}

TEST(Deploy, DryRunChangesNothing) {
  ConnectionSettings db = freshDatabase("dry");
  Project scratch;
  fs::path snapshots = scratch.root() / "snapshots";
  ProcessResult result =
      deployTo(db, kExamples / "paired" / "migrations", {"--dry-run", "--snapshot-dir", snapshots.string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("statement by statement, outside a transaction"), std::string::npos) << result.out;
  // The plan says where the snapshot would go; a dry run takes none.
  EXPECT_NE(result.out.find("snapshot: snapshot to " + snapshots.string()), std::string::npos) << result.out;
  EXPECT_FALSE(fs::exists(snapshots) && !fs::is_empty(snapshots));
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('sluice_migrations') IS NULL AND to_regclass('accounts') IS NULL"),
            "t");
}

TEST(Deploy, TargetStopsAfterTheNamedMigration) {
  ConnectionSettings db = freshDatabase("target");
  ProcessResult result = deployTo(db, kExamples / "paired" / "migrations", {"--target", "20240305000000"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(recordedMigrations(db), "20240301000000_create_accounts,20240305000000_add_account_email");
  EXPECT_EQ(deployTo(db, kExamples / "paired" / "migrations", {"--target", "no_such"}).exitCode, 2);
}

TEST(Deploy, JsonReportListsEveryMigration) {
  ConnectionSettings db = freshDatabase("json");
  ProcessResult result = deployTo(db, kExamples / "prisma" / "migrations", {"--format", "json"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  for (const char* key : {"\"outcome\": \"applied\"", "\"statements_run\": 2", "\"lock_wait_ms\"", "\"duration_ms\"",
                          "\"history_table\": \"public._prisma_migrations\"", "\"key\": 72707369"}) {
    EXPECT_NE(result.out.find(key), std::string::npos) << key << "\n" << result.out;
  }
}

TEST(Deploy, FailingStatementInTheMiddleLeavesDatabaseAndHistoryUnchanged) {
  ConnectionSettings db = freshDatabase("fail");
  Project project;
  project.file("0001_first.sql", "CREATE TABLE first (id int);\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  project.file("0002_second.sql",
               "CREATE TABLE second (id int);\nINSERT INTO second VALUES (1);\nINSERT INTO missing_table VALUES (2);\n"
               "CREATE TABLE third (id int);\n");
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate"});
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("0002_second.sql:3:13"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("as before this deploy"), std::string::npos) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('second') IS NULL AND to_regclass('third') IS NULL"), "t");
  EXPECT_EQ(recordedMigrations(db), "0001_first");
}

TEST(Deploy, FailureAfterACommittedMigrationSaysWhatStateTheDatabaseIsIn) {
  ConnectionSettings db = freshDatabase("state");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n").file("0001_a_rollback.sql", "DROP TABLE a;\n");
  project.file("0002_b.sql", "CREATE TABLE b (id int);\n").file("0002_b_rollback.sql", "DROP TABLE b;\n");
  project.file("0003_c.sql", "SELECT 1/0;\n").file("0003_c_rollback.sql", "SELECT 1;\n");
  ASSERT_EQ(deployTo(db, project.dir(), {"--target", "0001_a"}).exitCode, 0);
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate", "--no-snapshot"});
  EXPECT_EQ(result.exitCode, 5) << result.err;
  EXPECT_NE(result.err.find("0002_b, which remain"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("No snapshot was taken"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("sluice rollback --to 0001_a"), std::string::npos) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "2");

  // --on-failure rollback undoes what this deploy applied: the database is as before.
  ConnectionSettings other = freshDatabase("rollback_on_failure");
  ASSERT_EQ(deployTo(other, project.dir(), {"--target", "0001_a"}).exitCode, 0);
  ProcessResult undone = deployTo(other, project.dir(), {"--no-lint-gate", "--on-failure", "rollback"});
  EXPECT_EQ(undone.exitCode, 4) << undone.out << undone.err;
  EXPECT_EQ(querySingle(other, "SELECT to_regclass('b') IS NULL AND to_regclass('a') IS NOT NULL"), "t");
  EXPECT_EQ(recordedMigrations(other), "0001_a");
}

TEST(Deploy, TxModeAllIsAllOrNothing) {
  ConnectionSettings db = freshDatabase("all");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  project.file("0002_b.sql", "CREATE TABLE b (id int);\nSELECT 1/0;\n");
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate", "--tx-mode", "all"});
  EXPECT_EQ(result.exitCode, 4) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('a') IS NULL AND to_regclass('sluice_migrations') IS NOT NULL"), "t");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "0");
  project.file("0002_b.sql", "CREATE INDEX CONCURRENTLY b_idx ON a (id);\n");
  ProcessResult refused = deployTo(db, project.dir(), {"--no-lint-gate", "--tx-mode", "all"});
  EXPECT_EQ(refused.exitCode, 2) << refused.err;
  EXPECT_NE(refused.err.find("0002_b (contains CREATE INDEX CONCURRENTLY"), std::string::npos) << refused.err;
}

TEST(Deploy, EditedAppliedMigrationIsAnErrorNamingTheFileAndBothChecksums) {
  ConnectionSettings db = freshDatabase("edited");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n\nCREATE TABLE b (id int);\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  std::string applied = sha256OfFile(project.dir() / "0001_a.sql");
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n\nCREATE TABLE b (id bigint);\n");
  std::string edited = sha256OfFile(project.dir() / "0001_a.sql");
  ProcessResult result = deployTo(db, project.dir());
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_NE(result.err.find("0001_a.sql: applied with checksum " + applied + ", the file now has " + edited),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("statement 2 (line 3)"), std::string::npos) << result.err;
  ProcessResult allowed = deployTo(db, project.dir(), {"--allow-edited"});
  EXPECT_EQ(allowed.exitCode, 0) << allowed.err;
  EXPECT_NE(allowed.out.find("edited after it was applied"), std::string::npos) << allowed.out;
}

TEST(Deploy, PrismaChecksumOfTheOtherLineEndingIsNotAnEdit) {
  ConnectionSettings db = freshDatabase("crlf");
  Project project;
  project.prismaLockFile();
  project.file("20240101000000_init/migration.sql", "CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  // The same file checked out with LF line ends.
  project.file("20240101000000_init/migration.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n");
  ProcessResult result = deployTo(db, project.dir());
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_NE(result.out.find("nothing to apply"), std::string::npos);
}

TEST(Deploy, OutOfOrderMigrationNeedsPermission) {
  ConnectionSettings db = freshDatabase("order");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n").file("0003_c.sql", "CREATE TABLE c (id int);\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  project.file("0002_b.sql", "CREATE TABLE b (id int);\n");
  ProcessResult refused = deployTo(db, project.dir());
  EXPECT_EQ(refused.exitCode, 2);
  EXPECT_NE(refused.err.find("0002_b sorts before migrations that are already applied"), std::string::npos)
      << refused.err;
  EXPECT_EQ(deployTo(db, project.dir(), {"--allow-out-of-order"}).exitCode, 0);
  EXPECT_TRUE(tableExists(db, "b"));
}

TEST(Deploy, MissingFileOfAnAppliedMigrationIsReported) {
  ConnectionSettings db = freshDatabase("missing");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n").file("0002_b.sql", "CREATE TABLE b (id int);\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  project.remove("0001_a.sql");
  ProcessResult result = deployTo(db, project.dir());
  EXPECT_EQ(result.exitCode, 0);
  EXPECT_NE(result.out.find("migration 0001_a is applied"), std::string::npos) << result.out;
  ProcessResult status = runSluiceOn("status", db, project.dir(), {"--json"});
  EXPECT_NE(status.out.find("\"missing\": 1"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\"status\": \"degraded\""), std::string::npos) << status.out;
}

TEST(Deploy, LintGateStopsOnErrorsUnlessDisabled) {
  ConnectionSettings db = freshDatabase("lintgate");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  // Linted against its history: `a` exists, so a plain CREATE INDEX locks writes.
  project.file("0002_b.sql", "CREATE INDEX a_id ON a (id);\n");
  ProcessResult blocked = deployTo(db, project.dir());
  EXPECT_EQ(blocked.exitCode, 1) << blocked.out << blocked.err;
  EXPECT_NE(blocked.out.find("require-concurrent-index"), std::string::npos) << blocked.out;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "1");
  EXPECT_EQ(deployTo(db, project.dir(), {"--no-lint-gate"}).exitCode, 0);
}

TEST(Deploy, FolderWithoutMigrationsIsAnInputError) {
  ConnectionSettings db = freshDatabase("empty");
  Project project;
  ProcessResult result = deployTo(db, project.dir());
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("no migrations in"), std::string::npos) << result.err;
}

TEST(Deploy, HistoryTableFromANewerSluiceIsRefused) {
  ConnectionSettings db = freshDatabase("newer");
  ASSERT_EQ(deployTo(db, kExamples / "paired" / "migrations", {"--target", "20240301000000"}).exitCode, 0);
  execute(db, "COMMENT ON TABLE sluice_migrations IS 'sluice migration history, format 2'");
  ProcessResult result = deployTo(db, kExamples / "paired" / "migrations");
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_NE(result.err.find("written by a newer sluice"), std::string::npos) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "1");
}

// A history table that exists with the right columns but cannot be read (a column's type
// changed by hand) stops the deploy before it applies anything, with the server's reason.
TEST(Deploy, HistoryTableThatCannotBeReadStopsTheDeployBeforeAnything) {
  ConnectionSettings db = freshDatabase("unreadable_history");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  execute(db, "ALTER TABLE sluice_migrations ALTER COLUMN applied_at TYPE text USING applied_at::text");
  project.file("0002_b.sql", "CREATE TABLE b (id int);\n");
  ProcessResult result = deployTo(db, project.dir());
  EXPECT_EQ(result.exitCode, 2) << result.err;
  EXPECT_NE(result.err.find("cannot read the history table public.sluice_migrations"), std::string::npos) << result.err;
  EXPECT_FALSE(tableExists(db, "b"));
}

TEST(Deploy, AuditLogGetsOneJsonLinePerOperation) {
  ConnectionSettings db = freshDatabase("audit");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  fs::path log = project.root() / "audit.log";
  ASSERT_EQ(deployTo(db, project.dir(), {"--audit-log", log.string()}).exitCode, 0);
  ASSERT_EQ(deployTo(db, project.dir(), {"--audit-log", log.string()}).exitCode, 0);
  std::string text = *readFile(log);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2) << text;
  for (const char* key : {"\"operation\":\"deploy\"", "\"outcome\":\"applied\"", "\"outcome\":\"up-to-date\"",
                          "\"os_user\":", "\"db_user\":", "\"duration_ms\":", "\"id\":\"0001_a\""}) {
    EXPECT_NE(text.find(key), std::string::npos) << key << "\n" << text;
  }
}

}  // namespace
}  // namespace sluice::testing
