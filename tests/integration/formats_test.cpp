// Every format on a real PostgreSQL: the plan `sluice deploy --dry-run` prints for each
// fixture project of tests/formats/ (golden, showing the order and the sections), the
// forward parts applied and then the rollback parts with the runner's own planner and
// executor, deploy/status/rollback writing each tool's own history table, and deploy
// refusing what it cannot record.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/file_io.hpp"
#include "common/text.hpp"
#include "tests/integration/format_apply.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kFormats = fs::path(SLUICE_SOURCE_DIR) / "tests" / "formats";

struct FormatFixture {
  std::string name;
  std::string dir;  // relative to tests/formats
};

const std::vector<FormatFixture>& fixtures() {
  static const std::vector<FormatFixture> all{
      {"dbmate", "dbmate/db/migrations"}, {"drizzle", "drizzle/drizzle"},
      {"flyway", "flyway/migration"},     {"golang_migrate", "golang-migrate/migrations"},
      {"goose", "goose/migrations"},      {"sqitch", "sqitch"}};
  return all;
}

// GoogleTest looks this name up to print a parameter. NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(const FormatFixture& fixture, std::ostream* out) { *out << fixture.name; }

// The plan without what depends on the machine (the database line, the snapshot path).
std::string stablePlan(const std::string& out, const std::string& dir) {
  std::string plan;
  for (std::string_view line : split(out, '\n')) {
    if (line.starts_with("sluice deploy: ") || line.starts_with("  snapshot: ")) continue;
    plan += std::string(line) + "\n";
  }
  std::size_t at = 0;
  while ((at = plan.find(dir, at)) != std::string::npos) plan.replace(at, dir.size(), "<dir>");
  return plan;
}

class Formats : public ::testing::TestWithParam<FormatFixture> {};

TEST_P(Formats, DryRunShowsTheToolsOrderSectionsAndTransactions) {
  const FormatFixture& fixture = GetParam();
  fs::path dir = kFormats / fixture.dir;
  ConnectionSettings db = freshDatabase("plan_" + fixture.name);
  ProcessResult result = deployTo(db, dir, {"--dry-run", "--no-lint-gate", "--no-snapshot"});
  ASSERT_EQ(result.exitCode, 0) << result.out << result.err;
  std::string plan = stablePlan(result.out, dir.string());
  fs::path golden = kFormats / *fs::path(fixture.dir).begin() / "deploy-plan.txt";
  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    ASSERT_TRUE(writeFileAtomically(golden, plan).ok());
  }
  auto expected = readFile(golden);
  ASSERT_TRUE(expected.ok()) << "run with UPDATE_GOLDEN=1 to create " << golden;
  EXPECT_EQ(*expected, plan);
}

TEST_P(Formats, ForwardPartsApplyAndRollbackPartsUndoThem) {
  const FormatFixture& fixture = GetParam();
  fs::path dir = kFormats / fixture.dir;
  ConnectionSettings db = freshDatabase("apply_" + fixture.name);
  for (const PartOutcome& outcome : applyForward(db, dir)) {
    EXPECT_TRUE(outcome.ok) << outcome.id << ": " << outcome.message;
  }
  // Every fixture creates `users`; no rollback section ran on the way up.
  EXPECT_TRUE(tableExists(db, "users"));
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM format_test_history"),
            fixture.name == "flyway"                                ? "5"
            : fixture.name == "drizzle" || fixture.name == "dbmate" ? "2"
                                                                    : "3");
  if (fixture.name == "drizzle") {
    // The journal's draft that drops `users` never ran.
    EXPECT_TRUE(tableExists(db, "posts"));
    return;  // Drizzle has no rollbacks.
  }
  for (const PartOutcome& outcome : applyRollbacks(db, dir)) {
    EXPECT_TRUE(outcome.ok) << outcome.id << ": " << outcome.message;
  }
  // Flyway's fixture undoes only V2 (its one U file); the others undo everything.
  if (fixture.name == "flyway") {
    EXPECT_FALSE(tableExists(db, "users_email_idx"));
  } else {
    EXPECT_FALSE(tableExists(db, "users"));
  }
}

std::string fixtureName(const ::testing::TestParamInfo<FormatFixture>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Runner, Formats, ::testing::ValuesIn(fixtures()), fixtureName);

// `sluice deploy`, `status` and `rollback` on each fixture read and write the tool's own
// history table, with the rows the tool writes (runner/history/ says where each fact
// comes from; tests/integration/history_tools_test.cpp runs the tools that install here).
struct ToolHistory {
  std::string name;
  std::string dir;         // relative to tests/formats
  std::string rows;        // SQL: the tool's table as one line
  std::string deployed;    // `rows` after the first deploy
  std::string rolledBack;  // `rows` after `rollback --steps 1`; empty: the newest migration has no rollback
};

// GoogleTest looks this name up to print a parameter. NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(const ToolHistory& tool, std::ostream* out) { *out << tool.name; }

class FormatHistory : public ::testing::TestWithParam<ToolHistory> {};

TEST_P(FormatHistory, DeployStatusAndRollbackUseTheToolsOwnTable) {
  const ToolHistory& tool = GetParam();
  fs::path dir = kFormats / tool.dir;
  ConnectionSettings db = freshDatabase("history_" + tool.name);
  ProcessResult deployed = deployTo(db, dir, {"--no-snapshot", "--no-lint-gate"});
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
  EXPECT_EQ(querySingle(db, tool.rows), tool.deployed);
  EXPECT_FALSE(tableExists(db, "sluice_migrations")) << "nothing in sluice's own table";

  ProcessResult status = runSluiceOn("status", db, dir, {"--json"});
  EXPECT_EQ(status.exitCode, 0) << status.out << status.err;
  nlohmann::json report = nlohmann::json::parse(status.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << status.out;
  EXPECT_EQ(report["counts"]["pending"], 0) << status.out;
  EXPECT_EQ(report["counts"]["edited"], 0) << status.out;

  ProcessResult again = deployTo(db, dir, {"--no-snapshot", "--no-lint-gate"});
  EXPECT_EQ(again.exitCode, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("nothing to apply"), std::string::npos) << again.out;
  if (tool.rolledBack.empty()) return;

  ProcessResult rollback = runSluiceOn("rollback", db, dir, {"--steps", "1"});
  ASSERT_EQ(rollback.exitCode, 0) << rollback.out << rollback.err;
  EXPECT_EQ(querySingle(db, tool.rows), tool.rolledBack);
  ProcessResult redeployed = deployTo(db, dir, {"--no-snapshot", "--no-lint-gate"});
  EXPECT_EQ(redeployed.exitCode, 0) << redeployed.out << redeployed.err;
  EXPECT_NE(redeployed.out.find("1 to apply"), std::string::npos) << redeployed.out;
}

std::string toolName(const ::testing::TestParamInfo<ToolHistory>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(
    Runner, FormatHistory,
    ::testing::Values(
        ToolHistory{"dbmate", "dbmate/db/migrations",
                    "SELECT string_agg(version, ',' ORDER BY version) FROM schema_migrations",
                    "20240101000000,20240102000000", "20240101000000"},
        ToolHistory{"drizzle", "drizzle/drizzle",
                    "SELECT string_agg(created_at::text, ',' ORDER BY id) FROM drizzle.__drizzle_migrations",
                    "1714000000000,1714000100000", ""},
        ToolHistory{"flyway", "flyway/migration",
                    "SELECT string_agg(installed_rank || ':' || coalesce(version, 'R') || ':' || type || ':' || script "
                    "|| ':' || success, ',' ORDER BY installed_rank) FROM flyway_schema_history",
                    "1:1:SQL:V1__init.sql:true,2:1.2:SQL:V1.2__add_name.sql:true,3:1.10:SQL:V1_10__add_created_at.sql:"
                    "true,4:2:SQL:V2__users_email_index.sql:true,5:R:SQL:R__users_view.sql:true",
                    ""},
        ToolHistory{"golang_migrate", "golang-migrate/migrations",
                    "SELECT string_agg(version || ':' || dirty, ',') FROM schema_migrations", "10:false", "2:false"},
        ToolHistory{"goose", "goose/migrations",
                    "SELECT string_agg(version_id || ':' || is_applied, ',' ORDER BY id) FROM goose_db_version",
                    "0:true,1:true,2:true,10:true", "0:true,1:true,2:true"},
        // A reworked change (widgets, and widgets@v1.0 before the tag) and a requirement
        // on a change as of a tag: the dependency resolves to the first widgets.
        ToolHistory{"sqitch", "sqitch",
                    "SELECT string_agg(c.change || ':' || coalesce((SELECT string_agg(d.dependency || '=' || "
                    "(SELECT count(*) FROM sqitch.changes e WHERE e.change_id = d.dependency_id AND e.committed_at < "
                    "c.committed_at), ' ') FROM sqitch.dependencies d WHERE d.change_id = c.change_id), '') || ':' || "
                    "coalesce((SELECT string_agg(tag, ' ') FROM sqitch.tags t WHERE t.change_id = c.change_id), ''), "
                    "',' ORDER BY c.committed_at) FROM sqitch.changes c",
                    "users::,widgets:users=1:@v1.0,widgets:widgets@v1.0=1:", "users::,widgets:users=1:@v1.0"}),
    toolName);

// Deploys `project` into a fresh database, which must refuse it (exit 2, with a message
// holding each of `reasons`) before writing anything: none of `relations` exists after.
// Returns the database, for further checks.
ConnectionSettings expectRefusedBeforeWriting(const Project& project, const std::string& prefix,
                                              const std::vector<std::string>& reasons,
                                              const std::vector<std::string>& relations) {
  ConnectionSettings db = freshDatabase(prefix);
  ProcessResult result = deployTo(db, project.dir(), {"--no-snapshot"});
  EXPECT_EQ(result.exitCode, 2) << result.out << result.err;
  for (const std::string& reason : reasons) EXPECT_NE(result.err.find(reason), std::string::npos) << result.err;
  std::vector<std::string> quoted;
  for (const std::string& relation : relations) quoted.push_back("'" + relation + "'");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM pg_class WHERE relname IN (" + join(quoted, ", ") + ")"), "0");
  return db;
}

TEST(FormatsDeploy, ASqitchPlanWithoutAProjectIsRefusedBeforeTheDatabaseIsTouched) {
  Project project;
  project.file("sqitch.plan", "%syntax-version=1.0.0\n\nusers 2024-01-01T00:00:00Z Ada <ada@example.com>\n")
      .file("deploy/users.sql", "CREATE TABLE users (id int);\n")
      .file("revert/users.sql", "DROP TABLE users;\n");
  ConnectionSettings db =
      expectRefusedBeforeWriting(project, "refused_sqitch", {"no %project pragma"}, {"users", "sluice_migrations"});
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'sqitch'"), "0");
}

TEST(FormatsDeploy, AMarkerOfAnotherToolIsRefusedBeforeTheDatabaseIsTouched) {
  Project project;
  project.file("0001_a.sql", "CREATE TABLE a (x int);\n")
      .file("0002_b.sql", "CREATE TABLE b (x int);\n")
      .file("0003_c.sql", "CREATE TABLE c (x int);\n")
      .file("0004_users.sql", "-- +goose Up\nCREATE TABLE users (id int);\n-- +goose Down\nDROP TABLE users;\n");
  expectRefusedBeforeWriting(project, "refused_marker", {"0004_users.sql:1:1", "--layout goose"},
                             {"a", "sluice_migrations"});
}

TEST(FormatsDeploy, FindingsInRollbackFilesGateRollbackNotDeploy) {
  Project project;
  // The rollback's DELETE without WHERE is an error, but deploy never runs it.
  project.file("20240101000000_init.sql", "CREATE TABLE t (x int);\n")
      .file("20240101000000_init_rollback.sql", "DROP TABLE t;\n")
      .file("20240102000000_y.sql", "ALTER TABLE t ADD COLUMN y int;\n")
      .file("20240102000000_y_rollback.sql", "DELETE FROM t;\nALTER TABLE t DROP COLUMN y;\n");
  ConnectionSettings db = freshDatabase("rollback_gate");
  ProcessResult result = deployTo(db, project.dir(), {"--no-snapshot"});
  EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("unbounded-dml"), std::string::npos) << "the finding is still shown: " << result.out;
  EXPECT_TRUE(tableExists(db, "t"));
}

}  // namespace
}  // namespace sluice::testing

namespace sluice::testing {
namespace {

// `sluice verify` proves goose's Down sections and Flyway's undo file on a scratch database.
TEST(FormatsVerify, GooseDownSectionsAndFlywayUndoFilesAreProved) {
  for (const auto& [dir, summary] : std::vector<std::pair<std::string, std::string>>{
           {"goose/migrations", "3 rollbacks checked: 3 verified, 0 leave the schema different, 0 fail"},
           {"flyway/migration", "1 rollback checked: 1 verified, 0 leave the schema different, 0 fail"}}) {
    ConnectionSettings scratch = freshDatabase("verify_format");
    ProcessResult result = runSluice({"verify", (kFormats / dir).string(), "--scratch-url", scratch.keywordString()});
    EXPECT_EQ(result.exitCode, 0) << dir << ": " << result.out << result.err;
    EXPECT_NE(result.out.find(summary), std::string::npos) << dir << ": " << result.out;
  }
}

}  // namespace
}  // namespace sluice::testing
