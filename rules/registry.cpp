#include "rules/registry.hpp"

#include "rules/rule_list.hpp"

namespace sluice::rules {

// The one sorted list of rules: adding a rule is its file, one line here and its
// declaration in rule_list.hpp. tests/unit/registry_test.cpp checks order and
// uniqueness of names and codes.
const RuleList& allRules() {
  // One entry per line keeps the list easy to merge.
  // clang-format off
  static const RuleList rules{
      &addColumnRequiredRule(),
      &addColumnRewriteRule(),
      &banCharRule(),
      &changeColumnTypeRule(),
      &concurrentlyInTransactionRule(),
      &constraintNotValidRule(),
      &ddlInFunctionRule(),
      &dropColumnRule(),
      &dropDatabaseRule(),
      &dropObjectRule(),
      &dropSchemaRule(),
      &dropTableRule(),
      &duplicateVersionRule(),
      &editedMigrationRule(),
      &emptyRollbackRule(),
      &enumValueUsedInTransactionRule(),
      &identifierTooLongRule(),
      &irreversibleChangeRule(),
      &lockTableRule(),
      &migrationFailsRule(),
      &migrationNameRule(),
      &migrationTooLargeRule(),
      &missingRollbackRule(),
      &mixedDdlDmlRule(),
      &orphanRollbackRule(),
      &preferBigintRule(),
      &preferIdentityRule(),
      &preferTextRule(),
      &preferTimestamptzRule(),
      &prismaLockFileRule(),
      &refreshMatviewConcurrentlyRule(),
      &renameColumnRule(),
      &renameEnumValueRule(),
      &renameTableRule(),
      &requireConcurrentIndexRule(),
      &requireConcurrentIndexDropRule(),
      &requireConcurrentReindexRule(),
      &requireLockTimeoutRule(),
      &rollbackFailsRule(),
      &rollbackIncompleteRule(),
      &rollbackLosesDataRule(),
      &rollbackRoundtripRule(),
      &setNotNullRule(),
      &syntaxErrorRule(),
      &tableRewriteRule(),
      &transactionNestingRule(),
      &truncateTableRule(),
      &unboundedDmlRule(),
      &uncommittedTransactionRule(),
      &uniqueConstraintWithoutIndexRule(),
      &unusedIgnoreRule(),
      &validateInSameTransactionRule(),
  };
  // clang-format on
  return rules;
}

}  // namespace sluice::rules
