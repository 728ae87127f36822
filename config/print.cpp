#include "config/print.hpp"

#include <nlohmann/json.hpp>

#include "config/values.hpp"

namespace sluice::config {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Value shownValue(const Entry& entry) {
  if (entry.spec != nullptr && entry.spec->type == KeyType::Path) {
    if (const auto* text = std::get_if<std::string>(&entry.value)) return Value(shownPath(*text));
  }
  return entry.value;
}

std::string fromText(const Entry& entry) {
  std::string from = entry.origin.describe();
  if (entry.origin.kind == Origin::Kind::Default && entry.spec != nullptr && entry.spec->computedDefault &&
      std::holds_alternative<std::monostate>(entry.value)) {
    from += ": " + std::string(entry.spec->defaultValue);
  }
  if (entry.spec != nullptr && entry.spec->reserved) from += ", reserved";
  return from;
}

json jsonValue(const Value& value) {
  struct ToJson {
    json operator()(std::monostate) const { return nullptr; }
    json operator()(const std::string& text) const { return text; }
    json operator()(std::int64_t number) const { return number; }
    json operator()(bool flag) const { return flag; }
    json operator()(Duration duration) const { return formatDuration(duration); }
    json operator()(ByteSize size) const { return formatByteSize(size); }
    json operator()(const std::vector<std::string>& items) const { return items; }
    json operator()(const Secret& /*secret*/) const { return std::string(Secret::kMasked); }
  };
  return std::visit(ToJson{}, value);
}

}  // namespace

void writeSettingsText(const Settings& settings, std::ostream& out) {
  out << "configuration file: " << (settings.file ? shownPath(*settings.file) : "none (defaults)") << "\n\n";
  std::vector<std::array<std::string, 3>> rows{{"KEY", "VALUE", "FROM"}};
  for (const Entry& entry : settings.entries)
    rows.push_back({entry.key, displayValue(shownValue(entry)), fromText(entry)});
  std::size_t keyWidth = 0;
  std::size_t valueWidth = 0;
  for (const auto& row : rows) {
    keyWidth = std::max(keyWidth, row[0].size());
    valueWidth = std::max(valueWidth, row[1].size());
  }
  for (const auto& row : rows) {
    out << row[0] << std::string(keyWidth - row[0].size() + 2, ' ') << row[1]
        << std::string(valueWidth - row[1].size() + 2, ' ') << row[2] << "\n";
  }
}

void writeSettingsJson(const Settings& settings, std::ostream& out) {
  json entries = json::array();
  for (const Entry& entry : settings.entries) {
    json item = {{"key", entry.key}, {"value", jsonValue(shownValue(entry))}, {"from", entry.origin.kindName()}};
    if (!entry.origin.name.empty()) item["source"] = entry.origin.name;
    if (entry.spec != nullptr && entry.spec->reserved) item["reserved"] = true;
    if (std::holds_alternative<Secret>(entry.value) || (entry.spec != nullptr && entry.spec->type == KeyType::Secret)) {
      item["secret"] = true;
    }
    entries.push_back(std::move(item));
  }
  json warnings = json::array();
  for (const Error& warning : settings.warnings) {
    warnings.push_back({{"message", warning.message}, {"location", warning.location}});
  }
  json document = {{"file", settings.file ? json(shownPath(*settings.file)) : json(nullptr)},
                   {"settings", entries},
                   {"warnings", warnings}};
  out << document.dump(2) << "\n";
}

}  // namespace sluice::config
