// What a CI log shows while a deploy runs: a line when each migration starts, a "still
// running" line every 10 s for a statement that has not finished (with its lock wait),
// each written as it happens rather than at the end; and --quiet, the summary alone.
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <gtest/gtest.h>
#include <string>

#include "common/pg_session.hpp"
#include "common/subprocess.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Reads `fd` into `out` until `out` contains `text` or `limit` passes.
bool readUntil(int fd, std::string& out, const std::string& text, std::chrono::seconds limit) {
  auto deadline = Clock::now() + limit;
  while (out.find(text) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd readable{fd, POLLIN, 0};
    if (::poll(&readable, 1, static_cast<int>(left)) <= 0) continue;
    char buffer[4096];
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) return false;
    out.append(buffer, static_cast<std::size_t>(got));
  }
  return true;
}

TEST(DeployProgress, ALogShowsEachMigrationStartingAndAStatementStillRunningBeforeItEnds) {
  ConnectionSettings db = freshDatabase("progress");
  Project project;
  PgSession holder = lockedBeforeSecondMigration(db, project);
  ChildProcess child = spawnDeploy(db, project, {"--no-lint-gate", "--no-snapshot", "--lock-timeout", "60s"});

  // Standard output is a pipe here, as in CI: lines, never a redrawn status line.
  std::string log;
  ASSERT_TRUE(readUntil(child.stdoutFd(), log, "still running: ALTER TABLE a ADD COLUMN b int", 40s)) << log;
  ASSERT_TRUE(readUntil(child.stdoutFd(), log, "\n", 5s)) << log;
  EXPECT_NE(log.find("→ applying 0002_b (1 of 1), started "), std::string::npos) << log;
  EXPECT_NE(log.find("still running: ALTER TABLE a ADD COLUMN b int … 10 s, waiting 10 s for a lock"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("✓ 0002_b"), std::string::npos) << "the migration cannot have ended yet:\n" << log;
  EXPECT_EQ(log.find('\r'), std::string::npos) << "a log gets no carriage returns";

  ASSERT_TRUE(holder.exec("ROLLBACK").ok());
  ChildProcess::Outcome outcome = child.communicate();
  ASSERT_EQ(outcome.exitCode, 0) << log << outcome.out << outcome.err;
  log += outcome.out;
  EXPECT_NE(log.find("✓ 0002_b  applied (1/1 statements, "), std::string::npos) << log;
  EXPECT_LT(log.find("still running"), log.find("✓ 0002_b")) << log;

  // --quiet: the summary alone.
  project.file("0003_c.sql", "CREATE TABLE c (id int);\n");
  ProcessResult quiet = runSluice({"deploy", "--dir", project.dir().string(), "--database-url", db.keywordString(),
                                   "--no-lint-gate", "--no-snapshot", "--quiet"},
                                  {}, project.root());
  ASSERT_EQ(quiet.exitCode, 0) << quiet.out << quiet.err;
  EXPECT_EQ(quiet.out.find("sluice deploy"), std::string::npos) << quiet.out;
  EXPECT_EQ(quiet.out.find("→"), std::string::npos) << quiet.out;
  EXPECT_EQ(quiet.out.rfind("✓ 1 migration applied in ", 0), 0U) << quiet.out;
}

}  // namespace
}  // namespace sluice::testing
