// `sluice fix` end to end on a real PostgreSQL: for each fix, the fixed folder lints clean
// of the rule, deploys on a scratch database, and leaves the same schema (the verify
// catalog) as the original; a type fix changes exactly the column's type.
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/pg_session.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"
#include "verify/catalog.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

struct FixCase {
  std::string rule;
  std::string base;    // the schema before (and some rows)
  std::string change;  // the migration the rule flags
  std::string layout = "paired";
  // prefer-*: the catalog objects whose type the fix changes ("column events.at"), which
  // must differ, and only they.
  std::vector<std::string> retyped = {};
};

void writeMigrations(Project& project, const FixCase& fix) {
  if (fix.layout == "prisma") {
    project.prismaLockFile();
    project.file("20240101000000_base/migration.sql", fix.base);
    project.file("20240102000000_change/migration.sql", fix.change);
  } else {
    project.file("20240101000000_base.sql", fix.base);
    project.file("20240101000000_base_rollback.sql", "SELECT 1;\n");
    project.file("20240102000000_change.sql", fix.change);
    project.file("20240102000000_change_rollback.sql", "SELECT 1;\n");
  }
}

CatalogSnapshot deployAndRead(const fs::path& dir) {
  ConnectionSettings db = freshDatabase("fix");
  ProcessResult deployed = deployTo(db, dir, {"--no-lint-gate", "--no-snapshot"});
  EXPECT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
  PgSession session = PgSession::open(db, "fix-test").value();
  return takeCatalogSnapshot(session).value();
}

std::size_t fileCount(const fs::path& dir) {
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) count += entry.is_regular_file() ? 1U : 0U;
  return count;
}

void checkFix(const FixCase& fix) {
  SCOPED_TRACE(fix.rule + " (" + fix.layout + "): " + fix.change);
  Project original;
  Project fixed;
  writeMigrations(original, fix);
  writeMigrations(fixed, fix);
  ProcessResult flagged = runSluice({"lint", fixed.dir().string(), "--rule", fix.rule, "--fail-on", "warning"});
  ASSERT_EQ(flagged.exitCode, 1) << "the rule does not flag the case:\n" << flagged.out;

  ProcessResult diff = runSluice({"fix", fixed.dir().string(), "--rule", fix.rule});
  ASSERT_EQ(diff.exitCode, 0) << diff.out << diff.err;
  EXPECT_NE(diff.out.find("+++ b/"), std::string::npos) << diff.out;
  EXPECT_EQ(fileCount(fixed.dir()), fileCount(original.dir())) << "the dry run wrote files";

  ProcessResult written = runSluice({"fix", fixed.dir().string(), "--rule", fix.rule, "--write"});
  ASSERT_EQ(written.exitCode, 0) << written.out << written.err;
  ProcessResult clean =
      runSluice({"lint", fixed.dir().string(), "--rule", fix.rule, "--rule", "syntax-error", "--fail-on", "warning"});
  EXPECT_EQ(clean.exitCode, 0) << clean.out;
  ProcessResult again = runSluice({"fix", fixed.dir().string(), "--rule", fix.rule});
  EXPECT_EQ(again.out, "") << "a second run still finds something to fix";

  CatalogSnapshot before = deployAndRead(original.dir());
  CatalogSnapshot after = deployAndRead(fixed.dir());
  for (const std::string& key : fix.retyped) {
    ASSERT_TRUE(before.contains(key) && after.contains(key)) << key;
    EXPECT_NE(before[key].properties, after[key].properties) << key << " did not change";
    before.erase(key);
    after.erase(key);
  }
  ASSERT_EQ(before.size(), after.size());
  for (const auto& [key, object] : before) {
    ASSERT_TRUE(after.contains(key)) << key << " is missing after the fix";
    EXPECT_EQ(object.properties, after[key].properties) << key;
  }
}

const std::string kOrders =
    "CREATE TABLE customers (id bigint PRIMARY KEY);\n"
    "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, total int, code text);\n"
    "INSERT INTO customers VALUES (1), (2);\n"
    "INSERT INTO orders VALUES (1, 1, 10, 'a'), (2, 2, 20, 'b');\n"
    "CREATE INDEX orders_total_idx ON orders (total);\n";

// One test, one cluster: every case deploys two small folders, and a cluster per case
// would cost more than the cases themselves.
TEST(FixApply, EveryFixParsesLintsCleanAppliesAndKeepsTheSchema) {
  std::string moved =
      "ALTER TABLE orders ADD COLUMN note text;\nCREATE UNIQUE INDEX orders_code_idx ON orders (code);\n";
  const std::vector<FixCase> cases = {
      {"require-concurrent-index", kOrders, "CREATE INDEX orders_customer_idx ON orders (customer_id);\n"},
      {"require-concurrent-index", kOrders, moved},
      {"require-concurrent-index", kOrders, moved, "prisma"},
      {"require-concurrent-index-drop", kOrders, "DROP INDEX orders_total_idx;\n"},
      {"require-concurrent-index-drop", kOrders,
       "ALTER TABLE orders ADD COLUMN note text;\nDROP INDEX orders_total_idx;\n", "prisma"},
      {"constraint-not-valid", kOrders,
       "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\n"
       "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);\n"},
      {"set-not-null", kOrders, "ALTER TABLE orders ALTER COLUMN total SET NOT NULL;\n"},
      {"unique-constraint-without-index", kOrders,
       "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE (code);\n"},
      {"unique-constraint-without-index", kOrders,
       "ALTER TABLE customers ADD COLUMN name text;\nALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE "
       "(code);\n"},
      {"require-lock-timeout", kOrders, "-- a note column\nALTER TABLE orders ADD COLUMN note text;\n"},
      {"prefer-timestamptz",
       kOrders,
       "CREATE TABLE events (id bigint PRIMARY KEY, at timestamp(3) NOT NULL);\n",
       "paired",
       {"column events.at"}},
      {"prefer-bigint",
       kOrders,
       "CREATE TABLE events (id serial PRIMARY KEY);\n",
       "paired",
       {"column events.id", "sequence events_id_seq"}},
  };
  for (const FixCase& fix : cases) checkFix(fix);
}

}  // namespace
}  // namespace sluice::testing
