// `sluice deploy` with its pre-migration snapshot: what each --on-failure policy leaves
// behind, compared with the database as it was before the deploy (pg_dump --schema-only
// and a checksum of every table's rows).
#include "runner/deploy_snapshot.hpp"

#include <signal.h>

#include <chrono>
#include <future>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/file_io.hpp"
#include "common/pg_session.hpp"
#include "snapshot/format.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/integration/snapshot_helpers.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

// Applied before the deploy under test: a table with rows, and application writes.
void prepare(const ConnectionSettings& db, Project& project) {
  project.file("0001_accounts.sql",
               "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n"
               "INSERT INTO accounts (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 500) g;\n");
  project.file("0001_accounts_rollback.sql", "DROP TABLE accounts;\n");
  ProcessResult first = deployTo(db, project.dir(), {"--no-lint-gate"});
  ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
  execute(db, "INSERT INTO accounts (email) VALUES ('written@by.the.app')");
}

// Two migrations that commit (a new table with data, changed rows), then one that fails.
void addFailingDeploy(Project& project) {
  project.file("0002_orders.sql",
               "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
               "  account_id bigint NOT NULL REFERENCES accounts (id), total numeric(12, 2));\n"
               "INSERT INTO orders (account_id, total) SELECT id, id * 1.5 FROM accounts;\n");
  project.file("0002_orders_rollback.sql", "DROP TABLE orders;\n");
  project.file("0003_emails.sql",
               "UPDATE accounts SET email = upper(email);\nCREATE INDEX accounts_email ON accounts (email);\n");
  project.file("0003_emails_rollback.sql", "DROP INDEX accounts_email;\nUPDATE accounts SET email = lower(email);\n");
  project.file("0004_broken.sql", "ALTER TABLE accounts ADD COLUMN nickname text;\nSELECT * FROM no_such_table;\n");
  project.file("0004_broken_rollback.sql", "ALTER TABLE accounts DROP COLUMN nickname;\n");
}

std::vector<fs::path> snapshotsIn(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (snapshot::looksLikeSnapshotId(entry.path().filename().string())) out.push_back(entry.path());
  }
  return out;
}

// The line of `text` that follows `marker`.
std::string after(const std::string& text, const std::string& marker) {
  std::size_t at = text.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return text.substr(at, text.find('\n', at) - at);
}

TEST(DeploySnapshot, FailureAfterCommittedMigrationsRestoresTheSnapshot) {
  ConnectionSettings db = freshDatabase("snap_restore");
  Project project;
  prepare(db, project);
  DatabaseState before = databaseState(db);
  addFailingDeploy(project);
  fs::path snapshots = project.root() / "snapshots";
  fs::path keyFile = project.root() / "snapshot.key";
  ASSERT_TRUE(writeFileAtomically(keyFile, std::string(64, '7') + "\n").ok());
  fs::permissions(keyFile, fs::perms::owner_read | fs::perms::owner_write);

  ProcessResult result = deployTo(
      db, project.dir(), {"--no-lint-gate", "--snapshot-dir", snapshots.string(), "--key-file", keyFile.string()});
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  std::vector<fs::path> taken = snapshotsIn(snapshots);
  ASSERT_EQ(taken.size(), 1U);
  std::string id = taken[0].filename().string();
  EXPECT_NE(result.out.find("snapshot: snapshot to " + snapshots.string()), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("encrypted"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("snapshot " + id + " taken"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("snapshot " + id + " restored"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("recovery: restore (snapshot taken at "), std::string::npos) << result.out;
  EXPECT_NE(result.err.find("0004_broken failed"), std::string::npos) << result.err;
  // The restore message says what a restore means: back at the snapshot's moment (when),
  // and other sessions' later writes discarded.
  auto manifest = snapshot::parseManifest(readFile(taken[0] / snapshot::kManifestFile).value(), "manifest");
  ASSERT_TRUE(manifest.ok());
  EXPECT_NE(result.err.find("taken at " + manifest->createdAt), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("its history table included, is back at that moment, and writes other sessions made "
                            "after it were discarded"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("exactly as before"), std::string::npos) << result.err;
  // Encrypted: no warning about it.
  EXPECT_EQ(result.err.find("is not encrypted"), std::string::npos) << result.err;
  // Schema, every table's rows (the history table included) and the sequences.
  EXPECT_EQ(databaseState(db), before);
  EXPECT_EQ(recordedMigrations(db), "0001_accounts");

  // The JSON report names the snapshot.
  project.file("0004_broken.sql", "SELECT * FROM still_missing;\n");
  ProcessResult json = deployTo(
      db, project.dir(),
      {"--no-lint-gate", "--snapshot-dir", snapshots.string(), "--key-file", keyFile.string(), "--format", "json"});
  EXPECT_EQ(json.exitCode, 4) << json.err;
  EXPECT_NE(json.out.find("\"path\": \"" + snapshots.string()), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"action\": \"restore\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"snapshot_taken_at\": "), std::string::npos) << json.out;
  EXPECT_EQ(databaseState(db), before);
}

TEST(DeploySnapshot, OnFailureRollbackRunsTheRollbackFilesNewestFirst) {
  ConnectionSettings db = freshDatabase("snap_rollback");
  Project project;
  prepare(db, project);
  DatabaseState before = databaseState(db);
  addFailingDeploy(project);
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate", "--on-failure", "rollback"});
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("undone with their rollback files, newest first"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find("restoring snapshot"), std::string::npos) << result.out;
  std::size_t emails = result.out.find("0003_emails  rolled back");
  std::size_t orders = result.out.find("0002_orders  rolled back");
  EXPECT_NE(emails, std::string::npos) << result.out;
  EXPECT_LT(emails, orders) << result.out;
  // Rollback files give back the schema and the rows; identity counters move on (a
  // snapshot restore would reset them).
  DatabaseState after = databaseState(db);
  EXPECT_EQ(after.schema, before.schema);
  EXPECT_EQ(after.checksums, before.checksums);
}

TEST(DeploySnapshot, FailingRollbackFileFallsBackToTheSnapshot) {
  ConnectionSettings db = freshDatabase("snap_rollback_fails");
  Project project;
  prepare(db, project);
  DatabaseState before = databaseState(db);
  addFailingDeploy(project);
  project.file("0002_orders_rollback.sql", "DROP TABLE no_such_orders;\n");
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate", "--on-failure", "rollback"});
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.out.find("restoring the snapshot instead"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("stopped at 0002_orders"), std::string::npos) << result.out;
  EXPECT_EQ(databaseState(db), before);
}

TEST(DeploySnapshot, NothingCommittedMeansNoRestore) {
  ConnectionSettings db = freshDatabase("snap_nothing");
  Project project;
  prepare(db, project);
  DatabaseState before = databaseState(db);
  project.file("0002_broken.sql", "CREATE TABLE half (id int);\nSELECT 1/0;\n");
  ProcessResult first = deployTo(db, project.dir(), {"--no-lint-gate"});
  EXPECT_EQ(first.exitCode, 4) << first.out << first.err;
  EXPECT_EQ(first.out.find("restoring snapshot"), std::string::npos) << first.out;
  EXPECT_NE(first.err.find("Nothing else was changed"), std::string::npos) << first.err;
  EXPECT_EQ(databaseState(db), before);

  // --tx-mode all: the shared transaction is rolled back, nothing to restore.
  project.remove("0002_broken.sql");
  addFailingDeploy(project);
  ProcessResult all = deployTo(db, project.dir(), {"--no-lint-gate", "--tx-mode", "all"});
  EXPECT_EQ(all.exitCode, 4) << all.out << all.err;
  EXPECT_EQ(all.out.find("restoring snapshot"), std::string::npos) << all.out;
  EXPECT_EQ(databaseState(db), before);
}

TEST(DeploySnapshot, NoSnapshotAndNothingPendingTakeNone) {
  ConnectionSettings db = freshDatabase("snap_none");
  Project project;
  fs::path snapshots = project.root() / "snapshots";
  project.file("0001_a.sql", "CREATE TABLE a (id int);\n");
  ProcessResult skipped = deployTo(db, project.dir(), {"--no-snapshot", "--snapshot-dir", snapshots.string()});
  EXPECT_EQ(skipped.exitCode, 0) << skipped.out << skipped.err;
  EXPECT_NE(skipped.out.find("snapshot: no snapshot (--no-snapshot)"), std::string::npos) << skipped.out;
  EXPECT_TRUE(snapshotsIn(snapshots).empty());

  project.file("0002_b.sql", "CREATE TABLE b (id int);\n");
  ProcessResult taken = deployTo(db, project.dir(), {"--snapshot-dir", snapshots.string()});
  EXPECT_EQ(taken.exitCode, 0) << taken.out << taken.err;
  ASSERT_EQ(snapshotsIn(snapshots).size(), 1U);
  EXPECT_NE(taken.out.find("snapshot before this deploy: " + snapshotsIn(snapshots)[0].filename().string()),
            std::string::npos)
      << taken.out;

  ProcessResult upToDate = deployTo(db, project.dir(), {"--snapshot-dir", snapshots.string()});
  EXPECT_EQ(upToDate.exitCode, 0) << upToDate.out << upToDate.err;
  EXPECT_NE(upToDate.out.find("snapshot: none (nothing to apply)"), std::string::npos) << upToDate.out;
  EXPECT_EQ(snapshotsIn(snapshots).size(), 1U) << "nothing pending: no new snapshot";
}

TEST(DeploySnapshot, FailedRestoreExitsFiveWithThePathAndTheCommandToRetry) {
  ConnectionSettings db = freshDatabase("snap_restore_fails");
  Project project;
  prepare(db, project);
  DatabaseState before = databaseState(db);
  fs::path snapshots = project.root() / "snapshots";
  // A committed migration that makes every new session read-only, which the restore's
  // session is; then a failure.
  project.file("0002_freeze.sql",
               "CREATE TABLE frozen (id int);\n"
               "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET default_transaction_read_only = on', "
               "current_database()); END $$;\n");
  project.file("0003_broken.sql", "SELECT 1/0;\n");
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate", "--snapshot-dir", snapshots.string()});
  EXPECT_EQ(result.exitCode, 5) << result.out << result.err;
  std::vector<fs::path> taken = snapshotsIn(snapshots);
  ASSERT_EQ(taken.size(), 1U);
  EXPECT_NE(result.err.find("snapshot: " + taken[0].string()), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("read-only transaction"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("still as the failure left it"), std::string::npos) << result.err;
  std::string retry = after(result.err, "retry it with: ");
  ASSERT_TRUE(retry.starts_with("sluice snapshot restore " + taken[0].string() + " --yes --database-url "))
      << result.err;
  EXPECT_TRUE(tableExists(db, "frozen"));

  // The command names where the connection string goes, never the string itself.
  std::string placeholder = "'<the connection string for " + db.describe() + ">'";
  std::size_t at = retry.find(placeholder);
  ASSERT_NE(at, std::string::npos) << retry;
  retry.replace(at, placeholder.size(), shellWord(db.keywordString()));
  // Fix the cause, run the printed command with the string filled in: the database is as before the deploy.
  execute(ConnectionSettings::fromString(testCluster().conninfo("postgres")),
          "ALTER DATABASE " + db.database() + " RESET default_transaction_read_only");
  SpawnOptions options;
  options.setEnv = {{"NO_COLOR", "1"}};
  options.unsetEnv = {"DATABASE_URL", "SLUICE_SNAPSHOT_KEY"};
  options.cwd = project.root();
  auto retried =
      runProcess({"bash", "-c", std::string(SLUICE_BINARY) + retry.substr(std::string("sluice").size())}, options);
  ASSERT_TRUE(retried.ok());
  EXPECT_EQ(retried->exitCode, 0) << retried->out << retried->err;
  EXPECT_EQ(databaseState(db), before);
}

TEST(DeploySnapshot, PartlyAppliedMigrationOutsideATransactionIsRestoredToo) {
  ConnectionSettings db = freshDatabase("snap_partial");
  Project project;
  prepare(db, project);
  DatabaseState before = databaseState(db);
  project.file("0002_index.sql",
               "INSERT INTO accounts (email) VALUES ('user1@example.com');\n"
               "CREATE UNIQUE INDEX CONCURRENTLY accounts_email ON accounts (email);\n");
  // From the project's folder, so that the snapshot goes to the default .sluice/snapshots.
  ProcessResult result =
      runSluice({"deploy", "--dir", project.dir().string(), "--database-url", db.keywordString(), "--no-lint-gate"}, {},
                project.root());
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("0002_index failed"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("is back at that moment"), std::string::npos) << result.err;
  EXPECT_EQ(databaseState(db), before) << "the row, the INVALID index and the failed history record are gone";

  // The default folder is private and ignored by git; the unencrypted snapshot is
  // announced with how to set a key.
  fs::path snapshots = project.root() / ".sluice" / "snapshots";
  std::vector<fs::path> taken = snapshotsIn(snapshots);
  ASSERT_EQ(taken.size(), 1U);
  auto modeOf = [](const fs::path& path) { return static_cast<unsigned>(fs::status(path).permissions()) & 0777U; };
  EXPECT_EQ(modeOf(project.root() / ".sluice"), 0700U);
  EXPECT_EQ(modeOf(snapshots), 0700U);
  EXPECT_EQ(modeOf(taken[0]), 0700U);
  for (const auto& file : fs::directory_iterator(taken[0])) EXPECT_EQ(modeOf(file.path()), 0600U) << file.path();
  ASSERT_TRUE(fs::exists(snapshots / ".gitignore"));
  EXPECT_EQ(readFile(snapshots / ".gitignore").value(),
            "# Created by sluice: snapshots are copies of the database; keep them out of git.\n*\n");
  EXPECT_NE(result.err.find("warning: snapshot " + taken[0].filename().string()), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("is not encrypted"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("SLUICE_SNAPSHOT_KEY, --key-file FILE or [snapshot] key_file"), std::string::npos)
      << result.err;
}

TEST(DeploySnapshot, ASecondCtrlCDuringTheRestoreSaysWhereTheDatabaseStandsAndExits130) {
  ConnectionSettings db = freshDatabase("snap_ctrl_c");
  Project project;
  prepare(db, project);
  // A migration that commits, then one that fails; neither needs more than a share lock on accounts.
  project.file("0002_orders.sql",
               "CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id));\n"
               "INSERT INTO orders SELECT id, id FROM accounts;\n");
  project.file("0003_broken.sql", "SELECT * FROM no_such_table;\n");
  // Another session reads accounts: the restore, which replaces that table, waits for it.
  auto reader = PgSession::open(db, "test-reader");
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(reader->exec("BEGIN; LOCK TABLE accounts IN ACCESS SHARE MODE").ok());

  ChildProcess child = spawnDeploy(db, project, {"--no-lint-gate"});
  auto restoreWaits = [&] {
    // Connected, and unable to finish while the reader holds its lock.
    return querySingle(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sluice-restore'") != "0";
  };
  bool reached = false;
  for (int i = 0; i < 600 && !reached; ++i) {
    reached = restoreWaits();
    if (!reached) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // The first Ctrl-C does not stop a restore; the second one ends sluice, which says so.
  child.kill(SIGINT);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(::kill(child.pid(), 0), 0) << "the first Ctrl-C must not stop the restore";
  child.kill(SIGINT);
  ChildProcess::Outcome outcome = child.communicate();
  ASSERT_TRUE(reached) << "the restore never started\n" << outcome.out << outcome.err;
  EXPECT_EQ(outcome.exitCode, 130) << outcome.out << outcome.err;
  std::string last = outcome.err.substr(outcome.err.rfind('\n', outcome.err.size() - 2) + 1);
  EXPECT_TRUE(last.starts_with("sluice: interrupted during the restore of snapshot ")) << outcome.err;
  EXPECT_NE(last.find("the database is as the failed deploy left it"), std::string::npos) << last;
  EXPECT_NE(last.find("restore it with: sluice snapshot restore "), std::string::npos) << last;
  ASSERT_TRUE(reader->exec("COMMIT").ok());
  // The interrupted restore was rolled back: what the failed deploy committed is there.
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM orders"), "501");
}

// A restore discards what other sessions committed after the snapshot: the report says
// how many transactions that was.
TEST(DeploySnapshot, ARestoreCountsTheTransactionsOtherSessionsCommittedSinceTheSnapshot) {
  ConnectionSettings db = freshDatabase("snap_cost");
  Project project;
  prepare(db, project);
  execute(db, "CREATE TABLE app_log (line text)");
  project.file("0002_orders.sql", "CREATE TABLE orders (id int);\n");
  project.file("0003_broken.sql", "ALTER TABLE accounts ADD COLUMN nickname text;\nSELECT * FROM no_such_table;\n");
  fs::path snapshots = project.root() / "snapshots";

  // 0003 waits for the lock the writer holds; meanwhile the application commits.
  auto writer = PgSession::open(db, "writer-test-session");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->exec("BEGIN; INSERT INTO accounts (email) VALUES ('late@example.com')").ok());
  std::vector<std::string> args{"deploy",
                                "--dir",
                                project.dir().string(),
                                "--database-url",
                                db.keywordString(),
                                "--no-lint-gate",
                                "--snapshot-dir",
                                snapshots.string(),
                                "--lock-timeout",
                                "30s",
                                "--format",
                                "json"};
  auto deploy = std::async(std::launch::async, [args] { return runSluice(args); });
  auto waiting = [&] {
    return querySingle(db,
                       "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sluice deploy' AND "
                       "wait_event_type = 'Lock'") == "1";
  };
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!waiting() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(waiting());
  auto application = PgSession::open(db, "application-test-session");
  ASSERT_TRUE(application.ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(application->exec("INSERT INTO app_log VALUES ('written')").ok());
  // The server publishes a session's counts when it goes idle, at most once a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_TRUE(writer->exec("COMMIT").ok());
  ProcessResult result = deploy.get();

  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["recovery"]["action"], "restore");
  ASSERT_TRUE(report["recovery"].contains("other_sessions_commits")) << report.dump(2);
  std::int64_t discarded = report["recovery"]["other_sessions_commits"];
  EXPECT_GE(discarded, 5);
  EXPECT_LT(discarded, 100) << "sluice's own transactions are not counted";
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM app_log"), "0") << "the restore discarded them";
}

TEST(DeploySnapshot, OnFailureKeepLeavesTheCommittedMigrations) {
  ConnectionSettings db = freshDatabase("snap_keep");
  Project project;
  prepare(db, project);
  addFailingDeploy(project);
  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate", "--on-failure", "keep"});
  EXPECT_EQ(result.exitCode, 5) << result.out << result.err;
  EXPECT_NE(result.err.find("(--on-failure keep)"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("restore snapshot "), std::string::npos) << result.err;
  EXPECT_EQ(recordedMigrations(db), "0001_accounts,0002_orders,0003_emails");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM orders"), "501");
}

TEST(DeploySnapshot, EphemeralDeploySnapshotsIntoATemporaryDirectory) {
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n");
  project.file("0002_b.sql", "CREATE TABLE b (id int);\n");
  project.file("0003_c.sql", "SELECT 1/0;\n");
  ProcessResult result =
      runSluice({"deploy", "--dir", project.dir().string(), "--ephemeral", "--no-lint-gate"}, {}, project.root());
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.out.find("(temporary, removed with the throwaway server)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(" restored in "), std::string::npos) << result.out;
  EXPECT_FALSE(fs::exists(project.root() / ".sluice")) << "nothing is left in the working directory";
}

}  // namespace
}  // namespace sluice::testing
