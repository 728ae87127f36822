#pragma once
// Rule documentation is generated from rule metadata: `sluice explain` prints a page,
// `sluice rules --write-docs DIR` writes docs/rules/, and CI checks that the committed
// pages match.

#include <string>
#include <vector>

#include "linter/rule.hpp"

namespace sluice {

std::string ruleDocPage(const RuleMeta& rule);
std::string ruleIndexPage(const std::vector<const RuleMeta*>& rules);
// Where a rule's page is published (SARIF helpUri, job summaries).
std::string ruleDocUrl(const RuleMeta& rule);

}  // namespace sluice
