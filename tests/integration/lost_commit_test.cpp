// A connection lost at COMMIT: deploy reconnects and reads the history, which is written
// in the same transaction, to learn whether the migration committed; it goes on when it
// did, carries out --on-failure when it did not, and stops with exit 5 when it cannot
// tell. The cut comes from a proxy between sluice and the server, at an exact moment.
#include <gtest/gtest.h>

#include "tests/integration/cutting_proxy.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

using Cut = CuttingProxy::Cut;

// `db` reached through `proxy`.
ConnectionSettings throughProxy(const ConnectionSettings& db, const CuttingProxy& proxy) {
  return ConnectionSettings::fromString(db.keywordString() + " host=127.0.0.1 port=" + std::to_string(proxy.port()));
}

int serverPort(const ConnectionSettings& db) { return std::stoi(db.option("port").value()); }

// 0001 creates `before`; 0002 creates the table the proxy waits for; 0003 comes after it.
Project threeMigrations() {
  Project project;
  project.file("0001_before.sql", "CREATE TABLE before (id int);\n");
  project.file("0002_probe.sql", "CREATE TABLE in_doubt_probe (id int);\n");
  project.file("0003_after.sql", "CREATE TABLE after (id int);\n");
  return project;
}

std::string recorded(const ConnectionSettings& db) {
  return querySingle(db,
                     "SELECT string_agg(migration_id || ':' || state, ' ' ORDER BY migration_id) FROM "
                     "sluice_migrations");
}

TEST(LostCommit, AnsweredCommitIsFoundInTheHistoryAndTheDeployGoesOn) {
  ConnectionSettings db = freshDatabase("lost_commit_done");
  CuttingProxy proxy(serverPort(db), "in_doubt_probe", Cut::AfterCommitAnswered);
  Project project = threeMigrations();
  ProcessResult result = deployTo(throughProxy(db, proxy), project.dir(), {"--no-lint-gate", "--no-snapshot"});
  ASSERT_TRUE(proxy.didCut());
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("0002_probe is recorded in public.sluice_migrations: its COMMIT took effect"),
            std::string::npos)
      << result.out;
  EXPECT_EQ(recorded(db), "0001_before:applied 0002_probe:applied 0003_after:applied");
  EXPECT_TRUE(tableExists(db, "after"));
}

TEST(LostCommit, AnsweredCommitOfTheSharedTransactionIsFoundInTheHistory) {
  ConnectionSettings db = freshDatabase("lost_commit_all");
  CuttingProxy proxy(serverPort(db), "in_doubt_probe", Cut::AfterCommitAnswered);
  Project project = threeMigrations();
  ProcessResult result =
      deployTo(throughProxy(db, proxy), project.dir(), {"--no-lint-gate", "--no-snapshot", "--tx-mode", "all"});
  ASSERT_TRUE(proxy.didCut());
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_EQ(recorded(db), "0001_before:applied 0002_probe:applied 0003_after:applied");
}

TEST(LostCommit, CommitThatNeverArrivedIsRolledBackAndTheSnapshotRestored) {
  ConnectionSettings db = freshDatabase("lost_commit_undone");
  CuttingProxy proxy(serverPort(db), "in_doubt_probe", Cut::BeforeCommitArrives);
  Project project = threeMigrations();
  ProcessResult result = deployTo(throughProxy(db, proxy), project.dir(), {"--no-lint-gate"});
  ASSERT_TRUE(proxy.didCut());
  EXPECT_EQ(result.exitCode, 4) << result.out << result.err;
  EXPECT_NE(result.out.find("0002_probe is not recorded in public.sluice_migrations: the server rolled it back"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.err.find("was restored"), std::string::npos) << result.err;
  // --on-failure restore (the default): 0001, applied by this deploy, is undone too.
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "0");
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('before') IS NULL AND to_regclass('in_doubt_probe') IS NULL"), "t");
}

TEST(LostCommit, NoNewSessionWithinTheWaitIsExit5WithWhatToCheck) {
  ConnectionSettings db = freshDatabase("lost_commit_gone");
  CuttingProxy proxy(serverPort(db), "in_doubt_probe", Cut::AfterCommitAnswered);
  proxy.refuseAfterCut();
  Project project = threeMigrations();
  ProcessResult result =
      deployTo(throughProxy(db, proxy), project.dir(), {"--no-lint-gate", "--no-snapshot", "--reconnect-wait", "1s"});
  ASSERT_TRUE(proxy.didCut());
  EXPECT_EQ(result.exitCode, 5) << result.out << result.err;
  EXPECT_NE(result.err.find("could not reconnect within 1s"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("so --on-failure was not carried out"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("run `sluice status` to see whether it is applied"), std::string::npos) << result.err;
  // What sluice could not learn: the COMMIT took effect. 0003 never ran.
  EXPECT_EQ(recorded(db), "0001_before:applied 0002_probe:applied");
}

}  // namespace
}  // namespace sluice::testing
