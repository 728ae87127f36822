// Runs every rule fixture under tests/rules and checks that every rule has one.
#include <gtest/gtest.h>

#include "rules/registry.hpp"
#include "tests/rules/fixture.hpp"

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

TEST(RuleFixtures, EveryRuleHasAFixtureWithAFinding) {
  std::vector<fs::path> fixtures = findFixtures(SLUICE_FIXTURE_DIR);
  for (const RuleDefinition* rule : rules::allRules()) {
    bool positive = false;
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
