#include "verify/schema_diff.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "common/text.hpp"

namespace sluice {
namespace {

std::string quoted(const std::string& name) { return "`" + name + "`"; }

// 'now'::timestamp in a view or a default is frozen when the statement runs: two
// identical definitions created a second apart differ only in that literal.
std::string withoutFrozenTimes(const std::string& value) {
  static const std::regex frozen(R"('\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:\d{2})?)?'::timestamp)");
  return std::regex_replace(value, frozen, "'<time>'::timestamp");
}

std::vector<std::string> enumValues(const std::string& list) {
  std::vector<std::string> values;
  for (std::string_view value : split(list, ',')) values.emplace_back(trim(value));
  return values;
}

// The common columns in the order of `list`.
std::vector<std::string> commonColumns(const std::string& list, const std::string& other) {
  std::vector<std::string> names = enumValues(list);
  std::vector<std::string> others = enumValues(other);
  std::vector<std::string> out;
  for (const std::string& name : names) {
    if (std::find(others.begin(), others.end(), name) != others.end()) out.push_back(name);
  }
  return out;
}

std::string listValues(const std::vector<std::string>& values) {
  std::vector<std::string> shown;
  shown.reserve(values.size());
  for (const std::string& value : values) shown.push_back(quoted(value));
  return join(shown, ", ");
}

// Enum value changes, said by value: the usual mistake is a rollback that recreates the
// type and forgets (or adds) a value.
std::vector<SchemaDifference> enumDifferences(const CatalogObject& object, const std::string& before,
                                              const std::string& after) {
  std::vector<std::string> was = enumValues(before);
  std::vector<std::string> now = enumValues(after);
  std::vector<std::string> lost;
  std::vector<std::string> left;
  for (const std::string& value : was) {
    if (std::find(now.begin(), now.end(), value) == now.end()) lost.push_back(value);
  }
  for (const std::string& value : now) {
    if (std::find(was.begin(), was.end(), value) == was.end()) left.push_back(value);
  }
  std::vector<SchemaDifference> out;
  SchemaDifference base;
  base.kind = SchemaDifference::Kind::Changed;
  base.objectKind = object.kind;
  base.objectName = object.name;
  base.property = "values";
  base.before = before;
  base.after = after;
  if (!lost.empty()) {
    SchemaDifference difference = base;
    difference.message = "rollback drops value" + std::string(lost.size() > 1 ? "s " : " ") + listValues(lost) +
                         " of enum " + quoted(object.name) + ", which existed before the migration";
    out.push_back(difference);
  }
  if (!left.empty()) {
    SchemaDifference difference = base;
    difference.message = "rollback leaves value" + std::string(left.size() > 1 ? "s " : " ") + listValues(left) +
                         " in enum " + quoted(object.name);
    out.push_back(difference);
  }
  if (out.empty()) {
    SchemaDifference difference = base;
    difference.message = "enum " + quoted(object.name) + " has its values in a different order after the rollback (" +
                         after + "; before: " + before + ")";
    out.push_back(difference);
  }
  return out;
}

SchemaDifference changed(const CatalogObject& object, const std::string& property, const std::string& before,
                         const std::string& after) {
  SchemaDifference difference;
  difference.kind = SchemaDifference::Kind::Changed;
  difference.objectKind = object.kind;
  difference.objectName = object.name;
  difference.property = property;
  difference.before = before;
  difference.after = after;
  std::string what = object.kind + " " + quoted(object.name);
  auto shown = [](const std::string& value) { return value.empty() ? std::string("none") : value; };
  if (property == "definition") {
    bool onlyAfter = before.empty();
    bool onlyBefore = after.empty();
    if (!onlyAfter && !onlyBefore) {
      difference.message = what + " recreated with a different definition";
    } else {
      difference.message = what + " has a different definition after the rollback";
    }
  } else if (property == "columns") {
    difference.minor = true;
    difference.message = what + " has its columns in another order after the rollback (" + after +
                         "; before: " + before +
                         "): a column dropped and re-added goes to the end, so `SELECT *`, COPY without a column "
                         "list and INSERT without one see another order";
  } else {
    difference.message = what + " has a different " + property + " after the rollback: " + shown(after) +
                         " (before the migration: " + shown(before) + ")";
  }
  return difference;
}

}  // namespace

std::vector<SchemaDifference> diffSchemas(const CatalogSnapshot& before, const CatalogSnapshot& after) {
  std::vector<SchemaDifference> out;
  // Tables (and views) that exist on one side only: their children are not listed.
  std::set<std::string> wholeTables;
  auto isRelation = [](const CatalogObject& object) {
    return object.kind == "table" || object.kind == "view" || object.kind == "materialized view" ||
           object.kind == "foreign table";
  };
  for (const auto& [key, object] : after) {
    if (isRelation(object) && before.find(key) == before.end()) wholeTables.insert(object.name);
  }
  for (const auto& [key, object] : before) {
    if (isRelation(object) && after.find(key) == after.end()) wholeTables.insert(object.name);
  }

  for (const auto& [key, object] : after) {
    if (before.find(key) != before.end()) continue;
    if (!object.parent.empty() && wholeTables.count(object.parent) != 0) continue;
    SchemaDifference difference;
    difference.kind = SchemaDifference::Kind::Left;
    difference.objectKind = object.kind;
    difference.objectName = object.name;
    difference.message = "rollback leaves " + object.kind + " " + quoted(object.name);
    out.push_back(std::move(difference));
  }
  for (const auto& [key, object] : before) {
    auto now = after.find(key);
    if (now == after.end()) {
      if (!object.parent.empty() && wholeTables.count(object.parent) != 0) continue;
      SchemaDifference difference;
      difference.kind = SchemaDifference::Kind::Missing;
      difference.objectKind = object.kind;
      difference.objectName = object.name;
      difference.message = "rollback does not restore " + object.kind + " " + quoted(object.name) +
                           ", which existed before the migration";
      out.push_back(std::move(difference));
      continue;
    }
    std::set<std::string> properties;
    for (const auto& [property, value] : object.properties) properties.insert(property);
    for (const auto& [property, value] : now->second.properties) properties.insert(property);
    for (const std::string& property : properties) {
      auto was = object.properties.find(property);
      auto is = now->second.properties.find(property);
      std::string wasValue = was != object.properties.end() ? was->second : std::string();
      std::string isValue = is != now->second.properties.end() ? is->second : std::string();
      if (wasValue == isValue) continue;
      if ((property == "definition" || property == "default") &&
          withoutFrozenTimes(wasValue) == withoutFrozenTimes(isValue)) {
        continue;
      }
      // Columns left over or missing are reported on their own; only the order of the
      // columns both sides have is a difference here.
      if (property == "columns" && commonColumns(wasValue, isValue) == commonColumns(isValue, wasValue)) continue;
      if (object.kind == "enum" && property == "values") {
        for (SchemaDifference& difference : enumDifferences(object, wasValue, isValue)) {
          out.push_back(std::move(difference));
        }
        continue;
      }
      out.push_back(changed(object, property, wasValue, isValue));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const SchemaDifference& a, const SchemaDifference& b) {
    if (a.minor != b.minor) return !a.minor;
    return a.objectName < b.objectName;
  });
  return out;
}

}  // namespace sluice
