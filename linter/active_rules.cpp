#include "linter/active_rules.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace sluice {

Expected<std::vector<ActiveRule>> activeRules(const std::vector<const RuleDefinition*>& registry, const Config& config,
                                              const std::vector<std::string>& only,
                                              const std::vector<std::string>& exclude) {
  std::vector<std::string> names;
  for (const RuleDefinition* rule : registry) names.emplace_back(rule->meta.name);
  auto find = [&](const std::string& name) -> const RuleDefinition* {
    for (const RuleDefinition* rule : registry) {
      if (rule->meta.name == name || rule->meta.code == name) return rule;
    }
    return nullptr;
  };
  for (const auto* list : {&only, &exclude}) {
    for (const std::string& name : *list) {
      if (find(name) == nullptr) {
        std::string hint = didYouMean(name, names);
        if (hint.empty()) hint = "`sluice rules` lists every rule";
        return Error(ErrorCode::Usage, "unknown rule `" + name + "`", hint);
      }
    }
  }
  auto listed = [&](const std::vector<std::string>& list, const RuleDefinition* rule) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& name) { return find(name) == rule; });
  };
  std::vector<ActiveRule> active;
  for (const RuleDefinition* rule : registry) {
    // A statement that does not parse cannot be checked by anything else, so
    // syntax-error stays on with --rule unless it is excluded by name.
    bool alwaysOn = rule->meta.category == Category::Syntax;
    if (!only.empty() && !listed(only, rule) && !alwaysOn) continue;
    if (listed(exclude, rule)) continue;
    auto it = config.rules.find(rule->meta.name);
    Severity severity = rule->meta.defaultSeverity;
    const RuleOptions* options = nullptr;
    if (it != config.rules.end()) {
      if (it->second.severity) severity = *it->second.severity;
      options = &it->second.options;
    }
    // Naming a rule with --rule runs it even if the configuration turned it off.
    if (severity == Severity::Off && listed(only, rule)) severity = rule->meta.defaultSeverity;
    if (severity == Severity::Off) continue;
    active.push_back({rule, severity, options});
  }
  return active;
}

Severity severityOf(const std::vector<ActiveRule>& rules, std::string_view name) {
  for (const ActiveRule& rule : rules) {
    if (rule.definition->meta.name == name) return rule.severity;
  }
  return Severity::Off;
}

}  // namespace sluice
