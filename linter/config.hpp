#pragma once
// .sluice.toml: found upward from the linted path (or given with --config). The linter
// owns the top-level keys and [rules]; other sections ([migrations], [deploy],
// [snapshot], [verify]) are read by their modules from `document`, but every key of
// every section is checked here, so a typo anywhere is an error with a suggestion.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/toml.hpp"
#include "linter/rule.hpp"

namespace sluice {

struct RuleConfig {
  std::optional<Severity> severity;
  RuleOptions options;  // defaults from the rule's metadata, then the file's values
};

struct Config {
  std::optional<std::filesystem::path> file;  // where it was read from
  std::filesystem::path baseDir;              // relative paths in the file are relative to this
  int pgVersion = 15;
  Severity failOn = Severity::Error;
  std::vector<std::string> exclude;                      // glob patterns, relative to baseDir
  std::map<std::string, RuleConfig, std::less<>> rules;  // by rule name, for every known rule
  TomlValue document;                                    // the whole file, for the other modules' sections

  // The value at "section.key", or null.
  [[nodiscard]] const TomlValue* value(std::string_view section, std::string_view key) const;
  // "file:line:column" of a value, for errors about it.
  [[nodiscard]] std::string where(const TomlValue& value) const;
};

inline constexpr const char* kConfigFileName = ".sluice.toml";

// The nearest .sluice.toml at or above `start` (a file or a directory).
std::optional<std::filesystem::path> findConfig(const std::filesystem::path& start);

// Defaults for every rule, no file.
Config defaultConfig(const std::vector<const RuleMeta*>& rules);

// Reads and validates a configuration file.
Expected<Config> loadConfig(const std::filesystem::path& file, const std::vector<const RuleMeta*>& rules);

// Parses a rule option's value (from TOML or from a default written as TOML).
Expected<RuleOptionValue> ruleOptionValue(const RuleOptionSpec& spec, const TomlValue& value, const std::string& where);

}  // namespace sluice
