// Applies every migration set of the shared real-world corpus to a fresh database with
// the real binary, checks that each applied migration is recorded with its file's
// checksum (Prisma's checksum for Prisma sets), then deploys again: nothing pending.
// Sets that stop at a migration bare PostgreSQL 15 cannot run say which and why.
#include <algorithm>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "common/text.hpp"
#include "linter/layout.hpp"
#include "runner/project.hpp"
#include "tests/integration/corpus_dir.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

// A test of one migration set of the corpus (`Set` names its folder in `path`): skipped
// when the corpus is absent; failed before the body when the set is missing or unreadable.
template <typename Set>
class CorpusSetTest : public ::testing::TestWithParam<Set> {
 protected:
  void SetUp() override {
    if (!fs::is_directory(corpusDir())) GTEST_SKIP() << "no corpus at " << corpusDir();
    dir_ = corpusDir() / this->GetParam().path;
    ASSERT_TRUE(fs::is_directory(dir_)) << dir_;
    auto set = loadMigrationSet(dir_);
    ASSERT_TRUE(set.ok()) << set.error().message;
    set_ = std::move(*set);
  }

  fs::path dir_;
  std::optional<MigrationSet> set_;
};

struct CorpusSet {
  std::string name;
  std::string path;  // relative to the corpus
  // Where a set stops on bare PostgreSQL 15, and why (the note in docs/runner.md).
  std::string stopsAt;
  std::string sqlstate;
  // Settings the project's own runner puts in place (ALTER DATABASE ... SET).
  std::vector<std::pair<std::string, std::string>> settings;
};

const std::vector<CorpusSet>& corpusSets() {
  static const std::vector<CorpusSet> sets{
      {"formbricks",
       "prisma/formbricks__formbricks/packages/database/migration",
       // CREATE EXTENSION vector: pgvector is not part of PostgreSQL.
       "20241017124431_add_documents_and_insights",
       "0A000",
       {}},
      {"hoppscotch", "prisma/hoppscotch__hoppscotch/packages/hoppscotch-backend/prisma/migrations", "", "", {}},
      {"langfuse", "prisma/langfuse__langfuse/packages/shared/prisma/migrations", "", "", {}},
      {"umami", "prisma/umami-software__umami/prisma/migrations", "", "", {}},
      {"trigger_database",
       "prisma/triggerdotdev__trigger.dev/internal-packages/database/prisma/migrations",
       "",
       "",
       {}},
      {"trigger_run_ops",
       "prisma/triggerdotdev__trigger.dev/internal-packages/run-ops-database/prisma/migrations",
       "",
       "",
       {}},
      {"lemmy",
       "updown/LemmyNet__lemmy/migrations",
       // `FROM (SELECT ...)` without an alias: PostgreSQL 16 syntax.
       "2025-08-01-000016_smoosh-tables-together",
       "42601",
       {}},
      {"kratos", "updown/ory__kratos/persistence/sql/migrations/sql", "", "", {}},
      // supabase/storage's server sets these for its tenant and multitenant databases.
      {"supabase_tenant", "plain/supabase__storage/migrations/tenant", "", "", {{"storage.multitenant", "true"}}},
      {"supabase_multitenant",
       "plain/supabase__storage/migrations/multitenant",
       "",
       "",
       {{"storage.iceberg_shards", "{}"}}},
      {"supabase_vector_store",
       "plain/supabase__storage/migrations/vector_store",
       // CREATE EXTENSION vector.
       "0001-init",
       "0A000",
       {}},
  };
  return sets;
}

// GoogleTest looks this name up to print a parameter. NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(const CorpusSet& set, std::ostream* out) { *out << set.name; }

class Corpus : public CorpusSetTest<CorpusSet> {};

TEST_P(Corpus, AppliesAndRecordsEveryMigrationThenHasNothingPending) {
  const CorpusSet& corpus = GetParam();
  const fs::path& dir = dir_;
  const MigrationSet& set = *set_;
  std::size_t expected = set.migrations.size();
  if (!corpus.stopsAt.empty()) {
    expected = 0;
    while (expected < set.migrations.size() && set.migrations[expected].id != corpus.stopsAt) ++expected;
    ASSERT_LT(expected, set.migrations.size()) << corpus.stopsAt << " is not in the set";
  }

  ConnectionSettings db = freshDatabase(corpus.name);
  for (const auto& [name, value] : corpus.settings) {
    execute(db, "ALTER DATABASE " + db.database() + " SET " + name + " = '" + value + "'");
  }
  // `keep`: what matters here is how far the real migrations get and what is recorded;
  // restoring the snapshot after a failure is deploy_snapshot_test.cpp's subject.
  ProcessResult result = deployTo(db, dir, {"--no-lint-gate", "--format", "json", "--on-failure", "keep"});
  nlohmann::json report = nlohmann::json::parse(result.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << result.out << result.err;
  std::size_t applied = 0;
  for (const auto& migration : report["migrations"]) {
    if (migration["status"] == "applied") ++applied;
  }
  if (corpus.stopsAt.empty()) {
    EXPECT_EQ(result.exitCode, 0) << result.err;
  } else {
    EXPECT_EQ(result.exitCode, expected == 0 ? 4 : 5) << result.err;
    ASSERT_GT(report["migrations"].size(), expected);
    const auto& failed = report["migrations"][expected];
    EXPECT_EQ(failed["id"], corpus.stopsAt);
    EXPECT_EQ(failed["error"]["sqlstate"], corpus.sqlstate) << failed.dump(2);
  }
  EXPECT_EQ(applied, expected) << result.err;

  // Every applied migration is recorded once, with its file's checksum.
  bool prisma = set.format->name() == "prisma";
  std::string table = prisma ? "_prisma_migrations" : "sluice_migrations";
  std::string nameColumn = prisma ? "migration_name" : "migration_id";
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM " + table), std::to_string(expected));
  std::string recorded = querySingle(db, "SELECT string_agg(" + nameColumn + " || '=' || checksum, ',') FROM " + table);
  std::set<std::string> inDatabase;
  for (std::string_view line : split(recorded, ',')) {
    if (!line.empty()) inDatabase.emplace(line);
  }
  std::set<std::string> onDisk;
  for (std::size_t i = 0; i < expected; ++i) {
    onDisk.insert(set.migrations[i].id + "=" + sha256OfFile(set.migrations[i].forward));
  }
  std::vector<std::string> differences;
  std::set_symmetric_difference(inDatabase.begin(), inDatabase.end(), onDisk.begin(), onDisk.end(),
                                std::back_inserter(differences));
  EXPECT_TRUE(differences.empty()) << differences.size() << " records differ from the files, e.g. "
                                   << differences.front();
  if (prisma) {
    EXPECT_EQ(querySingle(db,
                          "SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NULL OR rolled_back_at IS "
                          "NOT NULL OR applied_steps_count <> 1"),
              "0");
  }

  ProcessResult again = deployTo(db, dir, {"--no-lint-gate", "--format", "json"});
  nlohmann::json second = nlohmann::json::parse(again.out, nullptr, false);
  ASSERT_FALSE(second.is_discarded()) << again.out;
  if (corpus.stopsAt.empty()) {
    EXPECT_EQ(again.exitCode, 0) << again.err;
    EXPECT_EQ(second["outcome"], "up-to-date");
  } else {
    // The same migration fails again, and nothing else changes.
    EXPECT_EQ(again.exitCode, 4) << again.err;
    EXPECT_EQ(second["migrations"][0]["id"], corpus.stopsAt);
  }
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM " + table), std::to_string(expected));
}

std::string setName(const ::testing::TestParamInfo<CorpusSet>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Runner, Corpus, ::testing::ValuesIn(corpusSets()), setName);

// The sets of other tools: `sluice deploy` applies them as their tool runs them and
// records them in the tool's own table (`rows` counts them there), a second deploy has
// nothing to do, and goose's rollbacks are then run by `sluice rollback`, newest first.
struct ToolSet {
  std::string name;
  std::string path;
  std::string layout;
  std::size_t migrations = 0;
  bool rollbacks = false;
  std::string rows;  // SQL: the migrations the tool's table records as applied
};

// GoogleTest looks this name up to print a parameter. NOLINTNEXTLINE(readability-identifier-naming)
void PrintTo(const ToolSet& set, std::ostream* out) { *out << set.name; }

class ToolCorpus : public CorpusSetTest<ToolSet> {};

TEST_P(ToolCorpus, DeploysIntoTheToolsTableThenRollsBack) {
  const ToolSet& corpus = GetParam();
  const fs::path& dir = dir_;
  EXPECT_EQ(set_->format->name(), corpus.layout);
  EXPECT_EQ(set_->migrations.size(), corpus.migrations);

  ConnectionSettings db = freshDatabase(corpus.name);
  ProcessResult deployed = deployTo(db, dir, {"--no-lint-gate", "--no-snapshot"});
  ASSERT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
  EXPECT_EQ(querySingle(db, corpus.rows), std::to_string(corpus.migrations));
  ProcessResult again = deployTo(db, dir, {"--no-lint-gate", "--no-snapshot"});
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to apply"), std::string::npos) << again.out;
  if (!corpus.rollbacks) return;
  ProcessResult rollback = runSluiceOn("rollback", db, dir, {"--steps", std::to_string(corpus.migrations)});
  EXPECT_EQ(rollback.exitCode, 0) << rollback.out << rollback.err;
  EXPECT_EQ(querySingle(db, corpus.rows), "0");
}

std::string toolSetName(const ::testing::TestParamInfo<ToolSet>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(
    Runner, ToolCorpus,
    ::testing::Values(ToolSet{"openfga_goose", "goose/openfga__openfga/assets/migrations/postgres", "goose", 6, true,
                              "SELECT count(*) FROM goose_db_version WHERE version_id > 0"},
                      ToolSet{"dokploy_drizzle", "drizzle/Dokploy__dokploy/apps/dokploy/drizzle", "drizzle", 186, false,
                              "SELECT count(*) FROM drizzle.__drizzle_migrations"},
                      ToolSet{"marquez_flyway",
                              "flyway/MarquezProject__marquez/api/src/main/resources/marquez/db/migration", "flyway",
                              84, false, "SELECT count(*) FROM flyway_schema_history WHERE success"}),
    toolSetName);

}  // namespace
}  // namespace sluice::testing
