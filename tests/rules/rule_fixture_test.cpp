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
  FileReport report = lintText(fixture.text, fixture.options, rules::allRules());
  std::vector<std::string> problems = compareFindings(fixture, report);
  for (const std::string& problem : problems) ADD_FAILURE() << GetParam().string() << ": " << problem;
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
