#pragma once
// Declarations of every rule definition; each is defined in its own file.

#include "linter/rule.hpp"

namespace sluice::rules {

const RuleDefinition& changeColumnTypeRule();
const RuleDefinition& dropTableRule();
const RuleDefinition& duplicateVersionRule();
const RuleDefinition& emptyRollbackRule();
const RuleDefinition& irreversibleChangeRule();
const RuleDefinition& migrationNameRule();
const RuleDefinition& migrationTooLargeRule();
const RuleDefinition& missingRollbackRule();
const RuleDefinition& mixedDdlDmlRule();
const RuleDefinition& orphanRollbackRule();
const RuleDefinition& prismaLockFileRule();
const RuleDefinition& requireConcurrentIndexRule();
const RuleDefinition& rollbackIncompleteRule();
const RuleDefinition& syntaxErrorRule();
const RuleDefinition& unusedIgnoreRule();

}  // namespace sluice::rules
