#include "linter/type_change.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace sluice {
namespace {

bool isOneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The length limit of a varchar/varbit/bpchar; nullopt when unlimited.
std::optional<long> lengthOf(const ast::TypeInfo& type) {
  if (type.modifiers.empty()) return type.name == "bpchar" ? std::optional<long>(1) : std::nullopt;
  return type.modifiers.front();
}

// Fractional-second precision of time types; 6 when not written.
long precisionOf(const ast::TypeInfo& type) { return type.modifiers.empty() ? 6 : type.modifiers.front(); }

bool isTimeType(std::string_view name) {
  return isOneOf(name, {"timestamp", "timestamptz", "time", "timetz", "interval"});
}

// Integer and floating types in the order of the values they hold.
int numericRank(std::string_view name) {
  if (name == "int2") return 1;
  if (name == "int4") return 2;
  if (name == "int8") return 3;
  if (name == "float4") return 4;
  if (name == "float8") return 5;
  if (name == "numeric") return 6;
  return 0;
}

bool isString(std::string_view name) { return isOneOf(name, {"text", "varchar", "bpchar", "citext"}); }

}  // namespace

TypeChangeVerdict classifyTypeChange(const ast::TypeInfo& from, const ast::TypeInfo& to, int pgVersion) {
  TypeChangeVerdict verdict;
  if (!from.known || !to.known) return verdict;
  if (from.name == to.name && from.modifiers == to.modifiers && from.arrayDimensions == to.arrayDimensions) {
    verdict.cost = TypeChangeCost::None;
    return verdict;
  }
  // Arrays: even varchar[] -> text[] is rewritten (checked on PostgreSQL 15).
  if (from.arrayDimensions > 0 || to.arrayDimensions > 0) {
    if (from.arrayDimensions != to.arrayDimensions) return verdict;
    ast::TypeInfo fromElement = from;
    ast::TypeInfo toElement = to;
    fromElement.arrayDimensions = 0;
    toElement.arrayDimensions = 0;
    verdict.narrowing = classifyTypeChange(fromElement, toElement, pgVersion).narrowing;
    return verdict;
  }
  const std::string& a = from.name;
  const std::string& b = to.name;

  // varchar(n) -> varchar(m >= n), varchar, text; text -> varchar: binary coercible or
  // a length check that the planner proves cannot fail.
  if ((a == "varchar" || a == "text") && (b == "varchar" || b == "text")) {
    std::optional<long> oldLength = a == "varchar" ? lengthOf(from) : std::nullopt;
    std::optional<long> newLength = b == "varchar" ? lengthOf(to) : std::nullopt;
    if (!newLength || (oldLength && *newLength >= *oldLength)) {
      verdict.cost = TypeChangeCost::None;
    } else {
      verdict.narrowing = true;
    }
    return verdict;
  }
  // citext is binary coercible with text and varchar, but sorts differently: indexes
  // are rebuilt.
  if ((isOneOf(a, {"text", "varchar"}) && b == "citext") || (a == "citext" && b == "text") ||
      (a == "citext" && b == "varchar" && !lengthOf(to))) {
    verdict.cost = TypeChangeCost::IndexRebuild;
    return verdict;
  }
  if (a == "varbit" && b == "varbit") {
    std::optional<long> oldLength = lengthOf(from);
    std::optional<long> newLength = lengthOf(to);
    if (!newLength || (oldLength && *newLength >= *oldLength)) {
      verdict.cost = TypeChangeCost::None;
    } else {
      verdict.narrowing = true;
    }
    return verdict;
  }
  if (a == "numeric" && b == "numeric") {
    // numeric(p, s) -> numeric(q >= p, s) or unconstrained numeric: no rewrite.
    if (to.modifiers.empty()) {
      verdict.cost = TypeChangeCost::None;
      return verdict;
    }
    if (from.modifiers.empty()) {
      verdict.narrowing = true;
      return verdict;
    }
    long p = from.modifiers[0];
    long s = from.modifiers.size() > 1 ? from.modifiers[1] : 0;
    long q = to.modifiers[0];
    long t = to.modifiers.size() > 1 ? to.modifiers[1] : 0;
    if (t == s && q >= p) {
      verdict.cost = TypeChangeCost::None;
    } else {
      verdict.narrowing = t < s || q - t < p - s;
      verdict.lossy = t < s;
    }
    return verdict;
  }
  if (isTimeType(a) && a == b) {
    // Precision can grow without a rewrite.
    if (to.modifiers.empty() || precisionOf(to) >= precisionOf(from)) {
      verdict.cost = TypeChangeCost::None;
    } else {
      verdict.narrowing = true;
      verdict.lossy = true;
    }
    return verdict;
  }
  if ((a == "timestamp" && b == "timestamptz") || (a == "timestamptz" && b == "timestamp")) {
    verdict.cost = pgVersion >= 12 ? TypeChangeCost::RewriteUnlessUtc : TypeChangeCost::Rewrite;
    verdict.narrowing = !to.modifiers.empty() && precisionOf(to) < precisionOf(from);
    verdict.lossy = verdict.narrowing;
    return verdict;
  }
  if (a == "cidr" && b == "inet") {
    verdict.cost = TypeChangeCost::None;
    return verdict;
  }
  if (a == "inet" && b == "cidr") {
    verdict.narrowing = true;  // host bits must be zero: values are rejected
    return verdict;
  }
  if (a == "bit" && b == "bit") {
    verdict.narrowing = lengthOf(to).value_or(1) < lengthOf(from).value_or(1);
    return verdict;
  }
  // Everything else is rewritten; say whether values can be lost on the way.
  if (isString(b)) {
    std::optional<long> newLength = lengthOf(to);
    std::optional<long> oldLength = isString(a) ? lengthOf(from) : std::nullopt;
    if (b != "text" && b != "citext" && newLength && (!oldLength || *newLength < *oldLength)) verdict.narrowing = true;
    return verdict;
  }
  int fromRank = numericRank(a);
  int toRank = numericRank(b);
  if (fromRank > 0 && toRank > 0) {
    // int -> float loses digits of large values; float -> int and numeric -> int round.
    bool integerTarget = toRank <= 3;
    verdict.narrowing = toRank < fromRank || (fromRank >= 4 && integerTarget) || (b == "float4" && a == "int8");
    if (b == "numeric" && !to.modifiers.empty()) verdict.narrowing = true;
    // Integers that do not fit are rejected; fractions are rounded away.
    verdict.lossy = (fromRank >= 4 && integerTarget) || (a == "float8" && b == "float4") ||
                    (fromRank >= 4 && b == "numeric" && !to.modifiers.empty());
    return verdict;
  }
  if ((a == "timestamp" || a == "timestamptz") && (b == "date" || b == "time" || b == "timetz")) {
    verdict.narrowing = true;
    verdict.lossy = true;
    return verdict;
  }
  return verdict;
}

bool usingKeepsValues(const ast::Node* expression, std::string_view column) {
  if (expression == nullptr) return true;
  const ast::Node* node = expression;
  // (column)::type, CAST(column AS type)
  if (node->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && node->type_cast->arg != nullptr) node = node->type_cast->arg;
  if (node->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return false;
  const PgQuery__ColumnRef* ref = node->column_ref;
  if (ref->n_fields == 0) return false;
  return ast::stringValue(ref->fields[ref->n_fields - 1]) == column;
}

}  // namespace sluice
