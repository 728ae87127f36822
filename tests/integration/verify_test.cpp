// `sluice verify` against a real PostgreSQL: the round trip of each rollback, the data
// check, the observed locks and rewrites, and how the command refuses bad input.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const fs::path kFixtures = fs::path(SLUICE_SOURCE_DIR) / "tests" / "fixtures" / "verify";

struct Verified {
  ProcessResult process;
  Json report;
};

// `sluice verify DIR --format json` in a fresh empty database of the test cluster.
Verified verify(const fs::path& dir, std::vector<std::string> extra = {}) {
  ConnectionSettings scratch = freshDatabase("verify");
  std::vector<std::string> args{"verify", dir.string(), "--scratch-url", scratch.keywordString(), "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  Verified verified{runSluice(args), {}};
  verified.report = Json::parse(verified.process.out);
  return verified;
}

const Json& migration(const Json& report, const std::string& id) {
  for (const Json& item : report["migrations"]) {
    if (item["id"] == id) return item;
  }
  throw std::runtime_error("no migration " + id + " in the report");
}

std::vector<std::string> messages(const Json& report, const std::string& rule) {
  std::vector<std::string> out;
  for (const Json& diagnostic : report["diagnostics"]) {
    if (diagnostic["rule"] == rule) out.push_back(diagnostic["message"].get<std::string>());
  }
  return out;
}

// The statement of a migration whose text starts with `prefix`.
const Json& statement(const Json& migrationReport, const std::string& prefix) {
  for (const Json& item : migrationReport["statements"]) {
    if (item["text"].get<std::string>().rfind(prefix, 0) == 0) return item;
  }
  throw std::runtime_error("no statement " + prefix);
}

TEST(Verify, CorrectPairsVerifyAndTheirLocksAndRewritesAreObserved) {
  Verified run = verify(kFixtures / "correct" / "migrations");
  ASSERT_EQ(run.process.exitCode, 0) << run.process.out << run.process.err;
  EXPECT_TRUE(run.report["diagnostics"].empty()) << run.report["diagnostics"].dump(2);
  for (const Json& item : run.report["migrations"]) EXPECT_EQ(item["status"], "verified") << item["id"];
  EXPECT_EQ(run.report["summary"]["verified"], 3);

  const Json& indexAndNote = migration(run.report, "20240102000000_index_and_note");
  EXPECT_EQ(indexAndNote["mode"], "one transaction");
  const Json& addColumn = statement(indexAndNote, "ALTER TABLE orders ADD COLUMN note");
  ASSERT_EQ(addColumn["locks"].size(), 1U) << addColumn.dump(2);
  EXPECT_EQ(addColumn["locks"][0]["table"], "orders");
  EXPECT_EQ(addColumn["locks"][0]["mode"], "ACCESS EXCLUSIVE");
  EXPECT_EQ(addColumn["locks"][0]["new_table"], false);
  EXPECT_TRUE(addColumn["observed"].get<bool>());
  EXPECT_TRUE(addColumn["rewrites"].empty());
  // Widening numeric precision keeps the storage; integer -> bigint does not.
  EXPECT_TRUE(statement(indexAndNote, "ALTER TABLE orders ALTER COLUMN total")["rewrites"].empty());
  const Json& widen = statement(migration(run.report, "20240103000000_widen_quantity"), "ALTER TABLE orders ALTER");
  EXPECT_EQ(widen["rewrites"], Json::array({"orders"}));
  EXPECT_EQ(widen["line"], 2);

  // A table created in the same migration is new: its locks are marked so.
  const Json& create = statement(migration(run.report, "20240101000000_create_orders"), "CREATE TABLE orders");
  for (const Json& lock : create["locks"]) EXPECT_TRUE(lock["new_table"].get<bool>()) << lock.dump();

  // The linter flags the rewrite and the index build, and PostgreSQL agrees.
  EXPECT_TRUE(run.report["summary"]["linter_compared"].get<bool>());
  EXPECT_TRUE(run.report["disagreements"].empty()) << run.report["disagreements"].dump(2);
}

TEST(Verify, RollbackThatForgetsAColumnIsReportedOnTheRollbackFile) {
  Verified run = verify(kFixtures / "forgets-column" / "migrations");
  EXPECT_EQ(run.process.exitCode, 1) << run.process.out << run.process.err;
  EXPECT_EQ(migration(run.report, "20240102000000_add_note")["status"], "differs");
  std::vector<std::string> found = messages(run.report, "rollback-roundtrip");
  EXPECT_EQ(found, std::vector<std::string>{"rollback leaves column `orders.note`"});
  for (const Json& diagnostic : run.report["diagnostics"]) {
    if (diagnostic["rule"] != "rollback-roundtrip") continue;
    EXPECT_EQ(fs::path(diagnostic["file"].get<std::string>()).filename(), "20240102000000_add_note_rollback.sql");
    EXPECT_EQ(diagnostic["severity"], "error");
  }
  // The column the rollback leaves makes the migration fail when it is applied again.
  std::vector<std::string> reapply = messages(run.report, "migration-fails");
  ASSERT_EQ(reapply.size(), 1U);
  EXPECT_NE(reapply[0].find("applied again after its rollback"), std::string::npos) << reapply[0];
}

TEST(Verify, IndexRecreatedWithAnotherDefinitionShowsBothDefinitions) {
  Verified run = verify(kFixtures / "index-differs" / "migrations");
  EXPECT_EQ(run.process.exitCode, 1) << run.process.out << run.process.err;
  const Json& diagnostics = run.report["diagnostics"];
  ASSERT_EQ(diagnostics.size(), 1U) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["message"], "index `orders_customer_idx` recreated with a different definition");
  EXPECT_EQ(diagnostics[0]["notes"][0],
            "before the migration: CREATE INDEX orders_customer_idx ON public.orders USING btree (customer, "
            "placed_at)");
  EXPECT_EQ(diagnostics[0]["notes"][1],
            "after the rollback:   CREATE INDEX orders_customer_idx ON public.orders USING btree (customer)");
}

TEST(Verify, RollbackThatDropsAnEnumValueItDidNotAddIsReported) {
  Verified run = verify(kFixtures / "enum-value" / "migrations");
  EXPECT_EQ(run.process.exitCode, 1) << run.process.out << run.process.err;
  std::vector<std::string> found = messages(run.report, "rollback-roundtrip");
  EXPECT_EQ(found, std::vector<std::string>{
                       "rollback drops value `shipped` of enum `order_status`, which existed before the migration"});
  EXPECT_EQ(migration(run.report, "20240101000000_create_status")["status"], "verified");
}

TEST(Verify, MigrationWithoutRollbackIsSkippedAndReported) {
  Verified run = verify(kFixtures / "no-rollback" / "migrations");
  EXPECT_EQ(run.process.exitCode, 0) << run.process.out << run.process.err;
  EXPECT_EQ(migration(run.report, "20240101000000_create_orders")["status"], "verified");
  const Json& backfill = migration(run.report, "20240102000000_backfill");
  EXPECT_EQ(backfill["status"], "no rollback");
  EXPECT_TRUE(backfill["rollback"].is_null());
  EXPECT_EQ(run.report["summary"]["no_rollback"], 1);
  // It still applies, with its locks observed.
  EXPECT_EQ(statement(backfill, "INSERT INTO orders")["locks"][0]["mode"], "ROW EXCLUSIVE");
}

TEST(Verify, FailingRollbackIsAFindingAndTheRunGoesOn) {
  Verified run = verify(kFixtures / "failing-rollback" / "migrations");
  EXPECT_EQ(run.process.exitCode, 1) << run.process.out << run.process.err;
  const Json& rename = migration(run.report, "20240102000000_rename_customer");
  EXPECT_EQ(rename["status"], "rollback fails");
  const Json& diagnostics = run.report["diagnostics"];
  ASSERT_EQ(diagnostics.size(), 1U) << diagnostics.dump(2);
  EXPECT_EQ(diagnostics[0]["rule"], "rollback-fails");
  EXPECT_EQ(fs::path(diagnostics[0]["file"].get<std::string>()).filename(), "20240102000000_rename_customer.down.sql");
  EXPECT_EQ(diagnostics[0]["line"], 1);
  EXPECT_NE(diagnostics[0]["message"].get<std::string>().find("column \"customer\" does not exist"), std::string::npos);
  // The failed rollback was rolled back: the next migration finds the renamed column.
  EXPECT_EQ(migration(run.report, "20240103000000_add_email")["status"], "verified");
}

// Rollbacks that run outside a transaction commit as they go: one that breaks half-way,
// or that breaks the re-apply, must not hide the migrations after it.
// The fixture is read as sluice's own up/down files (statement by statement outside a
// transaction); golang-migrate, which its names also fit, would send each file as one
// implicit transaction, where DROP INDEX CONCURRENTLY fails.
TEST(Verify, BrokenRollbacksOutsideATransactionDoNotHideTheMigrationsAfterThem) {
  Verified run = verify(kFixtures / "broken-rollbacks" / "migrations", {"--layout", "updown-files"});
  EXPECT_EQ(run.process.exitCode, 1) << run.process.out << run.process.err;
  EXPECT_EQ(migration(run.report, "20240101000000_create_orders")["status"], "verified");
  const Json& halfWay = migration(run.report, "20240102000000_index_customer");
  EXPECT_EQ(halfWay["status"], "rollback fails");
  EXPECT_FALSE(halfWay["in_transaction"].get<bool>());
  EXPECT_EQ(migration(run.report, "20240103000000_add_note")["status"], "differs");
  EXPECT_EQ(migration(run.report, "20240104000000_index_note")["status"], "does not re-apply");
  // It needs the index the broken rollbacks dropped and the column the last one dropped:
  // the scratch database was put back after each of them.
  EXPECT_EQ(migration(run.report, "20240105000000_order_notes")["status"], "verified");
  EXPECT_TRUE(run.report["summary"]["stopped_at"].is_null()) << run.report["summary"].dump(2);
  EXPECT_EQ(run.report["summary"]["not_reached"], 0);
  EXPECT_EQ(messages(run.report, "rollback-fails").size(), 1U);
  EXPECT_EQ(messages(run.report, "migration-fails").size(), 1U);
}

// Putting the scratch database back takes a copy of it (CREATE DATABASE ... TEMPLATE);
// a role that may not create databases gets the run stopped, with the reason.
TEST(Verify, WithoutTheRightToCopyTheScratchDatabaseABrokenRollbackStopsTheRun) {
  ConnectionSettings scratch = freshDatabase("verify");
  execute(scratch,
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'verify_no_createdb') THEN "
          "CREATE ROLE verify_no_createdb LOGIN NOCREATEDB; END IF; END $$; "
          "ALTER DATABASE " +
              scratch.database() + " OWNER TO verify_no_createdb");
  ConnectionSettings limited = ConnectionSettings::fromString(scratch.keywordString() + " user=verify_no_createdb");
  ProcessResult process =
      runSluice({"verify", (kFixtures / "broken-rollbacks" / "migrations").string(), "--scratch-url",
                 limited.keywordString(), "--format", "json", "--layout", "updown-files"});
  Json report = Json::parse(process.out);
  EXPECT_EQ(process.exitCode, 1) << process.out << process.err;
  EXPECT_EQ(report["summary"]["stopped_at"], "20240102000000_index_customer");
  std::string reason = report["summary"]["stop_reason"].get<std::string>();
  EXPECT_NE(reason.find("could not be put back"), std::string::npos) << reason;
  EXPECT_NE(reason.find("permission denied to create database"), std::string::npos) << reason;
  EXPECT_EQ(migration(report, "20240103000000_add_note")["status"], "not reached");
}

TEST(Verify, SeededRowsMustSurviveTheRoundTrip) {
  fs::path dir = kFixtures / "loses-data";
  Verified run = verify(dir / "migrations",
                        {"--seed", (dir / "seed.sql").string(), "--seed-after", "20240101000000_create_orders"});
  EXPECT_EQ(run.process.exitCode, 1) << run.process.out << run.process.err;
  EXPECT_EQ(migration(run.report, "20240102000000_drop_note")["status"], "loses data");
  EXPECT_EQ(migration(run.report, "20240103000000_customers")["status"], "verified");
  std::vector<std::string> found = messages(run.report, "rollback-loses-data");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].rfind("rollback changes the values of rows of `orders` (3 rows", 0), 0U) << found[0];
  // Without the seed the same round trip looks fine: only the schema is compared.
  Verified unseeded = verify(dir / "migrations");
  EXPECT_EQ(unseeded.process.exitCode, 0) << unseeded.process.out;
}

TEST(Verify, OnlyRestrictsTheRollbacksCheckedButEveryMigrationApplies) {
  Verified run = verify(kFixtures / "forgets-column" / "migrations", {"--only", "20240101000000_create_orders"});
  EXPECT_EQ(run.process.exitCode, 0) << run.process.out << run.process.err;
  EXPECT_EQ(migration(run.report, "20240101000000_create_orders")["status"], "verified");
  const Json& addNote = migration(run.report, "20240102000000_add_note");
  EXPECT_EQ(addNote["status"], "not checked");
  EXPECT_FALSE(addNote["statements"].empty());

  Verified since = verify(kFixtures / "forgets-column" / "migrations", {"--since", "20240102"});
  EXPECT_EQ(since.process.exitCode, 1);
  EXPECT_EQ(migration(since.report, "20240101000000_create_orders")["status"], "not checked");
  EXPECT_EQ(migration(since.report, "20240102000000_add_note")["status"], "differs");

  Verified unknown = verify(kFixtures / "forgets-column" / "migrations", {"--only", "20240102000000_add_nte"});
  EXPECT_EQ(unknown.process.exitCode, 2);
  EXPECT_NE(unknown.process.err.find("did you mean"), std::string::npos) << unknown.process.err;
}

TEST(Verify, AMigrationThatDoesNotApplyStopsTheRunAndSaysWhy) {
  Project project;
  project.file("20240101000000_create.sql", "CREATE TABLE a (id int);\n")
      .file("20240101000000_create_rollback.sql", "DROP TABLE a;\n")
      .file("20240102000000_extension.sql", "CREATE EXTENSION sluice_no_such_extension;\n")
      .file("20240102000000_extension_rollback.sql", "DROP EXTENSION sluice_no_such_extension;\n")
      .file("20240103000000_later.sql", "CREATE TABLE b (id int);\n");
  Verified run = verify(project.dir());
  EXPECT_EQ(run.process.exitCode, 1) << run.process.out << run.process.err;
  EXPECT_EQ(migration(run.report, "20240102000000_extension")["status"], "does not apply");
  EXPECT_EQ(migration(run.report, "20240103000000_later")["status"], "not reached");
  EXPECT_EQ(run.report["summary"]["stopped_at"], "20240102000000_extension");
  std::vector<std::string> found = messages(run.report, "migration-fails");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_NE(found[0].find("is not available"), std::string::npos) << found[0];
}

TEST(Verify, RefusesAScratchDatabaseThatIsNotEmpty) {
  ConnectionSettings scratch = freshDatabase("verify");
  execute(scratch, "CREATE TABLE precious (id int)");
  ProcessResult result =
      runSluice({"verify", (kFixtures / "correct" / "migrations").string(), "--scratch-url", scratch.keywordString()});
  EXPECT_EQ(result.exitCode, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("is not empty: table precious"), std::string::npos) << result.err;
  EXPECT_EQ(querySingle(scratch, "SELECT count(*) FROM pg_class WHERE relname = 'orders'"), "0");
}

TEST(Verify, UnreachableScratchDatabaseExitsThree) {
  ProcessResult result = runSluice({"verify", (kFixtures / "correct" / "migrations").string(), "--scratch-url",
                                    "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"});
  EXPECT_EQ(result.exitCode, 3) << result.out << result.err;
}

TEST(Verify, UsesAThrowawayServerByDefaultAndPrintsTextForPeople) {
  ProcessResult result = runSluice({"verify", (kFixtures / "index-differs" / "migrations").string()});
  EXPECT_EQ(result.exitCode, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("throwaway PostgreSQL server"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("error[rollback-roundtrip V001]: index `orders_customer_idx` recreated with a different "
                            "definition"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("--> "), std::string::npos);
  EXPECT_NE(result.out.find("2 rollbacks checked: 1 verified, 1 leave the schema different"), std::string::npos)
      << result.out;
}

TEST(Verify, HelpTeachesWithExamples) {
  ProcessResult result = runSluice({"verify", "--help"});
  EXPECT_EQ(result.exitCode, 0);
  EXPECT_NE(result.out.find("Examples:"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("--seed-after"), std::string::npos);
  EXPECT_NE(result.out.find("--scratch-url"), std::string::npos);
}

}  // namespace
}  // namespace sluice::testing
