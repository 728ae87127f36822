// Prisma's own tooling reads the rows sluice writes: `prisma migrate status` (Prisma
// 6.19, pinned in tests/prisma, installed by ci/setup) against databases sluice deployed.
#include <fstream>
#include <gtest/gtest.h>

#include "tests/integration/corpus_dir.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kPrismaDir = fs::path(SLUICE_SOURCE_DIR) / "tests" / "prisma";

// `prisma migrate status` for `migrations` on `db`: exit code and output.
ProcessResult prismaStatus(const ConnectionSettings& db, const fs::path& migrations) {
  auto node = findExecutable("node");
  fs::path cli = kPrismaDir / "node_modules" / "prisma" / "build" / "index.js";
  if (!node || !fs::exists(cli)) {
    ADD_FAILURE() << "Prisma is not installed in tests/prisma: run ci/setup (npm ci in tests/prisma)";
    return {};
  }
  SpawnOptions options;
  options.cwd = kPrismaDir;
  // With the driver adapter the schema engine runs as WebAssembly; pointing the native
  // engines at a placeholder keeps the CLI from downloading them at start-up.
  fs::path placeholder = kPrismaDir / "node_modules" / ".sluice-no-engine";
  std::ofstream(placeholder).flush();
  options.setEnv = {{"DATABASE_URL", postgresqlUrl(db)},
                    {"SLUICE_PRISMA_MIGRATIONS", migrations.string()},
                    {"PRISMA_QUERY_ENGINE_LIBRARY", placeholder.string()},
                    {"PRISMA_SCHEMA_ENGINE_BINARY", "/bin/false"},
                    {"PRISMA_HIDE_UPDATE_MESSAGE", "1"},
                    {"CHECKPOINT_DISABLE", "1"}};
  auto result = runProcess({node->string(), cli.string(), "migrate", "status"}, options);
  if (!result) throw std::runtime_error(result.error().message);
  // Prisma prints parts of its verdict on each stream; read them together.
  result->out += result->err;
  return *result;
}

TEST(PrismaCompat, PrismaMigrateStatusAgreesWithWhatSluiceApplied) {
  ConnectionSettings db = freshDatabase("prisma_status");
  fs::path dir = fs::path(SLUICE_SOURCE_DIR) / "examples" / "prisma" / "migrations";
  ASSERT_EQ(deployTo(db, dir).exitCode, 0);
  ProcessResult upToDate = prismaStatus(db, dir);
  EXPECT_EQ(upToDate.exitCode, 0) << upToDate.out << upToDate.err;
  EXPECT_NE(upToDate.out.find("Database schema is up to date!"), std::string::npos) << upToDate.out << upToDate.err;

  // Rolled back by sluice: Prisma sees it as not applied.
  ASSERT_EQ(runSluiceOn("rollback", db, dir, {"--steps", "1"}).exitCode, 0);
  ProcessResult pending = prismaStatus(db, dir);
  EXPECT_NE(pending.out.find("have not yet been applied"), std::string::npos) << pending.out << pending.err;
  EXPECT_NE(pending.out.find("20240201120000_index_orders_by_customer"), std::string::npos) << pending.out;
}

TEST(PrismaCompat, PrismaSeesAMigrationThatFailedUnderSluiceAsFailed) {
  ConnectionSettings db = freshDatabase("prisma_failed");
  Project project;
  project.prismaLockFile();
  project.file("20240101000000_ok/migration.sql", "CREATE TABLE ok (id int);\n");
  project.file("20240102000000_half/migration.sql", "BEGIN;\nCREATE TABLE half (id int);\nCOMMIT;\nSELECT 1/0;\n");
  // Without a snapshot to restore, the half-applied migration stays recorded as failed.
  EXPECT_EQ(deployTo(db, project.dir(), {"--no-lint-gate", "--no-snapshot"}).exitCode, 5);
  ProcessResult status = prismaStatus(db, project.dir());
  EXPECT_NE(status.exitCode, 0);
  EXPECT_NE(status.out.find("20240102000000_half"), std::string::npos) << status.out << status.err;
  EXPECT_NE(status.out.find("failed"), std::string::npos) << status.out << status.err;
}

TEST(PrismaCompat, CorpusProjectsDeployedBySluiceAreUpToDateForPrisma) {
  fs::path corpus = corpusDir() / "prisma";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  for (const char* relative : {"umami-software__umami/prisma/migrations",
                               "hoppscotch__hoppscotch/packages/hoppscotch-backend/prisma/migrations"}) {
    ConnectionSettings db = freshDatabase("prisma_corpus");
    ASSERT_EQ(deployTo(db, corpus / relative, {"--no-lint-gate"}).exitCode, 0) << relative;
    ProcessResult status = prismaStatus(db, corpus / relative);
    EXPECT_EQ(status.exitCode, 0) << relative << "\n" << status.out << status.err;
    EXPECT_NE(status.out.find("Database schema is up to date!"), std::string::npos) << status.out;
  }
}

}  // namespace
}  // namespace sluice::testing
