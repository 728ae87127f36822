// `sluice rollback generate`: generated rollbacks round-trip in `sluice verify` against a
// real PostgreSQL; --write and --force; what cannot be undone exits 1.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/file_io.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// A Diesel-style project (folders with up.sql) without rollbacks.
Project schemaHistory() {
  Project project;
  project.file("2024-01-01-000000_create/up.sql",
               "CREATE TYPE status AS ENUM ('new', 'paid');\n"
               "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(100) NOT NULL UNIQUE);\n"
               "CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id),\n"
               "  total numeric(10,2) NOT NULL DEFAULT 0, status status NOT NULL DEFAULT 'new', note text);\n"
               "CREATE INDEX orders_user_idx ON orders (user_id);\n");
  project.file("2024-01-02-000000_change/up.sql",
               "ALTER TABLE orders ADD COLUMN paid_at timestamptz;\n"
               "ALTER TABLE orders ALTER COLUMN total TYPE numeric(14,2);\n"
               "ALTER TABLE orders ALTER COLUMN total DROP DEFAULT;\n"
               "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n"
               "ALTER TABLE orders RENAME COLUMN note TO remark;\n"
               "ALTER TABLE users ALTER COLUMN email TYPE text;\n"
               "DROP INDEX orders_user_idx;\n"
               "CREATE INDEX orders_status_idx ON orders (status) WHERE status = 'new';\n"
               "COMMENT ON TABLE orders IS 'what people bought';\n");
  project.file("2024-01-03-000000_drop/up.sql",
               "ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;\n"
               "ALTER TABLE orders DROP COLUMN paid_at;\n"
               "CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'new';\n"
               "CREATE FUNCTION order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders';\n"
               "ALTER TABLE users RENAME TO customers;\n");
  return project;
}

ProcessResult generate(const Project& project, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"rollback", "generate", "--dir", project.dir().string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return runSluice(args);
}

TEST(RollbackGenerate, GeneratedRollbacksRoundTripInVerify) {
  Project project = schemaHistory();
  ProcessResult written = generate(project, {"--write"});
  ASSERT_EQ(written.exitCode, 0) << written.out << written.err;
  for (const char* id : {"2024-01-01-000000_create", "2024-01-02-000000_change", "2024-01-03-000000_drop"}) {
    EXPECT_TRUE(fs::exists(project.dir() / id / "down.sql")) << id;
  }
  ConnectionSettings scratch = freshDatabase("rollgen");
  ProcessResult verified =
      runSluice({"verify", project.dir().string(), "--scratch-url", scratch.keywordString(), "--format", "json"});
  ASSERT_EQ(verified.exitCode, 0) << verified.out << verified.err;
  Json report = Json::parse(verified.out);
  ASSERT_EQ(report["migrations"].size(), 3U);
  for (const Json& item : report["migrations"]) EXPECT_EQ(item["status"], "verified") << item.dump(2);
  // And they lint clean of the rollback rules.
  ProcessResult lint = runSluice({"lint", project.dir().string(), "--rule", "rollback-incomplete", "--rule",
                                  "irreversible-change", "--rule", "empty-rollback"});
  EXPECT_EQ(lint.exitCode, 0) << lint.out << lint.err;
}

TEST(RollbackGenerate, PrintsWithoutWritingAndNeverOverwritesWithoutForce) {
  Project project = schemaHistory();
  ProcessResult printed = generate(project, {"2024-01-03-000000_drop"});
  ASSERT_EQ(printed.exitCode, 0) << printed.err;
  EXPECT_NE(printed.out.find("ALTER TABLE \"customers\" RENAME TO \"users\";"), std::string::npos) << printed.out;
  EXPECT_FALSE(fs::exists(project.dir() / "2024-01-03-000000_drop" / "down.sql"));

  project.file("2024-01-03-000000_drop/down.sql", "-- written by hand\n");
  ProcessResult refused = generate(project, {"2024-01-03-000000_drop", "--write"});
  EXPECT_EQ(refused.exitCode, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("exists; nothing was written"), std::string::npos) << refused.err;
  EXPECT_EQ(*readFile(project.dir() / "2024-01-03-000000_drop" / "down.sql"), "-- written by hand\n");
  // Without a name, a migration that has a rollback is left alone.
  ProcessResult others = generate(project, {"--write"});
  EXPECT_EQ(others.exitCode, 0) << others.err;
  EXPECT_EQ(*readFile(project.dir() / "2024-01-03-000000_drop" / "down.sql"), "-- written by hand\n");

  ProcessResult forced = generate(project, {"2024-01-03-000000_drop", "--write", "--force"});
  EXPECT_EQ(forced.exitCode, 0) << forced.err;
  EXPECT_NE(readFile(project.dir() / "2024-01-03-000000_drop" / "down.sql")->find("RENAME TO \"users\""),
            std::string::npos);
}

TEST(RollbackGenerate, WhatCannotBeUndoneIsACommentedLineAndExitsOne) {
  Project project = schemaHistory();
  project.file("2024-01-04-000000_backfill/up.sql", "UPDATE orders SET total = total * 2;\n");
  ProcessResult run = generate(project, {"2024-01-04-000000_backfill"});
  EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("-- sluice: cannot generate UPDATE of \"orders\".\"total\": the values it overwrote are not "
                         "known"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.err.find("2024-01-04-000000_backfill: 1 change(s) sluice cannot undo"), std::string::npos) << run.err;
}

TEST(RollbackGenerate, GooseGetsADownSectionAppended) {
  Project project;
  project.file("00001_create.sql", "-- +goose Up\nCREATE TABLE t (id int PRIMARY KEY);\n");
  ProcessResult run = runSluice({"rollback", "generate", "--dir", project.dir().string(), "--write"});
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  std::string text = *readFile(project.dir() / "00001_create.sql");
  EXPECT_NE(text.find("\n-- +goose Down\n-- Rollback of 00001_create"), std::string::npos) << text;
  EXPECT_NE(text.find("DROP TABLE \"t\";"), std::string::npos) << text;
  // The section exists now: sluice does not rewrite it, even with --force.
  ProcessResult again =
      runSluice({"rollback", "generate", "00001", "--dir", project.dir().string(), "--write", "--force"});
  EXPECT_EQ(again.exitCode, 2) << again.out << again.err;
}

TEST(RollbackGenerate, UnknownMigrationIsAUsageError) {
  Project project = schemaHistory();
  ProcessResult run = generate(project, {"nope"});
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(run.err.find("no migration `nope`"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace sluice::testing
