#pragma once
// Declarations of every rule definition; each is defined in its own file.

#include "linter/rule.hpp"

namespace sluice::rules {

const RuleDefinition& changeColumnTypeRule();
const RuleDefinition& dropTableRule();
const RuleDefinition& emptyRollbackRule();
const RuleDefinition& irreversibleChangeRule();
const RuleDefinition& missingRollbackRule();
const RuleDefinition& orphanRollbackRule();
const RuleDefinition& requireConcurrentIndexRule();
const RuleDefinition& rollbackIncompleteRule();
const RuleDefinition& syntaxErrorRule();
const RuleDefinition& unusedIgnoreRule();

}  // namespace sluice::rules
