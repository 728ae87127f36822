#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {

// Reported by the engine (linter/file_linter.cpp), which knows which directives were used.
const RuleDefinition& unusedIgnoreRule() {
  static const RuleDefinition definition{
      {
          .name = "unused-ignore",
          .code = "X001",
          .category = Category::Suppression,
          .defaultSeverity = Severity::Warning,
          .summary = "A `sluice:ignore` directive suppresses nothing, or names an unknown rule.",
          .rationale = "A directive that suppresses nothing today will silently hide a real finding tomorrow, "
                       "when the statement below it changes. A misspelt rule name suppresses nothing at all.",
          .safeAlternative = "Remove the directive or the rule name it no longer needs.",
          .badExample = "-- sluice:ignore drop-table\nCREATE TABLE t (id bigint);",
          .goodExample = "-- sluice:ignore drop-table -- the table is unused since v2\nDROP TABLE legacy_sessions;",
      },
      nullptr};
  return definition;
}

}  // namespace sluice::rules
