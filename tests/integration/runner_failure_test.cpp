// The runner under failure: statements that refuse a transaction, lock timeouts,
// concurrent deploys, a killed deploy, bad connections, rollback and resolve.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/file_io.hpp"
#include "common/pg_session.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"
#include "tests/support/wait_for.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

// Whether a statement that begins with `prefix` starts running on `db` within 20 s: the
// moment to signal the deploy that sent it.
bool statementStarts(const ConnectionSettings& db, const std::string& prefix) {
  return waitFor(
      [&] {
        return querySingle(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '" + prefix + "%'") == "1";
      },
      std::chrono::seconds(20));
}

TEST(Failure, NonTransactionalStatementNextToOthersRunsStatementByStatement) {
  ConnectionSettings db = freshDatabase("nontx");
  Project project;
  project.file("0001_a.sql",
               "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1), (2);\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n"
               "ANALYZE a;\n");
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate"});
  ASSERT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("statement by statement, outside a transaction"), std::string::npos) << result.out;
  EXPECT_EQ(querySingle(db,
                        "SELECT state || ' ' || statements_applied || '/' || statements_total FROM "
                        "sluice_migrations"),
            "applied 4/4");
  EXPECT_EQ(querySingle(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'a_id'::regclass"), "t");
}

TEST(Failure, AFileWithANulByteIsRefusedNotRunHalfAndRecorded) {
  ConnectionSettings db = freshDatabase("nul");
  Project project;
  project.file("0001_a.sql",
               std::string("CREATE TABLE first_half (id int);\0CREATE TABLE second_half (id int);\n", 69));
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{"--no-lint-gate"}, std::vector<std::string>{}}) {
    ProcessResult result = deployTo(db, project.dir(), flags);
    EXPECT_EQ(result.exitCode, 2) << result.out << result.err;
    EXPECT_NE(result.err.find("0001_a.sql holds a NUL byte"), std::string::npos) << result.err;
  }
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('first_half') IS NULL AND to_regclass('sluice_migrations') IS NULL"),
            "t");
}

TEST(Failure, DeepStatementsAreRunWhenAnalysedAndRefusedBeforeTheDatabaseWhenTooDeep) {
  std::string nested = "CREATE TABLE nested AS SELECT ";
  for (int i = 0; i < 1500; ++i) nested += "(SELECT ";
  nested += "1" + std::string(1500, ')') + " AS one;\n";
  std::string sum = "CREATE TABLE sum AS SELECT 1";
  for (int i = 1; i < 100000; ++i) sum += " + 1";
  std::string unions = "CREATE TABLE unions AS SELECT 1";
  for (int i = 1; i < 20000; ++i) unions += " UNION ALL SELECT 1";
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{"--no-snapshot"}, {"--no-lint-gate", "--no-snapshot"}}) {
    ConnectionSettings db = freshDatabase("deep");
    Project project;
    project.file("0001_nested.sql", nested);
    ProcessResult ran = deployTo(db, project.dir(), flags);
    // Analysed, so run: PostgreSQL decides (with its default max_stack_depth it accepts it).
    EXPECT_EQ(ran.exitCode, 0) << ran.out << ran.err;
    EXPECT_EQ(querySingle(db, "SELECT one FROM nested"), "1");
    for (const auto& [name, sql] :
         {std::pair<std::string, std::string>{"0002_sum.sql", sum + ";\n"}, {"0002_unions.sql", unions + ";\n"}}) {
      project.file(name, sql);
      ProcessResult refused = deployTo(db, project.dir(), flags);
      EXPECT_EQ(refused.exitCode, 2) << refused.out << refused.err;
      EXPECT_NE(refused.err.find(name + ":1:"), std::string::npos) << refused.err;
      EXPECT_NE(refused.err.find("too deep to analyse"), std::string::npos) << refused.err;
      project.remove(name);
    }
    EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "1");
    EXPECT_EQ(querySingle(db, "SELECT to_regclass('sum') IS NULL AND to_regclass('unions') IS NULL"), "t");
  }
}

TEST(Failure, PartlyAppliedMigrationIsRecordedAsFailedAndBlocksUntilResolved) {
  ConnectionSettings db = freshDatabase("partial");
  Project project;
  project.file("0001_a.sql",
               "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1), (1);\n"
               "CREATE UNIQUE INDEX CONCURRENTLY a_id ON a (id);\nCREATE TABLE after_index (id int);\n");
  // Without a snapshot (with one, the deploy restores it: deploy_snapshot_test.cpp).
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate", "--no-snapshot"});
  EXPECT_EQ(result.exitCode, 5) << result.out << result.err;
  EXPECT_NE(result.err.find("statements 1-2 (2 of 4) are committed"), std::string::npos) << result.err;
  // The INVALID index the failed build left is dropped again; the rows stay committed.
  EXPECT_NE(result.err.find("INVALID index public.a_id it left was dropped"), std::string::npos) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
  EXPECT_NE(result.err.find("sluice resolve --rolled-back 0001_a"), std::string::npos) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT state || ' ' || statements_applied FROM sluice_migrations"), "failed 2");
  EXPECT_FALSE(tableExists(db, "after_index"));

  ProcessResult blocked = deployTo(db, project.dir(), {"--no-lint-gate"});
  EXPECT_EQ(blocked.exitCode, 5);
  EXPECT_NE(blocked.err.find("recorded as failed"), std::string::npos) << blocked.err;
  ProcessResult status = runSluiceOn("status", db, project.dir(), {"--json"});
  EXPECT_EQ(status.exitCode, 5);
  EXPECT_NE(status.out.find("\"status\": \"unhealthy\""), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\"outcome\": \"checked\""), std::string::npos) << status.out;

  // Undo by hand, resolve, fix the data, deploy again.
  execute(db, "DROP TABLE a");
  ProcessResult resolved = runSluice(
      {"resolve", "--rolled-back", "0001_a", "--dir", project.dir().string(), "--database-url", db.keywordString()});
  EXPECT_EQ(resolved.exitCode, 0) << resolved.err;
  project.file("0001_a.sql",
               "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1), (2);\n"
               "CREATE UNIQUE INDEX CONCURRENTLY a_id ON a (id);\nCREATE TABLE after_index (id int);\n");
  ProcessResult again = deployTo(db, project.dir(), {"--no-lint-gate"});
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_EQ(querySingle(db, "SELECT state FROM sluice_migrations"), "applied");
}

TEST(Failure, FileWithItsOwnTransactionRunsAsWrittenAndIsRecordedInItsLastBlock) {
  ConnectionSettings db = freshDatabase("aswritten");
  Project project;
  project.prismaLockFile();
  project.file("20240101000000_enum/migration.sql",
               "CREATE TYPE mood AS ENUM ('sad');\nBEGIN;\nSET TRANSACTION ISOLATION LEVEL REPEATABLE READ;\n"
               "ALTER TYPE mood ADD VALUE 'happy';\nCOMMIT;\nBEGIN;\nCREATE TABLE person (m mood DEFAULT 'happy');\n"
               "COMMIT;\n");
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate"});
  ASSERT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("as written"), std::string::npos) << result.out;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL AND logs IS NULL"),
            "1");

  // A failure in the second block: the first one stays committed and the row says so.
  ConnectionSettings other = freshDatabase("aswritten_fail");
  project.file("20240101000000_enum/migration.sql",
               "BEGIN;\nCREATE TYPE mood AS ENUM ('sad');\nCOMMIT;\nBEGIN;\nCREATE TABLE person (m mood "
               "DEFAULT 'nope');\nCOMMIT;\n");
  ProcessResult failed = deployTo(other, project.dir(), {"--no-lint-gate", "--no-snapshot"});
  EXPECT_EQ(failed.exitCode, 5) << failed.err;
  EXPECT_EQ(querySingle(other,
                        "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NULL AND logs LIKE "
                        "'%statements 1-3 of 6 committed%'"),
            "1");
}

TEST(Failure, LockTimeoutIsReportedWithTheBlockingSession) {
  ConnectionSettings db = freshDatabase("locktimeout");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  project.file("0002_b.sql", "ALTER TABLE a ADD COLUMN b int;\n");

  auto holder = PgSession::open(db, "blocking-test-session");
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE(holder->exec("BEGIN; LOCK TABLE a IN ACCESS SHARE MODE; SELECT count(*) FROM a").ok());
  ProcessResult result = deployTo(
      db, project.dir(), {"--no-lint-gate", "--lock-timeout", "800ms", "--lock-retries", "0", "--format", "json"});
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("lock timeout: canceling statement due to lock timeout"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("blocked by pid " + std::to_string(holder->backendPid())), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("blocking-test-session"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("SELECT count(*) FROM a"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("\"kind\": \"lock timeout\""), std::string::npos) << result.out;
  holder->exec("ROLLBACK");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "1");
  EXPECT_EQ(deployTo(db, project.dir(), {"--no-lint-gate", "--lock-timeout", "800ms"}).exitCode, 0);
}

TEST(Failure, MigrationLockHeldElsewhereIsExit3NamingTheHolder) {
  ConnectionSettings db = freshDatabase("advisory");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  auto holder = PgSession::open(db, "other-deployer");
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE(holder->exec("SELECT pg_advisory_lock(1936487785)").ok());
  ProcessResult result = deployTo(db, project.dir(), {"--lock-wait", "300ms"});
  EXPECT_EQ(result.exitCode, 3) << result.err;
  EXPECT_NE(result.err.find("pid " + std::to_string(holder->backendPid()) + " (application 'other-deployer'"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(tableExists(db, "a"));
}

void concurrentDeploys(int processes) {
  ConnectionSettings db = freshDatabase("concurrent" + std::to_string(processes));
  Project project;
  for (int i = 1; i <= 6; ++i) {
    std::string id = "000" + std::to_string(i) + "_m" + std::to_string(i);
    project.file(id + ".sql", "CREATE TABLE t" + std::to_string(i) + " (id int);\nSELECT pg_sleep(0.05);\n");
  }
  std::vector<ChildProcess> children;
  for (int i = 0; i < processes; ++i) {
    children.push_back(spawnDeploy(db, project, {"--no-lint-gate", "--lock-wait", "60s"}));
  }
  int applied = 0;
  for (ChildProcess& child : children) {
    ChildProcess::Outcome outcome = child.communicate();
    EXPECT_EQ(outcome.exitCode, 0) << outcome.out << outcome.err;
    if (outcome.out.find("✓ 6 migrations applied in") != std::string::npos) ++applied;
  }
  EXPECT_EQ(applied, 1) << "exactly one deploy applies the migrations; the others find nothing to do";
  EXPECT_EQ(querySingle(db, "SELECT count(*) || '/' || count(DISTINCT migration_id) FROM sluice_migrations"), "6/6");
}

TEST(Failure, TwoConcurrentDeploysApplyEachMigrationOnce) { concurrentDeploys(2); }
TEST(Failure, EightConcurrentDeploysApplyEachMigrationOnce) { concurrentDeploys(8); }

TEST(Failure, KilledDeployLeavesAConsistentHistoryAndTheNextDeployCompletes) {
  ConnectionSettings db = freshDatabase("sigkill");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  project.file("0002_slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(4);\nINSERT INTO slow VALUES (1);\n");
  ChildProcess child = spawnDeploy(db, project, {"--no-lint-gate"});
  ASSERT_TRUE(statementStarts(db, "SELECT pg_sleep(4)"));
  child.kill(SIGKILL);
  child.communicate();
  // The first migration committed with its record; the killed one left nothing.
  EXPECT_EQ(recordedMigrations(db), "0001_a");
  EXPECT_FALSE(tableExists(db, "slow"));
  ProcessResult again = deployTo(db, project.dir(), {"--no-lint-gate"});
  EXPECT_EQ(again.exitCode, 0) << again.out << again.err;
  EXPECT_EQ(recordedMigrations(db), "0001_a,0002_slow");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM slow"), "1");
}

// Deploys a migration that runs outside a transaction and terminates sluice's backend
// while its second statement runs.
ChildProcess::Outcome deployAndTerminateTheBackend(const ConnectionSettings& db, const Project& project,
                                                   const std::vector<std::string>& flags) {
  std::vector<std::string> args{"--no-lint-gate"};
  args.insert(args.end(), flags.begin(), flags.end());
  ChildProcess child = spawnDeploy(db, project, args);
  const std::string running =
      "FROM pg_stat_activity WHERE application_name = 'sluice deploy' AND query LIKE 'SELECT pg_sleep(30)%'";
  EXPECT_TRUE(waitFor([&] { return querySingle(db, "SELECT count(*) " + running) == "1"; }, std::chrono::seconds(30)));
  EXPECT_EQ(querySingle(db, "SELECT bool_and(pg_terminate_backend(pid)) " + running), "t");
  return child.communicate();
}

TEST(Failure, ALostConnectionIsNotSuccessDeployReconnectsAndCarriesOutOnFailure) {
  const std::string migration =
      "-- sluice:no-transaction\nCREATE TABLE first (id int);\nSELECT pg_sleep(30);\nCREATE TABLE never (id int);\n";
  {
    SCOPED_TRACE("--on-failure restore (the default) with a snapshot: the snapshot is restored");
    ConnectionSettings db = freshDatabase("lost_restore");
    Project project;
    project.file("0001_a.sql", migration);
    auto result = deployAndTerminateTheBackend(db, project, {});
    EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
    EXPECT_NE((result.out + result.err).find("reconnected"), std::string::npos) << result.out << result.err;
    EXPECT_NE(result.err.find("was restored"), std::string::npos) << result.err;
    EXPECT_EQ(querySingle(db, "SELECT to_regclass('first') IS NULL AND to_regclass('never') IS NULL"), "t");
    EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "0");
  }
  {
    SCOPED_TRACE("no snapshot: exit 5, recorded as failed with what is committed, never as applied");
    ConnectionSettings db = freshDatabase("lost_keep");
    Project project;
    project.file("0001_a.sql", migration);
    auto result = deployAndTerminateTheBackend(db, project, {"--no-snapshot"});
    EXPECT_EQ(result.exitCode, 5) << result.out << result.err;
    EXPECT_NE(result.err.find("It is recorded as failed"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("sluice resolve --rolled-back 0001_a"), std::string::npos) << result.err;
    EXPECT_EQ(querySingle(db, "SELECT state || ' ' || statements_applied FROM sluice_migrations"), "failed 1");
    EXPECT_EQ(querySingle(db, "SELECT to_regclass('first') IS NOT NULL AND to_regclass('never') IS NULL"), "t");
    ProcessResult again = deployTo(db, project.dir(), {"--no-lint-gate"});
    EXPECT_EQ(again.exitCode, 5) << again.err;
    EXPECT_NE(again.err.find("recorded as failed"), std::string::npos) << again.err;
  }
}

TEST(Failure, CtrlCCancelsTheRunningMigrationAndRollsItBack) {
  ConnectionSettings db = freshDatabase("sigint");
  Project project;
  project.file("0001_slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n");
  ChildProcess child = spawnDeploy(db, project, {"--no-lint-gate", "--format", "json"});
  ASSERT_TRUE(statementStarts(db, "SELECT pg_sleep(30)"));
  child.kill(SIGINT);
  ChildProcess::Outcome outcome = child.communicate();
  EXPECT_EQ(outcome.exitCode, 4) << outcome.out << outcome.err;
  EXPECT_NE(outcome.out.find("\"kind\": \"interrupted\""), std::string::npos) << outcome.out;
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('slow') IS NULL AND (SELECT count(*) FROM sluice_migrations) = 0"),
            "t");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0");
}

TEST(Failure, UnreachableServerIsExit3) {
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  ProcessResult result = runSluice({"deploy", "--dir", project.dir().string(), "--database-url",
                                    "postgresql://deploy:hunter2-secret@127.0.0.1:1/app?connect_timeout=2"});
  EXPECT_EQ(result.exitCode, 3) << result.err;
  EXPECT_NE(result.err.find("is the server running"), std::string::npos) << result.err;
  EXPECT_EQ((result.out + result.err).find("hunter2-secret"), std::string::npos);
  // --format json and its older spelling --json: an unreachable database is no verdict
  // on the migrations, only the outcome and the error as a string.
  for (const char* format : {"--format=json", "--json"}) {
    ProcessResult status = runSluice({"status", "--dir", project.dir().string(), format, "--database-url",
                                      "postgresql://deploy:hunter2-secret@127.0.0.1:1/app?connect_timeout=2"});
    EXPECT_EQ(status.exitCode, 3) << format;
    nlohmann::json report = nlohmann::json::parse(status.out);
    EXPECT_EQ(report["outcome"], "unreachable") << status.out;
    EXPECT_EQ(report["reachable"], false) << status.out;
    EXPECT_FALSE(report.contains("status")) << "no health verdict: " << status.out;
    ASSERT_TRUE(report["error"].is_string()) << status.out;
    EXPECT_NE(report["error"].get<std::string>().find("Connection refused"), std::string::npos) << status.out;
    EXPECT_EQ(report["exit_code"], 3);
    EXPECT_EQ((status.out + status.err).find("hunter2-secret"), std::string::npos);
  }
  ProcessResult text = runSluice({"status", "--dir", project.dir().string(), "--format", "text", "--database-url",
                                  "postgresql://deploy:hunter2-secret@127.0.0.1:1/app?connect_timeout=2"});
  EXPECT_EQ(text.exitCode, 3);
  EXPECT_NE(text.err.find("is the server running"), std::string::npos) << text.err;
}

TEST(Failure, WrongPasswordIsExit3AndThePasswordIsNeverShown) {
  EphemeralClusterOptions options;
  options.hostAuth = "scram-sha-256";
  auto cluster = EphemeralCluster::start(options);
  ASSERT_TRUE(cluster.ok()) << cluster.error().message;
  execute(ConnectionSettings::fromString(cluster->conninfo()),
          "CREATE ROLE app LOGIN PASSWORD 'the-right-one'; GRANT CREATE ON SCHEMA public TO app");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  fs::path log = project.root() / "audit.log";
  std::string url = "postgresql://app:W0ng-p%40ss@localhost:" + std::to_string(cluster->port()) + "/postgres";
  for (const std::string& format : {std::string("text"), std::string("json")}) {
    ProcessResult result =
        runSluice({"deploy", "--dir", project.dir().string(), "--format", format, "--audit-log", log.string()},
                  {{"DATABASE_URL", url}});
    EXPECT_EQ(result.exitCode, 3) << result.err;
    std::string all = result.out + result.err;
    EXPECT_NE(all.find("password authentication failed"), std::string::npos) << all;
    EXPECT_EQ(all.find("W0ng"), std::string::npos) << all;
  }
  EXPECT_EQ(readFile(log)->find("W0ng"), std::string::npos);
  ProcessResult right = runSluice(
      {"deploy", "--dir", project.dir().string(), "--format", "json"},
      {{"DATABASE_URL", "postgresql://app:the-right-one@localhost:" + std::to_string(cluster->port()) + "/postgres"}});
  EXPECT_EQ(right.exitCode, 0) << right.err;
  EXPECT_EQ((right.out + right.err).find("the-right-one"), std::string::npos) << right.out;
}

TEST(Failure, UnknownDatabaseIsExit3) {
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  ProcessResult result = runSluice(
      {"deploy", "--dir", project.dir().string(), "--database-url", testCluster().conninfo("no_such_database")});
  EXPECT_EQ(result.exitCode, 3);
  EXPECT_NE(result.err.find("does not exist"), std::string::npos) << result.err;
}

TEST(Rollback, RunsRollbackFilesNewestFirstAndRefusesWhenOneIsMissing) {
  ConnectionSettings db = freshDatabase("rollback");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n").file("0001_a_rollback.sql", "DROP TABLE a;\n");
  project.file("0002_b.sql", "CREATE TABLE b (id int);\n").file("0002_b_rollback.sql", "DROP TABLE b;\n");
  project.file("0003_c.sql", "CREATE TABLE c (id int);\n").file("0003_c_rollback.sql", "DROP TABLE c;\n");
  ASSERT_EQ(deployTo(db, project.dir()).exitCode, 0);
  std::vector<std::string> common{"--dir", project.dir().string(), "--database-url", db.keywordString()};
  auto rollback = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "rollback");
    args.insert(args.end(), common.begin(), common.end());
    return runSluice(args);
  };
  ProcessResult one = rollback({"--steps", "1"});
  EXPECT_EQ(one.exitCode, 0) << one.err;
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('c') IS NULL AND to_regclass('b') IS NOT NULL"), "t");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "2");

  project.remove("0001_a_rollback.sql");
  ProcessResult refused = rollback({"--to", "0000_none"});
  EXPECT_EQ(refused.exitCode, 2);
  ProcessResult missing = rollback({"--steps", "2"});
  EXPECT_EQ(missing.exitCode, 2) << missing.err;
  EXPECT_NE(missing.err.find("0001_a: no rollback file"), std::string::npos) << missing.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "2") << "nothing is rolled back";

  ProcessResult to = rollback({"--to", "0001_a"});
  EXPECT_EQ(to.exitCode, 0) << to.err;
  EXPECT_EQ(recordedMigrations(db), "0001_a");
  EXPECT_EQ(deployTo(db, project.dir()).exitCode, 0);
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "3");
}

TEST(Rollback, PrismaRollbackRemovesTheRowSoPrismaSeesItPending) {
  ConnectionSettings db = freshDatabase("prisma_rollback");
  fs::path dir = fs::path(SLUICE_SOURCE_DIR) / "examples" / "prisma" / "migrations";
  ASSERT_EQ(deployTo(db, dir).exitCode, 0);
  ProcessResult result = runSluiceOn("rollback", db, dir, {"--steps", "2"});
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_EQ(querySingle(db, "SELECT string_agg(migration_name, ',') FROM _prisma_migrations"), "20240101000000_init");
  EXPECT_FALSE(tableExists(db, "\"Order\""));
  ProcessResult again = deployTo(db, dir);
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_NE(again.out.find("2 migrations applied"), std::string::npos) << again.out;
}

TEST(Resolve, PrismaFailedRowWrittenByPrismaBlocksUntilResolved) {
  ConnectionSettings db = freshDatabase("resolve");
  fs::path dir = fs::path(SLUICE_SOURCE_DIR) / "examples" / "prisma" / "migrations";
  ASSERT_EQ(deployTo(db, dir, {"--target", "20240101000000_init"}).exitCode, 0);
  // What `prisma migrate deploy` leaves after a failed migration.
  execute(
      db,
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count) VALUES "
      "('9f1c3e53-6a5e-4c1e-9d1c-2b8f6b1e0a11', 'x', '20240115093000_add_orders', 'Database error: boom', now(), 0)");
  ProcessResult blocked = deployTo(db, dir);
  EXPECT_EQ(blocked.exitCode, 5);
  EXPECT_NE(blocked.err.find("20240115093000_add_orders failed in an earlier deploy"), std::string::npos)
      << blocked.err;
  EXPECT_NE(blocked.err.find("Database error: boom"), std::string::npos) << blocked.err;
  std::vector<std::string> args{"resolve",    "--rolled-back",  "20240115093000_add_orders", "--dir",
                                dir.string(), "--database-url", db.keywordString()};
  EXPECT_EQ(runSluice(args).exitCode, 0);
  EXPECT_EQ(runSluice(args).exitCode, 2) << "no longer failed";
  ProcessResult applied = deployTo(db, dir);
  EXPECT_EQ(applied.exitCode, 0) << applied.err;
  EXPECT_EQ(querySingle(db,
                        "SELECT count(*) FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT "
                        "NULL"),
            "3");
}

TEST(Resolve, AppliedRecordsAMigrationWithoutRunningIt) {
  ConnectionSettings db = freshDatabase("baseline");
  fs::path dir = fs::path(SLUICE_SOURCE_DIR) / "examples" / "prisma" / "migrations";
  ProcessResult result = runSluice(
      {"resolve", "--applied", "20240101000000_init", "--dir", dir.string(), "--database-url", db.keywordString()});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(querySingle(db,
                        "SELECT logs || '|' || applied_steps_count || '|' || (started_at = finished_at) FROM "
                        "_prisma_migrations"),
            "|0|true");
  EXPECT_FALSE(tableExists(db, "\"User\""));
}

TEST(New, CreatesTheNextMigrationInTheFoldersLayout) {
  Project project;
  project.file("20240101000000_init.sql", "SELECT 1;\n").file("20240101000000_init_rollback.sql", "SELECT 1;\n");
  ProcessResult result = runSluice({"new", "add_orders", "--dir", project.dir().string()});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  int forward = 0;
  int rollback = 0;
  for (const auto& entry : fs::directory_iterator(project.dir())) {
    std::string name = entry.path().filename().string();
    if (name.ends_with("_add_orders.sql")) ++forward;
    if (name.ends_with("_add_orders_rollback.sql")) ++rollback;
  }
  EXPECT_EQ(forward, 1);
  EXPECT_EQ(rollback, 1);
  EXPECT_EQ(runSluice({"new", "add orders!", "--dir", project.dir().string()}).exitCode, 2);

  Project prisma;
  ProcessResult created = runSluice({"new", "init", "--dir", prisma.dir().string(), "--layout", "prisma"});
  ASSERT_EQ(created.exitCode, 0) << created.err;
  EXPECT_TRUE(fs::exists(prisma.dir() / "migration_lock.toml"));
  EXPECT_NE(created.out.find("/migration.sql"), std::string::npos) << created.out;
}

}  // namespace
}  // namespace sluice::testing
