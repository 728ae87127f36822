#pragma once

#include "linter/engine.hpp"

namespace sluice::rules {

// Every rule sluice has, sorted by name.
const RuleList& allRules();

}  // namespace sluice::rules
