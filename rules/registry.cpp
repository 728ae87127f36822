#include "rules/registry.hpp"

#include "rules/rule_list.hpp"

namespace sluice::rules {

// The one sorted list of rules: adding a rule is its file, one line here and its
// declaration in rule_list.hpp. tests/unit/registry_test.cpp checks order and
// uniqueness of names and codes.
const RuleList& allRules() {
  // One rule per line, so that adding one is a one-line change.
  // clang-format off
  static const RuleList rules{
      &changeColumnTypeRule(),
      &dropTableRule(),
      &duplicateVersionRule(),
      &emptyRollbackRule(),
      &irreversibleChangeRule(),
      &migrationNameRule(),
      &migrationTooLargeRule(),
      &missingRollbackRule(),
      &mixedDdlDmlRule(),
      &orphanRollbackRule(),
      &prismaLockFileRule(),
      &requireConcurrentIndexRule(),
      &rollbackIncompleteRule(),
      &syntaxErrorRule(),
      &unusedIgnoreRule(),
  };
  // clang-format on
  return rules;
}

}  // namespace sluice::rules
