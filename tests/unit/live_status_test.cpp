// The progress of deploy, rollback and verify: redrawn in place on a terminal, plain lines
// at events and every 10 s in a log.
#include "cli/live_status.hpp"

#include <gtest/gtest.h>
#include <sstream>

#include "cli/text_progress.hpp"
#include "runner/report.hpp"

namespace sluice::cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

FilePlan planOf(const std::string& text, const std::vector<Span>& spans) {
  FilePlan plan;
  plan.path = "migrations/0002_b.sql";
  plan.text = std::make_shared<const std::string>(text);
  for (Span span : spans) {
    PlannedStatement statement;
    statement.span = span;
    plan.statements.push_back(statement);
  }
  return plan;
}

TEST(LiveStatus, ALogGetsAStillRunningLineEveryTenSecondsAndNothingElse) {
  std::ostringstream out;
  LiveStatus status(out, false);
  status.begin("0002_b: statement 1 of 1", "CREATE INDEX CONCURRENTLY i ON t (x)");
  status.tick(milliseconds(0));
  status.tick(milliseconds(9999));
  EXPECT_EQ(out.str(), "");
  status.tick(milliseconds(10'050), "waiting 3 s for a lock");
  status.tick(milliseconds(15'000));
  status.tick(milliseconds(20'010));
  // A pause longer than the interval gives one line, not one per interval missed.
  status.tick(milliseconds(45'000));
  EXPECT_EQ(out.str(),
            "  still running: CREATE INDEX CONCURRENTLY i ON t (x) … 10 s, waiting 3 s for a lock\n"
            "  still running: CREATE INDEX CONCURRENTLY i ON t (x) … 20 s\n"
            "  still running: CREATE INDEX CONCURRENTLY i ON t (x) … 45 s\n");
  status.begin("next", "SELECT 1");
  status.tick(milliseconds(10'000));
  EXPECT_NE(out.str().find("still running: SELECT 1 … 10 s"), std::string::npos) << "a new step starts its own count";
}

TEST(LiveStatus, ATerminalRedrawsOneLineAtMostTenTimesASecondAndErasesItForPermanentLines) {
  std::ostringstream out;
  LiveStatus status(out, true);
  status.begin("0002_b (1 of 2): statement 2 of 3", "ignored on a terminal");
  status.tick(milliseconds(0));
  status.tick(milliseconds(50));
  status.tick(milliseconds(120), "waiting 1 s for a lock");
  EXPECT_EQ(out.str(),
            "\r\x1b[K  0002_b (1 of 2): statement 2 of 3, 0 s"
            "\r\x1b[K  0002_b (1 of 2): statement 2 of 3, 0 s, waiting 1 s for a lock");
  out.str("");
  status.line("✓ 0002_b  applied");
  EXPECT_EQ(out.str(), "\r\x1b[K✓ 0002_b  applied\n");
  out.str("");
  status.tick(milliseconds(130));  // redrawn at once after a permanent line
  status.clear();
  EXPECT_EQ(out.str(), "\r\x1b[K  0002_b (1 of 2): statement 2 of 3, 0 s\r\x1b[K");
  out.str("");
  status.tick(milliseconds(200));
  EXPECT_EQ(out.str(), "") << "nothing runs after clear()";
}

TEST(LiveStatus, ATerminalLineIsCutToTheWidthSoThatItCanBeErased) {
  std::ostringstream out;
  LiveStatus status(out, true, 20);
  status.begin("é" + std::string(40, 'x'), "");
  status.tick(milliseconds(0));
  EXPECT_EQ(out.str(), "\r\x1b[K  é" + std::string(16, 'x'));
}

TEST(TextProgress, ALogShowsEachMigrationStartingItsSlowStatementAndItsEnd) {
  std::ostringstream out;
  Style plain(false);
  TextProgress progress(out, plain, false);
  RunReport report;
  report.command = "deploy";
  report.dir = "migrations";
  report.layout = "plain";
  report.database = "app on localhost";
  report.serverVersion = "15.4";
  MigrationReport migration;
  migration.id = "0002_b";
  report.migrations.push_back(migration);
  progress.planned(report);
  progress.started(migration);
  FilePlan plan = planOf("SET lock_timeout = '1s';\nALTER TABLE a\n  ADD COLUMN b int;\n", {{0, 23}, {25, 57}});
  progress.statementStarted(plan, 0);
  progress.statementRunning(plan, 0, milliseconds(200), milliseconds(0));
  progress.statementStarted(plan, 1);
  progress.statementRunning(plan, 1, milliseconds(10'100), milliseconds(9'500));
  migration.status = MigrationOutcome::Applied;
  migration.statements = 2;
  migration.statementsRun = 2;
  migration.durationMs = 10'400;
  progress.finished(migration);
  progress.working("restoring snapshot s1", "data: 3/12", milliseconds(10'000));

  std::string log = out.str();
  EXPECT_NE(log.find("→ applying 0002_b (1 of 1), started "), std::string::npos) << log;
  EXPECT_NE(log.find("  still running: ALTER TABLE a ADD COLUMN b int … 10 s, waiting 9 s for a lock\n"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("SET lock_timeout"), std::string::npos) << "a quick statement gets no line:\n" << log;
  EXPECT_NE(log.find("✓ 0002_b  applied (2/2 statements, 10.4 s)"), std::string::npos) << log;
  EXPECT_NE(log.find("  still running: restoring snapshot s1 … 10 s, data: 3/12\n"), std::string::npos) << log;
  EXPECT_EQ(log.find('\r'), std::string::npos) << log;
}

TEST(VerifyProgress, ALogNamesEachStepOfEachMigration) {
  std::ostringstream out;
  {
    VerifyProgress progress(out, false);
    progress.stepStarted("0002_b", "apply");
    progress.stepStarted("0002_b", "roll back");
    FilePlan plan = planOf("DROP TABLE b;\n", {{0, 12}});
    progress.statementStarted(plan, 0);
    progress.statementRunning(plan, 0, milliseconds(10'000), milliseconds(0));
    progress.done();
  }
  EXPECT_EQ(out.str(), "→ 0002_b: apply\n→ 0002_b: roll back\n  still running: DROP TABLE b … 10 s\n");
}

}  // namespace
}  // namespace sluice::cli
