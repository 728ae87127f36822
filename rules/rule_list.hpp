#pragma once
// Declarations of every rule definition; each is defined in its own file.

#include "linter/rule.hpp"

namespace sluice::rules {

const RuleDefinition& addColumnRequiredRule();
const RuleDefinition& addColumnRewriteRule();
const RuleDefinition& concurrentlyInTransactionRule();
const RuleDefinition& constraintNotValidRule();
const RuleDefinition& dropTableRule();
const RuleDefinition& enumValueUsedInTransactionRule();
const RuleDefinition& lockTableRule();
const RuleDefinition& refreshMatviewConcurrentlyRule();
const RuleDefinition& requireConcurrentIndexDropRule();
const RuleDefinition& requireConcurrentIndexRule();
const RuleDefinition& requireConcurrentReindexRule();
const RuleDefinition& requireLockTimeoutRule();
const RuleDefinition& setNotNullRule();
const RuleDefinition& syntaxErrorRule();
const RuleDefinition& tableRewriteRule();
const RuleDefinition& transactionNestingRule();
const RuleDefinition& uncommittedTransactionRule();
const RuleDefinition& uniqueConstraintWithoutIndexRule();
const RuleDefinition& unusedIgnoreRule();
const RuleDefinition& validateInSameTransactionRule();

}  // namespace sluice::rules
