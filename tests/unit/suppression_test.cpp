#include <gtest/gtest.h>

#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice {
namespace {

// Only the rules these cases are about, so that new rules do not change them.
TextLintOptions suppressionOptions() {
  TextLintOptions options;
  options.onlyRules = {"drop-table", "unused-ignore"};
  return options;
}

std::vector<std::string> rulesFound(const std::string& sql) {
  TextLintOptions options = suppressionOptions();
  FileReport report = lintText(sql, options, rules::allRules()).value();
  std::vector<std::string> out;
  for (const Finding& finding : report.findings) out.emplace_back(finding.rule->name);
  return out;
}

TEST(Suppression, IgnoreCoversTheNextStatementOnly) {
  auto found = rulesFound("-- sluice:ignore drop-table\nDROP TABLE a;\nDROP TABLE b;\n");
  EXPECT_EQ(found, std::vector<std::string>{"drop-table"});
}

TEST(Suppression, IgnoreFileCoversTheWholeFile) {
  auto found = rulesFound("DROP TABLE a;\n-- sluice:ignore-file drop-table\nDROP TABLE b;\n");
  EXPECT_TRUE(found.empty());
}

TEST(Suppression, AnIgnoreThatSuppressesNothingIsReported) {
  auto found = rulesFound("-- sluice:ignore drop-table\nCREATE TABLE a (id int);\n");
  EXPECT_EQ(found, std::vector<std::string>{"unused-ignore"});
}

TEST(Suppression, DirectivesInsideStringsAreText) {
  auto found = rulesFound("SELECT '-- sluice:ignore drop-table';\nDROP TABLE a;\n");
  EXPECT_EQ(found, std::vector<std::string>{"drop-table"});
}

TEST(Suppression, ARuleCodeWorksLikeItsName) {
  auto found = rulesFound("-- sluice:ignore D001\nDROP TABLE a;\n");
  EXPECT_TRUE(found.empty());
}

TEST(Suppression, AnUnknownRuleNameIsReportedWithASuggestion) {
  TextLintOptions options = suppressionOptions();
  FileReport report = lintText("-- sluice:ignore drop-tabel\nDROP TABLE a;\n", options, rules::allRules()).value();
  ASSERT_EQ(report.findings.size(), 2U);
  EXPECT_EQ(report.findings[0].rule->name, "unused-ignore");
  EXPECT_NE(report.findings[0].helpText().find("drop-table"), std::string::npos);
}

}  // namespace
}  // namespace sluice
