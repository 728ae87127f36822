// sluice's own sessions: durable commits (synchronous_commit = on) whatever the server,
// role or database says, and an application_name that names the command, so that
// operators see sluice in pg_stat_activity.
#include <gtest/gtest.h>

#include "common/pg_session.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

// What the session that runs a migration sees of itself, appended to `seen`.
const char* const kRecordSession =
    "INSERT INTO seen SELECT current_setting('synchronous_commit'), application_name FROM pg_stat_activity "
    "WHERE pid = pg_backend_pid();\n";

ConnectionSettings databaseWithAsynchronousCommit(const std::string& prefix) {
  ConnectionSettings db = freshDatabase(prefix);
  execute(db, "ALTER DATABASE " + db.database() + " SET synchronous_commit = off");
  execute(db, "CREATE TABLE seen (sync text, app text)");
  // The test is only meaningful if a session that sets nothing inherits `off` (reset_val:
  // what a session of this database starts with).
  EXPECT_EQ(querySingle(db, "SELECT reset_val FROM pg_settings WHERE name = 'synchronous_commit'"), "off");
  return db;
}

TEST(SessionSettings, DeployAndRollbackRunMigrationsInADurableSessionNamedAfterTheCommand) {
  ConnectionSettings db = databaseWithAsynchronousCommit("session_deploy");
  Project project;
  project.file("20240101000000_a.up.sql", std::string("CREATE TABLE a (id int);\n") + kRecordSession);
  project.file("20240101000000_a.down.sql", std::string("DROP TABLE a;\n") + kRecordSession);
  ProcessResult deployed = deployTo(db, project.dir(), {"--no-snapshot"});
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
  ProcessResult rolledBack = runSluiceOn("rollback", db, project.dir(), {"--steps", "1"});
  ASSERT_EQ(rolledBack.exitCode, 0) << rolledBack.out << rolledBack.err;
  EXPECT_EQ(querySingle(db, "SELECT string_agg(sync || ' ' || app, ', ' ORDER BY app) FROM seen"),
            "on sluice deploy, on sluice rollback");
}

TEST(SessionSettings, EverySessionIsDurableAndNamedEvenWhenTheStringNamesItOtherwise) {
  ConnectionSettings db = databaseWithAsynchronousCommit("session_open");
  // The string's own application_name and options do not win over sluice's.
  auto settings =
      ConnectionSettings::parse(db.keywordString() + " application_name=someone options='-c synchronous_commit=off'");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  for (const std::string name : {"sluice status", "sluice verify", "sluice snapshot"}) {
    auto session = PgSession::open(*settings, name);
    ASSERT_TRUE(session.ok()) << session.error().message;
    SqlResult sync = session->exec("SHOW synchronous_commit");
    ASSERT_TRUE(sync.ok());
    EXPECT_EQ(sync.value(0, 0), "on") << name;
    // What another session (an operator's) sees in pg_stat_activity.
    EXPECT_EQ(querySingle(db, "SELECT application_name FROM pg_stat_activity WHERE pid = " +
                                  std::to_string(session->backendPid())),
              name);
  }
}

}  // namespace
}  // namespace sluice::testing
