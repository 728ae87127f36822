#pragma once
// Declarations of every rule definition; each is defined in its own file.

#include "linter/rule.hpp"

namespace sluice::rules {

const RuleDefinition& addColumnRequiredRule();
const RuleDefinition& addColumnRewriteRule();
const RuleDefinition& banCharRule();
const RuleDefinition& changeColumnTypeRule();
const RuleDefinition& concurrentlyInTransactionRule();
const RuleDefinition& constraintNotValidRule();
const RuleDefinition& ddlInFunctionRule();
const RuleDefinition& dropColumnRule();
const RuleDefinition& dropDatabaseRule();
const RuleDefinition& dropObjectRule();
const RuleDefinition& dropSchemaRule();
const RuleDefinition& dropTableRule();
const RuleDefinition& duplicateVersionRule();
const RuleDefinition& editedMigrationRule();
const RuleDefinition& emptyRollbackRule();
const RuleDefinition& enumValueUsedInTransactionRule();
const RuleDefinition& identifierTooLongRule();
const RuleDefinition& irreversibleChangeRule();
const RuleDefinition& lockTableRule();
const RuleDefinition& migrationFailsRule();
const RuleDefinition& migrationNameRule();
const RuleDefinition& migrationTooLargeRule();
const RuleDefinition& missingRollbackRule();
const RuleDefinition& mixedDdlDmlRule();
const RuleDefinition& orphanRollbackRule();
const RuleDefinition& preferBigintRule();
const RuleDefinition& preferIdentityRule();
const RuleDefinition& preferTextRule();
const RuleDefinition& preferTimestamptzRule();
const RuleDefinition& prismaLockFileRule();
const RuleDefinition& refreshMatviewConcurrentlyRule();
const RuleDefinition& renameColumnRule();
const RuleDefinition& renameEnumValueRule();
const RuleDefinition& renameTableRule();
const RuleDefinition& requireConcurrentIndexRule();
const RuleDefinition& requireConcurrentIndexDropRule();
const RuleDefinition& requireConcurrentReindexRule();
const RuleDefinition& requireLockTimeoutRule();
const RuleDefinition& rollbackFailsRule();
const RuleDefinition& rollbackIncompleteRule();
const RuleDefinition& rollbackLosesDataRule();
const RuleDefinition& rollbackRoundtripRule();
const RuleDefinition& setNotNullRule();
const RuleDefinition& syntaxErrorRule();
const RuleDefinition& tableRewriteRule();
const RuleDefinition& transactionNestingRule();
const RuleDefinition& truncateTableRule();
const RuleDefinition& unboundedDmlRule();
const RuleDefinition& uncommittedTransactionRule();
const RuleDefinition& uniqueConstraintWithoutIndexRule();
const RuleDefinition& unusedIgnoreRule();
const RuleDefinition& validateInSameTransactionRule();

}  // namespace sluice::rules
