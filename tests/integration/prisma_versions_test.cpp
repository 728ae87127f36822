// Prisma 7 and Prisma 8 projects against a real PostgreSQL: a Prisma 7 project (its
// prisma.config.ts names the migrations folder and the URL's variable) deploys with no
// flags; Prisma 8's migration.ts layout and its prisma_contract schema are refused
// (exit 2) before anything is written; folders apply in Prisma's localeCompare order.
#include <fstream>
#include <gtest/gtest.h>
#include <regex>

#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

// The example copied out of the source tree: a deploy writes its snapshot beside it.
fs::path copyOfExample(const TempDir& temp) {
  fs::path project = temp.path() / "prisma7";
  fs::copy(fs::path(SLUICE_SOURCE_DIR) / "examples" / "prisma7", project, fs::copy_options::recursive);
  return project;
}

TEST(PrismaSeven, ExampleDeploysWithNoFlagsFromItsConfigFile) {
  ConnectionSettings db = freshDatabase("prisma7");
  TempDir temp = TempDir::create("sluice-prisma7-").value();
  fs::path project = copyOfExample(temp);
  std::vector<std::pair<std::string, std::string>> env{{"APP_DATABASE_URL", db.keywordString()}};

  ProcessResult config = runSluice({"deploy", "--print-config"}, env, project);
  ASSERT_EQ(config.exitCode, 0) << config.out << config.err;
  // Each setting with its place in prisma.config.ts.
  EXPECT_TRUE(std::regex_search(config.out, std::regex(R"(migrations\.dir +"db/migrations" +prisma\.config\.ts:8:11)")))
      << config.out;
  EXPECT_TRUE(std::regex_search(
      config.out, std::regex(R"(migrations\.database_url_env +"APP_DATABASE_URL" +prisma\.config\.ts:11:10)")))
      << config.out;

  ProcessResult deployed = runSluice({"deploy"}, env, project);
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
  EXPECT_NE(deployed.out.find("(prisma)"), std::string::npos) << deployed.out;
  EXPECT_EQ(querySingle(db,
                        "SELECT string_agg(migration_name, ',' ORDER BY started_at) FROM _prisma_migrations "
                        "WHERE finished_at IS NOT NULL"),
            "20250301090000_init,20250310143000_add_posts");
  EXPECT_TRUE(tableExists(db, "\"Post\""));

  // Without the variable the config names, sluice says which one to set.
  ProcessResult unset = runSluice({"status"}, {}, project);
  EXPECT_EQ(unset.exitCode, 2) << unset.out << unset.err;
  EXPECT_NE(unset.err.find("APP_DATABASE_URL is not set"), std::string::npos) << unset.err;
  EXPECT_NE(unset.err.find("prisma.config.ts:11:10"), std::string::npos) << unset.err;
}

TEST(PrismaSeven, AComputedMigrationsPathAsksForTheFlag) {
  ConnectionSettings db = freshDatabase("prisma7computed");
  TempDir temp = TempDir::create("sluice-prisma7-").value();
  fs::path project = copyOfExample(temp);
  std::ofstream(project / "prisma.config.ts")
      << "import path from 'node:path'\n"
         "export default { migrations: { path: path.join('db', 'migrations') }, datasource: { url: "
         "env('APP_DATABASE_URL') } }\n";
  std::vector<std::pair<std::string, std::string>> env{{"APP_DATABASE_URL", db.keywordString()}};
  ProcessResult refused = runSluice({"deploy"}, env, project);
  EXPECT_EQ(refused.exitCode, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("computes the migrations folder"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("pass --dir"), std::string::npos) << refused.err;
  ProcessResult withDir = runSluice({"deploy", "--dir", "db/migrations"}, env, project);
  EXPECT_EQ(withDir.exitCode, 0) << withDir.out << withDir.err;
}

TEST(PrismaEight, MigrationTsLayoutIsRefusedBeforeTheDatabaseIsTouched) {
  ConnectionSettings db = freshDatabase("prisma8");
  Project project;
  project.file("app/20260901T120000_init/migration.ts", "import { Migration } from '@prisma/orm-postgres/migration'\n")
      .file("app/20260901T120000_init/migration.json", "{}\n")
      .file("app/20260901T120000_init/ops.json", "[]\n")
      .file("app/refs/db.json", "{}\n");
  std::string before = querySingle(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace");
  for (const char* command : {"deploy", "status"}) {
    ProcessResult refused = runSluice({command, "--dir", project.dir().string(), "--database-url", db.keywordString()});
    EXPECT_EQ(refused.exitCode, 2) << command << refused.out << refused.err;
    EXPECT_NE(refused.err.find("Prisma 8"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("migration.ts"), std::string::npos) << refused.err;
    EXPECT_NE(refused.err.find("prisma db migrate"), std::string::npos) << refused.err;
  }
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"), before);
  ProcessResult lint = runSluice({"lint", project.dir().string()});
  EXPECT_EQ(lint.exitCode, 2) << lint.out << lint.err;
  EXPECT_NE(lint.err.find("cannot read yet"), std::string::npos) << lint.err;
}

TEST(PrismaEight, ADatabaseWithPrismaContractGetsNoPrismaMigrationsTable) {
  ConnectionSettings db = freshDatabase("prismacontract");
  execute(db, "CREATE SCHEMA prisma_contract");
  ProcessResult refused = deployTo(db, fs::path(SLUICE_SOURCE_DIR) / "examples" / "prisma" / "migrations");
  EXPECT_EQ(refused.exitCode, 2) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("prisma_contract"), std::string::npos) << refused.err;
  EXPECT_EQ(querySingle(db, "SELECT to_regclass('_prisma_migrations') IS NULL AND to_regclass('\"User\"') IS NULL"),
            "t");
}

TEST(PrismaOrder, FoldersApplyInLocaleCompareOrderAndStatusSaysSo) {
  ConnectionSettings db = freshDatabase("prismaorder");
  Project project;
  // Byte order puts "202401011200_..." first ('1' < '_'); localeCompare puts '_' first.
  project.prismaLockFile()
      .file("20240101_create/migration.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n")
      .file("202401011200_fill/migration.sql", "INSERT INTO t VALUES (1);\n");
  ProcessResult status = runSluiceOn("status", db, project.dir());
  EXPECT_NE(status.out.find("Prisma's order (JavaScript localeCompare)"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("`20240101_create` comes before `202401011200_fill`"), std::string::npos) << status.out;
  // The insert runs second, so the table exists: Prisma's order was followed.
  ProcessResult deployed = deployTo(db, project.dir(), {"--no-lint-gate"});
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM t"), "1");
}

}  // namespace
}  // namespace sluice::testing
