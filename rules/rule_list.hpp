#pragma once
// Declarations of every rule definition; each is defined in its own file.

#include "linter/rule.hpp"

namespace sluice::rules {

const RuleDefinition& banCharRule();
const RuleDefinition& dropColumnRule();
const RuleDefinition& dropDatabaseRule();
const RuleDefinition& dropObjectRule();
const RuleDefinition& dropSchemaRule();
const RuleDefinition& dropTableRule();
const RuleDefinition& identifierTooLongRule();
const RuleDefinition& preferBigintRule();
const RuleDefinition& preferIdentityRule();
const RuleDefinition& preferTextRule();
const RuleDefinition& preferTimestamptzRule();
const RuleDefinition& renameColumnRule();
const RuleDefinition& renameTableRule();
const RuleDefinition& requireConcurrentIndexRule();
const RuleDefinition& syntaxErrorRule();
const RuleDefinition& truncateTableRule();
const RuleDefinition& unboundedDmlRule();
const RuleDefinition& unusedIgnoreRule();

}  // namespace sluice::rules
