#pragma once

#include <string>
#include <vector>

#include "common/error.hpp"
#include "linter/config.hpp"
#include "linter/rule.hpp"

namespace sluice {

// A rule as it runs for one configuration: severity and options resolved.
struct ActiveRule {
  const RuleDefinition* definition = nullptr;
  Severity severity = Severity::Error;
  const RuleOptions* options = nullptr;
};

// The rules that run, from the registry, the configuration, and --rule/--exclude-rule.
// Unknown names in `only`/`exclude` are Usage errors with a suggestion.
Expected<std::vector<ActiveRule>> activeRules(const std::vector<const RuleDefinition*>& registry, const Config& config,
                                              const std::vector<std::string>& only,
                                              const std::vector<std::string>& exclude);

// Severity of `name` in `rules`, or Off when it does not run.
Severity severityOf(const std::vector<ActiveRule>& rules, std::string_view name);

}  // namespace sluice
