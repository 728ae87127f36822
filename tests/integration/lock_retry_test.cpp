// Deploys that meet locks and failed concurrent index builds: a short lock_timeout with
// retries (readers are never queued behind a waiting migration for longer than the
// timeout), retries that run out, and CREATE UNIQUE INDEX CONCURRENTLY on duplicate
// data, whose INVALID index is dropped again so that the database is as before.
#include <chrono>
#include <future>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/pg_session.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"
#include "tests/support/wait_for.hpp"

namespace sluice::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Whether a sluice deploy session waits for a heavyweight lock right now.
bool deployWaitsForALock(const ConnectionSettings& db) {
  return querySingle(db,
                     "SELECT count(*) > 0 FROM pg_stat_activity WHERE application_name = 'sluice deploy' AND "
                     "wait_event_type = 'Lock'") == "t";
}

std::future<ProcessResult> deployInBackground(const ConnectionSettings& db, const Project& project,
                                              std::vector<std::string> flags) {
  std::vector<std::string> args{"deploy",           "--dir",         project.dir().string(), "--database-url",
                                db.keywordString(), "--no-lint-gate"};
  args.insert(args.end(), flags.begin(), flags.end());
  const std::filesystem::path& cwd = project.root();
  return std::async(std::launch::async, [args, cwd] { return runSluice(args, {}, cwd); });
}

TEST(LockRetry, AMigrationBlockedByAnOpenTransactionSucceedsOnARetryWithoutQueueingReaders) {
  ConnectionSettings db = freshDatabase("lockretry");
  Project project;
  PgSession holder = lockedBeforeSecondMigration(db, project, "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n");
  auto deploy = deployInBackground(
      db, project, {"--no-snapshot", "--lock-timeout", "300ms", "--lock-retries", "8", "--lock-retry-delay", "100ms"});
  ASSERT_TRUE(
      waitFor([&] { return deployWaitsForALock(db); }, std::chrono::seconds(20), std::chrono::milliseconds(20)));

  // While the migration keeps coming back for its lock, readers of the table wait at most
  // one lock_timeout behind it (without one they would wait until the holder ends, 2 s
  // later; the margin is for a loaded machine).
  auto reader = PgSession::open(db, "reader-test-session");
  ASSERT_TRUE(reader.ok());
  double slowest = 0;
  auto until = Clock::now() + std::chrono::milliseconds(2000);
  while (Clock::now() < until) {
    auto start = Clock::now();
    ASSERT_TRUE(reader->exec("SELECT count(*) FROM a").ok());
    slowest = std::max(slowest, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_LT(slowest, 1000) << "a reader waited longer than the lock_timeout (300 ms)";
  ASSERT_TRUE(holder.exec("ROLLBACK").ok());

  ProcessResult result = deploy.get();
  ASSERT_EQ(result.exitCode, 0) << result.out << result.err;
  std::string waiting = "waiting for a lock on public.a, held by pid " + std::to_string(holder.backendPid()) +
                        " (blocking-test-session, idle in transaction";
  EXPECT_NE(result.out.find(waiting), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(": attempt 2 of 9, next in "), std::string::npos) << result.out;
  EXPECT_EQ(querySingle(db,
                        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'a' AND "
                        "column_name = 'b'"),
            "1");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations WHERE state = 'applied'"), "2");
}

TEST(LockRetry, WhenTheRetriesRunOutTheDeployStopsAsBeforeNamingTheBlocker) {
  ConnectionSettings db = freshDatabase("lockretry_out");
  Project project;
  PgSession holder = lockedBeforeSecondMigration(db, project);
  ProcessResult result = deployTo(db, project.dir(),
                                  {"--no-lint-gate", "--no-snapshot", "--lock-timeout", "200ms", "--lock-retries", "2",
                                   "--lock-retry-delay", "50ms", "--format", "json"});
  holder.exec("ROLLBACK");
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("blocked by pid " + std::to_string(holder.backendPid()) +
                            " (application 'blocking-test-session'"),
            std::string::npos)
      << result.err;
  auto report = nlohmann::json::parse(result.out);
  const auto& migration = report["migrations"][0];
  EXPECT_EQ(migration["attempts"], 3);
  ASSERT_EQ(migration["lock_waits"].size(), 3U) << migration.dump(2);
  for (const auto& wait : migration["lock_waits"]) {
    EXPECT_EQ(wait["relation"], "public.a");
    ASSERT_FALSE(wait["blocked_by"].empty());
    EXPECT_EQ(wait["blocked_by"][0]["pid"], holder.backendPid());
    EXPECT_EQ(wait["blocked_by"][0]["application"], "blocking-test-session");
  }
  EXPECT_EQ(report["recovery"]["action"], "rollback");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "1") << "nothing recorded";
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'b'"), "0");
}

// A unique index built concurrently on duplicate values: another session writes while
// the build waits for it; the build fails, its INVALID index is dropped, and since
// nothing else committed the deploy exits 4 without restoring (the write survives).
void uniqueIndexOnDuplicates(const std::vector<std::string>& flags) {
  ConnectionSettings db = freshDatabase("cic_dup");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1), (1), (2);\n");
  ASSERT_EQ(deployTo(db, project.dir(), {"--no-snapshot"}).exitCode, 0);
  project.file("0002_unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY a_id ON a (id);\n");

  auto writer = PgSession::open(db, "writer-test-session");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(writer->exec("BEGIN; INSERT INTO a VALUES (42)").ok());
  std::vector<std::string> all = flags;
  all.insert(all.end(), {"--lock-timeout", "20s", "--format", "json"});
  auto deploy = deployInBackground(db, project, all);
  // The build waits for the writer's transaction, which then commits during the deploy.
  ASSERT_TRUE(
      waitFor([&] { return deployWaitsForALock(db); }, std::chrono::seconds(30), std::chrono::milliseconds(20)));
  ASSERT_TRUE(writer->exec("COMMIT").ok());

  ProcessResult result = deploy.get();
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("could not create unique index \"a_id\""), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("restored"), std::string::npos) << result.err;
  auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["recovery"]["action"], "cleanup");
  EXPECT_EQ(report["migrations"][0]["cleaned_up"], nlohmann::json::array({"public.a_id"}));
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), "0");
  EXPECT_FALSE(tableExists(db, "a_id"));
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM a WHERE id = 42"), "1") << "no restore discarded the write";
  EXPECT_EQ(recordedMigrations(db), "0001_a");
}

TEST(IndexCleanup, UniqueConcurrentIndexOnDuplicatesWithoutSnapshotLeavesNothing) {
  uniqueIndexOnDuplicates({"--no-snapshot"});
}

TEST(IndexCleanup, UniqueConcurrentIndexOnDuplicatesWithSnapshotLeavesNothingAndRestoresNothing) {
  uniqueIndexOnDuplicates({});
}

TEST(IndexCleanup, APreExistingIndexOfTheSameNameIsNeverDropped) {
  ConnectionSettings db = freshDatabase("cic_same_name");
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (id int);\nINSERT INTO a VALUES (1), (1);\n");
  ASSERT_EQ(deployTo(db, project.dir(), {"--no-snapshot"}).exitCode, 0);
  // An INVALID a_id that was there before (a failed build by hand): not this deploy's.
  auto session = PgSession::open(db, "test");
  ASSERT_TRUE(session.ok());
  ASSERT_FALSE(session->exec("CREATE UNIQUE INDEX CONCURRENTLY a_id ON a (id)").ok());
  std::string before = querySingle(db, "SELECT 'a_id'::regclass::oid");
  project.file("0002_unique.sql", "CREATE UNIQUE INDEX CONCURRENTLY a_id ON a (id);\n");

  ProcessResult result = deployTo(db, project.dir(), {"--no-lint-gate", "--no-snapshot", "--format", "json"});
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.err.find("already exists"), std::string::npos) << result.err;
  EXPECT_EQ(querySingle(db, "SELECT 'a_id'::regclass::oid"), before);
  auto report = nlohmann::json::parse(result.out);
  EXPECT_FALSE(report["migrations"][0].contains("cleaned_up"));
  EXPECT_EQ(report["recovery"]["action"], "none");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "1");
}

}  // namespace
}  // namespace sluice::testing
