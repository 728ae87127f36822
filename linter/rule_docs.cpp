#include "linter/rule_docs.hpp"

#include <map>

#include "common/version.hpp"

namespace sluice {
namespace {

std::string optionType(RuleOptionSpec::Type type) {
  switch (type) {
    case RuleOptionSpec::Type::Integer: return "integer";
    case RuleOptionSpec::Type::Boolean: return "boolean";
    case RuleOptionSpec::Type::String: return "string";
    case RuleOptionSpec::Type::StringList: return "list of strings";
  }
  return "value";
}

}  // namespace

std::string ruleDocUrl(const RuleMeta& rule) {
  return std::string(kDocsUrl) + "/rules/" + std::string(rule.name) + ".md";
}

std::string ruleDocPage(const RuleMeta& rule) {
  std::string page;
  page += "# " + std::string(rule.name) + " (" + std::string(rule.code) + ")\n\n";
  page += "<!-- generated from the rule's metadata by `sluice rules --write-docs`; do not edit -->\n\n";
  page += std::string(rule.summary) + "\n\n";
  page += "| category | default severity |\n|---|---|\n";
  page += "| " + std::string(categoryName(rule.category)) + " | " + std::string(severityName(rule.defaultSeverity)) +
          " |\n\n";
  page += "## Why\n\n" + std::string(rule.rationale) + "\n\n";
  page += "## Instead\n\n" + std::string(rule.safeAlternative) + "\n\n";
  page += "## Fix\n\n" +
          (rule.fix.empty() ? std::string("Not fixable by `sluice fix`.")
                            : "Fixable: `sluice fix --rule " + std::string(rule.name) + "` " + std::string(rule.fix)) +
          "\n\n";
  if (!rule.badExample.empty()) page += "## Flagged\n\n```sql\n" + std::string(rule.badExample) + "\n```\n\n";
  if (!rule.goodExample.empty()) page += "## Not flagged\n\n```sql\n" + std::string(rule.goodExample) + "\n```\n\n";
  if (!rule.options.empty()) {
    page += "## Options\n\n| option | type | default | meaning |\n|---|---|---|---|\n";
    for (const auto& option : rule.options) {
      page += "| `" + std::string(option.name) + "` | " + optionType(option.type) + " | `" +
              std::string(option.defaultValue) + "` | " + std::string(option.description) + " |\n";
    }
    page += "\nSet them in `.sluice.toml`:\n\n```toml\n[rules." + std::string(rule.name) + "]\n";
    page += "severity = \"" + std::string(severityName(rule.defaultSeverity)) + "\"\n";
    for (const auto& option : rule.options)
      page += std::string(option.name) + " = " + std::string(option.defaultValue) + "\n";
    page += "```\n\n";
  }
  page += "## Suppress\n\n```sql\n-- sluice:ignore " + std::string(rule.name) +
          "\n```\n\nbefore the statement, or `-- sluice:ignore-file " + std::string(rule.name) +
          "` anywhere in the file; `[rules]` `" + std::string(rule.name) +
          " = \"off\"` in `.sluice.toml` turns it off everywhere.\n";
  return page;
}

std::string ruleIndexPage(const std::vector<const RuleMeta*>& rules) {
  std::map<std::string, std::vector<const RuleMeta*>> byCategory;
  for (const RuleMeta* rule : rules) byCategory[std::string(categoryName(rule->category))].push_back(rule);
  std::string page = "# Rules\n\n<!-- generated from rule metadata by `sluice rules --write-docs`; do not edit -->\n\n";
  page += std::to_string(rules.size()) + " rules. `sluice explain NAME` prints a rule's page in the terminal.\n\n";
  for (const auto& [category, members] : byCategory) {
    page += "## " + category + "\n\n| rule | code | severity | fixable | summary |\n|---|---|---|---|---|\n";
    for (const RuleMeta* rule : members) {
      page += "| [" + std::string(rule->name) + "](" + std::string(rule->name) + ".md) | " + std::string(rule->code) +
              " | " + std::string(severityName(rule->defaultSeverity)) + " | " + (rule->fix.empty() ? "" : "yes") +
              " | " + std::string(rule->summary) + " |\n";
    }
    page += "\n";
  }
  return page;
}

}  // namespace sluice
