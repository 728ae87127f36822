#pragma once
// Reading one value of a key's type, from TOML or from the text of a flag or variable,
// and showing it again. Errors carry no location: the loader adds where the value was.

#include <string>
#include <string_view>

#include "common/error.hpp"
#include "common/toml.hpp"
#include "config/catalog.hpp"
#include "config/keys.hpp"
#include "config/settings.hpp"

namespace sluice::config {

// What a value of this key looks like, for messages: "a duration such as \"5s\"".
std::string expectedForm(const KeySpec& spec);

Expected<Value> valueFromToml(const KeySpec& spec, const TomlValue& value, const Catalog& catalog);
Expected<Value> valueFromText(const KeySpec& spec, std::string_view text, const Catalog& catalog);

// The key's default as a value; monostate when it has none or it is computed.
Value defaultValue(const KeySpec& spec);

// A rule option's value from TOML.
Expected<OptionValue> optionFromToml(const RuleOptionInfo& option, const TomlValue& value);
Value toValue(const OptionValue& option);

// How `sluice config` shows a value: 15, true, "5s", "prisma/migrations", ["a", "b"],
// *** for secrets, and "-" when unset.
std::string displayValue(const Value& value);

}  // namespace sluice::config
