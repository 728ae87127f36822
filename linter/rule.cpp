#include "linter/rule.hpp"

#include <cassert>

namespace sluice {

std::string_view severityName(Severity severity) {
  switch (severity) {
    case Severity::Off: return "off";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "off";
}

std::optional<Severity> parseSeverity(std::string_view name) {
  if (name == "off") return Severity::Off;
  if (name == "warning" || name == "warn") return Severity::Warning;
  if (name == "error") return Severity::Error;
  return std::nullopt;
}

std::string_view categoryName(Category category) {
  switch (category) {
    case Category::Destructive: return "destructive";
    case Category::Locking: return "locking";
    case Category::Transaction: return "transaction";
    case Category::Size: return "size";
    case Category::Rollback: return "rollback";
    case Category::Layout: return "layout";
    case Category::Style: return "style";
    case Category::Syntax: return "syntax";
    case Category::Suppression: return "suppression";
  }
  return "other";
}

namespace {
template <class T>
const T& get(const std::map<std::string, RuleOptionValue, std::less<>>& values, std::string_view name) {
  auto it = values.find(name);
  // Options come from the rule's own metadata with defaults filled in: a missing one
  // is a bug in the rule, not in the user's configuration.
  assert(it != values.end() && std::holds_alternative<T>(it->second));
  return std::get<T>(it->second);
}
}  // namespace

std::int64_t RuleOptions::integer(std::string_view name) const { return get<std::int64_t>(values_, name); }
bool RuleOptions::boolean(std::string_view name) const { return get<bool>(values_, name); }
const std::string& RuleOptions::string(std::string_view name) const { return get<std::string>(values_, name); }
const std::vector<std::string>& RuleOptions::strings(std::string_view name) const {
  return get<std::vector<std::string>>(values_, name);
}

}  // namespace sluice
