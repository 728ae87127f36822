#include "linter/config.hpp"

#include "config/loader.hpp"
#include "linter/formats/format.hpp"
#include "linter/migration.hpp"

namespace sluice {

config::Catalog configCatalog(const std::vector<const RuleMeta*>& rules) {
  config::Catalog catalog;
  for (const RuleMeta* rule : rules) {
    config::RuleInfo info{std::string(rule->name), std::string(rule->code), {}};
    for (const RuleOptionSpec& option : rule->options) {
      info.options.push_back({std::string(option.name), option.type, std::string(option.description)});
    }
    catalog.rules.push_back(std::move(info));
  }
  // Every format a configuration may name (`file` is for single files on the command line).
  for (const std::string& name : formatNameList()) {
    if (name != "file") catalog.layouts.push_back(name);
  }
  return catalog;
}

Config defaultConfig(const std::vector<const RuleMeta*>& rules) {
  Config config;
  config.baseDir = std::filesystem::current_path();
  for (const RuleMeta* rule : rules) {
    RuleConfig& target = config.rules[std::string(rule->name)];
    for (const RuleOptionSpec& option : rule->options) {
      // Defaults are written in TOML so that docs and code show the same text.
      auto value = config::parseOptionDefault(option.type, option.defaultValue);
      if (value) target.options.set(std::string(option.name), std::move(*value));
    }
  }
  return config;
}

Config lintConfig(const config::LintSection& section, const std::vector<const RuleMeta*>& rules) {
  Config config = defaultConfig(rules);
  config.baseDir = section.baseDir;
  config.pgVersion = section.pgVersion;
  config.failOn = parseSeverity(section.failOn).value_or(Severity::Error);
  config.exclude = section.exclude;
  for (const auto& [name, setting] : section.rules) {
    RuleConfig& target = config.rules[name];
    if (setting.severity) target.severity = parseSeverity(*setting.severity);
    for (const auto& [option, value] : setting.options) target.options.set(option, value);
  }
  return config;
}

}  // namespace sluice
