#include "config/values.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace sluice::config {
namespace {

Error wrong(std::string message, std::string hint = {}) {
  return Error(ErrorCode::Config, std::move(message), std::move(hint));
}

std::string quotedList(std::span<const std::string_view> names) {
  std::vector<std::string> quoted;
  for (std::string_view name : names) quoted.push_back("\"" + std::string(name) + "\"");
  if (quoted.size() <= 1) return join(quoted, "");
  std::string last = quoted.back();
  quoted.pop_back();
  return join(quoted, ", ") + " or " + last;
}

Expected<Value> choice(std::string_view text, std::span<const std::string_view> choices) {
  for (std::string_view candidate : choices) {
    if (candidate == text) return Value(std::string(text));
  }
  std::vector<std::string> names(choices.begin(), choices.end());
  return wrong("must be " + quotedList(choices) + ", not \"" + std::string(text) + "\"", didYouMean(text, names));
}

Expected<Value> layout(std::string_view text, const Catalog& catalog) {
  if (std::find(catalog.layouts.begin(), catalog.layouts.end(), text) != catalog.layouts.end()) {
    return Value(std::string(text));
  }
  std::string hint = didYouMean(text, catalog.layouts);
  if (hint.empty()) hint = "one of " + join(catalog.layouts, ", ");
  return wrong("unknown layout `" + std::string(text) + "`", hint);
}

Status inRange(const KeySpec& spec, std::int64_t number, const std::string& shown,
               std::string (*format)(std::int64_t)) {
  if (number >= spec.min && number <= spec.max) return {};
  if (spec.min != std::numeric_limits<std::int64_t>::min() && spec.max != std::numeric_limits<std::int64_t>::max()) {
    return wrong("must be between " + format(spec.min) + " and " + format(spec.max) + ", not " + shown);
  }
  if (number < spec.min) return wrong("must be at least " + format(spec.min) + ", not " + shown);
  return wrong("must be at most " + format(spec.max) + ", not " + shown);
}

std::string integerText(std::int64_t number) { return std::to_string(number); }
std::string durationText(std::int64_t ms) { return formatDuration(Duration(std::chrono::milliseconds(ms))); }

Expected<Value> checked(const KeySpec& spec, Value value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    if (auto status = inRange(spec, *number, std::to_string(*number), integerText); !status) return status.takeError();
  }
  if (const auto* duration = std::get_if<Duration>(&value)) {
    if (auto status = inRange(spec, duration->milliseconds(), formatDuration(*duration), durationText); !status) {
      return status.takeError();
    }
  }
  return value;
}

Expected<Value> fromString(const KeySpec& spec, std::string_view text, const Catalog& catalog) {
  switch (spec.type) {
    case KeyType::String:
    case KeyType::Path: return Value(std::string(text));
    case KeyType::Secret: return Value(Secret(std::string(text)));
    case KeyType::Choice: return choice(text, spec.choices);
    case KeyType::Layout: return layout(text, catalog);
    case KeyType::Duration: {
      auto duration = parseDuration(text);
      if (!duration) return duration.takeError();
      return checked(spec, *duration);
    }
    case KeyType::ByteSize: {
      auto size = parseByteSize(text);
      if (!size) return size.takeError();
      return Value(*size);
    }
    default: return wrong("must be " + expectedForm(spec));
  }
}

}  // namespace

std::string expectedForm(const KeySpec& spec) {
  switch (spec.type) {
    case KeyType::String: return "a string";
    case KeyType::Path: return "a path (a string)";
    case KeyType::Secret: return "a string";
    case KeyType::Integer: return "an integer";
    case KeyType::Boolean: return "true or false";
    case KeyType::Duration: return "a duration such as \"5s\", \"500ms\" or \"7d\"";
    case KeyType::ByteSize: return "a size such as \"512MB\" or \"20GB\"";
    case KeyType::Choice: return quotedList(spec.choices);
    case KeyType::ChoiceList: return "an array of " + quotedList(spec.choices);
    case KeyType::StringList: return "an array of strings";
    case KeyType::Layout: return "a layout name (a string)";
  }
  return "a value";
}

Expected<Value> valueFromToml(const KeySpec& spec, const TomlValue& value, const Catalog& catalog) {
  auto mismatch = [&] { return wrong("must be " + expectedForm(spec) + ", not " + std::string(value.kindName())); };
  switch (spec.type) {
    case KeyType::Integer:
      if (value.kind != TomlValue::Kind::Integer) return mismatch();
      return checked(spec, Value(value.integer));
    case KeyType::Boolean:
      if (value.kind != TomlValue::Kind::Boolean) return mismatch();
      return Value(value.boolean);
    case KeyType::Duration:
    case KeyType::ByteSize:
      if (value.kind == TomlValue::Kind::Integer) {
        // A bare number: say which unit to add rather than guessing one.
        std::string number = std::to_string(value.integer);
        std::string units = spec.type == KeyType::Duration ? "\"" + number + "s\" or \"" + number + "ms\""
                                                           : "\"" + number + "MB\" or \"" + number + "kB\"";
        return wrong("`" + number + "` has no unit", "add a unit, as a string: " + units);
      }
      if (value.kind != TomlValue::Kind::String) return mismatch();
      return fromString(spec, value.string, catalog);
    case KeyType::StringList:
    case KeyType::ChoiceList: {
      if (value.kind != TomlValue::Kind::Array) return mismatch();
      std::vector<std::string> items;
      for (const TomlValue& item : value.array) {
        if (item.kind != TomlValue::Kind::String) return mismatch();
        if (spec.type == KeyType::ChoiceList) {
          if (auto valid = choice(item.string, spec.choices); !valid) return valid.takeError();
        }
        items.push_back(item.string);
      }
      return Value(std::move(items));
    }
    default:
      if (value.kind != TomlValue::Kind::String) return mismatch();
      return fromString(spec, value.string, catalog);
  }
}

Expected<Value> valueFromText(const KeySpec& spec, std::string_view text, const Catalog& catalog) {
  switch (spec.type) {
    case KeyType::Integer: {
      auto number = wholeNumber<std::int64_t>(trim(text));
      if (!number) return wrong("`" + std::string(text) + "` is not an integer");
      return checked(spec, Value(*number));
    }
    case KeyType::Boolean:
      if (text == "true" || text == "1" || text == "yes") return Value(true);
      if (text == "false" || text == "0" || text == "no") return Value(false);
      return wrong("`" + std::string(text) + "` is not true or false");
    case KeyType::StringList:
    case KeyType::ChoiceList: {
      std::vector<std::string> items;
      for (std::string_view item : split(text, ',')) {
        item = trim(item);
        if (item.empty()) continue;
        if (spec.type == KeyType::ChoiceList) {
          if (auto valid = choice(item, spec.choices); !valid) return valid.takeError();
        }
        items.emplace_back(item);
      }
      return Value(std::move(items));
    }
    default: return fromString(spec, text, catalog);
  }
}

Value defaultValue(const KeySpec& spec) {
  if (spec.computedDefault || spec.defaultValue.empty()) return {};
  if (spec.type == KeyType::StringList || spec.type == KeyType::ChoiceList) {
    return Value(std::vector<std::string>());  // the table writes list defaults as []
  }
  auto value = valueFromText(spec, spec.defaultValue, Catalog{});
  return value ? std::move(*value) : Value();
}

Expected<OptionValue> optionFromToml(const RuleOptionInfo& option, const TomlValue& value) {
  auto mismatch = [&](std::string_view expected) {
    return Error(
        ErrorCode::Config,
        "option `" + option.name + "` must be " + std::string(expected) + ", not " + std::string(value.kindName()),
        option.description);
  };
  switch (option.kind) {
    case OptionKind::Integer:
      if (value.kind != TomlValue::Kind::Integer) return mismatch("an integer");
      if (value.integer < 0) return Error(ErrorCode::Config, "option `" + option.name + "` cannot be negative");
      return OptionValue(value.integer);
    case OptionKind::Boolean:
      if (value.kind != TomlValue::Kind::Boolean) return mismatch("true or false");
      return OptionValue(value.boolean);
    case OptionKind::String:
      if (value.kind != TomlValue::Kind::String) return mismatch("a string");
      return OptionValue(value.string);
    case OptionKind::StringList: {
      if (value.kind != TomlValue::Kind::Array) return mismatch("an array of strings");
      std::vector<std::string> items;
      for (const TomlValue& item : value.array) {
        if (item.kind != TomlValue::Kind::String) return mismatch("an array of strings");
        items.push_back(item.string);
      }
      return OptionValue(std::move(items));
    }
  }
  return mismatch("a value");
}

Value toValue(const OptionValue& option) {
  return std::visit([](const auto& value) { return Value(value); }, option);
}

std::string displayValue(const Value& value) {
  struct Show {
    std::string operator()(std::monostate) const { return "-"; }
    std::string operator()(const std::string& text) const { return "\"" + text + "\""; }
    std::string operator()(std::int64_t number) const { return std::to_string(number); }
    std::string operator()(bool flag) const { return flag ? "true" : "false"; }
    std::string operator()(Duration duration) const { return "\"" + formatDuration(duration) + "\""; }
    std::string operator()(ByteSize size) const { return "\"" + formatByteSize(size) + "\""; }
    std::string operator()(const std::vector<std::string>& items) const {
      std::vector<std::string> quoted;
      for (const std::string& item : items) quoted.push_back("\"" + item + "\"");
      return "[" + join(quoted, ", ") + "]";
    }
    std::string operator()(const Secret& /*secret*/) const { return std::string(Secret::kMasked); }
  };
  return std::visit(Show{}, value);
}

}  // namespace sluice::config
