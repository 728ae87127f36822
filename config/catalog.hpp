#pragma once
// What the configuration cannot know by itself: the rules (names, codes, options) and
// the migration layouts, which belong to the linter. The caller hands them in
// (linter/config.hpp builds this from the rule registry), so that `[rules]` and
// `migrations.layout` are validated where every other key is, with the same locations
// and suggestions.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace sluice::config {

enum class OptionKind { Integer, Boolean, String, StringList };
using OptionValue = std::variant<std::int64_t, bool, std::string, std::vector<std::string>>;

struct RuleOptionInfo {
  std::string name;
  OptionKind kind = OptionKind::Integer;
  std::string description;
};

struct RuleInfo {
  std::string name;  // kebab-case
  std::string code;  // also accepted as the key
  std::vector<RuleOptionInfo> options;
};

struct Catalog {
  std::vector<RuleInfo> rules;
  std::vector<std::string> layouts;
};

// The severities a rule can be set to under [rules].
inline const std::vector<std::string>& severityNames() {
  static const std::vector<std::string> kNames{"error", "warning", "off"};
  return kNames;
}

}  // namespace sluice::config
