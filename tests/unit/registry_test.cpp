#include "rules/registry.hpp"

#include <gtest/gtest.h>
#include <set>

namespace sluice {
namespace {

TEST(Registry, RulesAreSortedByNameWithUniqueNamesAndCodes) {
  const RuleList& rules = rules::allRules();
  std::set<std::string_view> codes;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(rules[i - 1]->meta.name, rules[i]->meta.name) << "registry.cpp must stay sorted";
    }
    EXPECT_TRUE(codes.insert(rules[i]->meta.code).second) << "duplicate code " << rules[i]->meta.code;
  }
}

TEST(Registry, EveryRuleHasCompleteDocumentation) {
  for (const RuleDefinition* rule : rules::allRules()) {
    const RuleMeta& meta = rule->meta;
    EXPECT_FALSE(meta.summary.empty()) << meta.name;
    EXPECT_FALSE(meta.rationale.empty()) << meta.name;
    EXPECT_FALSE(meta.safeAlternative.empty()) << meta.name;
    EXPECT_FALSE(meta.badExample.empty()) << meta.name;
    for (char c : meta.name) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '-') << "kebab-case: " << meta.name;
    }
  }
}

}  // namespace
}  // namespace sluice
