// Runs every rule fixture under tests/rules (single files, and the folders of
// tests/rules/history) and checks that every rule has one.
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "rules/registry.hpp"
#include "tests/rules/fixture.hpp"
#include "tests/rules/history_fixture.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

class RuleFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(RuleFixture, FindsExactlyWhatIsExpected) {
  Fixture fixture = loadFixture(GetParam());
  for (const std::string& problem : checkFixture(fixture, rules::allRules())) {
    ADD_FAILURE() << GetParam().string() << ": " << problem;
  }
}

std::string fixtureName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = fs::relative(info.param, SLUICE_FIXTURE_DIR).replace_extension().string();
  for (char& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RuleFixture, ::testing::ValuesIn(findFixtures(SLUICE_FIXTURE_DIR)), fixtureName);

class HistoryFixtureTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(HistoryFixtureTest, FindsExactlyWhatIsExpected) {
  HistoryFixture fixture = loadHistoryFixture(GetParam());
  std::vector<std::string> unsound = historyFixtureProblems(fixture, rules::allRules());
  for (const std::string& problem : unsound) ADD_FAILURE() << GetParam().filename().string() << ": " << problem;
  if (!unsound.empty()) return;
  // A case without its own .sluice.toml must not pick up one from a folder above it.
  std::optional<TempDir> scratch;
  if (!fs::exists(GetParam() / ".sluice.toml")) {
    scratch.emplace(std::move(TempDir::create("sluice-history-").value()));
    ASSERT_TRUE(writeFileAtomically(scratch->path() / ".sluice.toml", "").ok());
    fixture.request.configFile = scratch->path() / ".sluice.toml";
  }
  auto report = lint(fixture.request, rules::allRules());
  ASSERT_TRUE(report.ok()) << report.error().message;
  for (const std::string& problem : compareHistoryFindings(fixture, *report)) {
    ADD_FAILURE() << GetParam().filename().string() << ": " << problem;
  }
}

std::string historyName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.filename().string();
  for (char& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(History, HistoryFixtureTest,
                         ::testing::ValuesIn(findHistoryFixtures(fs::path(SLUICE_FIXTURE_DIR) / "history")),
                         historyName);

// The harness itself: a fixture that cannot prove anything fails.
class FixtureHarness : public ::testing::Test {
 protected:
  std::vector<std::string> problemsOf(const std::string& name, const std::string& sql) {
    fs::path path = dir_.path() / name;
    EXPECT_TRUE(writeFileAtomically(path, sql).ok());
    return checkFixture(loadFixture(path), rules::allRules());
  }
  static bool mentions(const std::vector<std::string>& problems, std::string_view text) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& problem) { return problem.find(text) != std::string::npos; });
  }
  TempDir dir_ = std::move(TempDir::create("sluice-fixture-").value());
};

TEST_F(FixtureHarness, AFixtureOfAnUnknownRuleFails) {
  // Before, the linter ran no rule at all and the silent fixture passed.
  EXPECT_TRUE(mentions(problemsOf("drop-tabel.sql", "-- expect-clean: drop-tabel\nCREATE TABLE a (id int);\n"),
                       "unknown rule `drop-tabel`"));
  EXPECT_TRUE(
      mentions(problemsOf("drop-table.x.sql", "-- fixture: rules=drop-colum\nDROP TABLE a; -- expect: drop-table\n"),
               "unknown rule `drop-colum`"));
}

TEST_F(FixtureHarness, AFixtureThatExpectsNothingFails) {
  EXPECT_TRUE(mentions(problemsOf("drop-table.silent.sql", "CREATE TABLE a (id int);\n"), "proves nothing"));
}

TEST_F(FixtureHarness, ACleanExpectationNeedsARuleThatRuns) {
  EXPECT_TRUE(mentions(problemsOf("drop-table.verify.sql", "-- expect-clean: rollback-roundtrip\nSELECT 1;\n"),
                       "does not run"));
  EXPECT_TRUE(problemsOf("drop-table.clean.sql", "-- expect-clean: drop-table\nCREATE TABLE a (id int);\n").empty());
  // Clean means clean: a finding of the rule fails it.
  EXPECT_TRUE(mentions(problemsOf("drop-table.dirty.sql", "-- expect-clean: drop-table\nDROP TABLE a;\n"),
                       "unexpected drop-table"));
}

TEST_F(FixtureHarness, AHistoryCaseThatExpectsNothingFails) {
  fs::path dir = dir_.path() / "history-case";
  fs::create_directories(dir);
  ASSERT_TRUE(writeFileAtomically(dir / "20240101000000_init.sql", "CREATE TABLE a (id int);\n").ok());
  HistoryFixture fixture = loadHistoryFixture(dir);
  EXPECT_TRUE(mentions(historyFixtureProblems(fixture, rules::allRules()), "proves nothing"));
  ASSERT_TRUE(writeFileAtomically(dir / "20240101000000_init.sql", "-- expect-clean: no-such-rule\nSELECT 1;\n").ok());
  EXPECT_TRUE(mentions(historyFixtureProblems(loadHistoryFixture(dir), rules::allRules()), "unknown rule"));
}

TEST(RuleFixtures, EveryRuleHasAFixtureWithAFinding) {
  std::vector<fs::path> fixtures = findFixtures(SLUICE_FIXTURE_DIR);
  std::vector<HistoryFixture> histories;
  for (const fs::path& dir : findHistoryFixtures(fs::path(SLUICE_FIXTURE_DIR) / "history")) {
    histories.push_back(loadHistoryFixture(dir));
  }
  for (const RuleDefinition* rule : rules::allRules()) {
    // `sluice verify`'s rules (V...) need a server: tests/integration/verify_test.cpp and
    // tests/fixtures/verify/ cover each of them.
    if (rule->meta.code.starts_with("V")) continue;
    bool positive = false;
    for (const HistoryFixture& history : histories) {
      for (const FileExpectation& expectation : history.expectations) {
        positive = positive || expectation.rule == rule->meta.name;
      }
    }
    for (const fs::path& path : fixtures) {
      std::string file = path.filename().string();
      if (file.substr(0, file.find('.')) != rule->meta.name) continue;
      Fixture fixture = loadFixture(path);
      for (const Expectation& expectation : fixture.expectations)
        positive = positive || expectation.rule == rule->meta.name;
    }
    EXPECT_TRUE(positive) << "rule " << rule->meta.name << " has no fixture that expects a finding";
  }
}

}  // namespace
}  // namespace sluice::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
