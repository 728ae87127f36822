#pragma once
// The lint section of the configuration (config/ loads and validates `.sluice.toml`),
// resolved against the rule registry: each rule's severity and its options, the rule's
// defaults overridden by what the file sets.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/catalog.hpp"
#include "config/settings.hpp"
#include "linter/rule.hpp"

namespace sluice {

struct RuleConfig {
  std::optional<Severity> severity;
  RuleOptions options;  // defaults from the rule's metadata, then the file's values
};

struct Config {
  std::filesystem::path baseDir;  // `exclude` patterns are relative to this
  int pgVersion = 15;
  Severity failOn = Severity::Error;
  std::vector<std::string> exclude;                      // glob patterns, relative to baseDir
  std::map<std::string, RuleConfig, std::less<>> rules;  // by rule name, for every known rule
};

// What the configuration validates [rules] and `migrations.layout` against.
config::Catalog configCatalog(const std::vector<const RuleMeta*>& rules);

// Defaults for every rule, no file.
Config defaultConfig(const std::vector<const RuleMeta*>& rules);

// The lint section applied over the defaults. The section was validated against
// configCatalog(rules) when it was loaded.
Config lintConfig(const config::LintSection& section, const std::vector<const RuleMeta*>& rules);

}  // namespace sluice
