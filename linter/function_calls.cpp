#include "linter/function_calls.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>
#include <utility>

namespace sluice {
namespace {

// pg_type's typcategory and typispreferred on PostgreSQL 15.
struct TypeCategory {
  std::string_view type;
  char category;
  bool preferred;
};
constexpr std::array<TypeCategory, 21> kCategories{{
    {"bool", 'B', true},     {"int2", 'N', false},   {"int4", 'N', false},      {"int8", 'N', false},
    {"numeric", 'N', false}, {"float4", 'N', false}, {"float8", 'N', true},     {"text", 'S', true},
    {"varchar", 'S', false}, {"bpchar", 'S', false}, {"name", 'S', false},      {"date", 'D', false},
    {"time", 'D', false},    {"timetz", 'D', false}, {"timestamp", 'D', false}, {"timestamptz", 'D', true},
    {"interval", 'T', true}, {"uuid", 'U', false},   {"json", 'U', false},      {"jsonb", 'U', false},
    {"bytea", 'U', false},
}};

// pg_cast's implicit casts between those types on PostgreSQL 15 (castcontext 'i').
constexpr std::array<std::pair<std::string_view, std::string_view>, 30> kImplicitCasts{{
    {"int2", "int4"},      {"int2", "int8"},      {"int2", "numeric"},     {"int2", "float4"},
    {"int2", "float8"},    {"int4", "int8"},      {"int4", "numeric"},     {"int4", "float4"},
    {"int4", "float8"},    {"int8", "numeric"},   {"int8", "float4"},      {"int8", "float8"},
    {"numeric", "float4"}, {"numeric", "float8"}, {"float4", "float8"},    {"text", "varchar"},
    {"text", "bpchar"},    {"text", "name"},      {"varchar", "text"},     {"varchar", "bpchar"},
    {"varchar", "name"},   {"bpchar", "text"},    {"bpchar", "varchar"},   {"bpchar", "name"},
    {"name", "text"},      {"date", "timestamp"}, {"date", "timestamptz"}, {"timestamp", "timestamptz"},
    {"time", "interval"},  {"time", "timetz"},
}};

bool isArray(std::string_view type) { return type.ends_with("[]"); }

// Category and preference of a type sluice knows; arrays are category A, not preferred.
std::optional<TypeCategory> categoryOf(std::string_view type) {
  if (isArray(type)) return TypeCategory{type, 'A', false};
  for (const TypeCategory& known : kCategories) {
    if (known.type == type) return known;
  }
  return std::nullopt;
}

enum class Accepts { Yes, No, Maybe };

// Whether a value of type `from` is implicitly coerced to parameter type `to`.
Accepts implicitlyCoerced(std::string_view from, std::string_view to) {
  if (from == to) return Accepts::Yes;
  if (isArray(from) && isArray(to)) {
    // Arrays coerce element-wise when their elements do.
    return implicitlyCoerced(from.substr(0, from.size() - 2), to.substr(0, to.size() - 2));
  }
  std::optional<TypeCategory> source = categoryOf(from);
  std::optional<TypeCategory> target = categoryOf(to);
  // A domain, an enum, a polymorphic type, a user-defined cast: not known here.
  if (!source || !target) return Accepts::Maybe;
  bool cast = std::find(kImplicitCasts.begin(), kImplicitCasts.end(), std::pair{from, to}) != kImplicitCasts.end();
  return cast ? Accepts::Yes : Accepts::No;
}

// An overload as a call with that many arguments sees it: one parameter type per
// argument (defaults left out, a variadic parameter expanded to its element type).
struct Candidate {
  std::size_t index = 0;
  std::vector<std::string> types;
  bool variadic = false;
};

std::optional<Candidate> candidateFor(std::size_t index, const FunctionSignature& signature, std::size_t count) {
  if (!signature.accepts(count)) return std::nullopt;
  Candidate candidate{index, {}, signature.variadic};
  for (std::size_t i = 0; i < count; ++i) {
    if (signature.variadic && i + 1 >= signature.arguments.size()) {
      std::string_view last = signature.arguments.back();
      candidate.types.emplace_back(isArray(last) ? last.substr(0, last.size() - 2) : last);
    } else {
      candidate.types.push_back(signature.arguments[i]);
    }
  }
  return candidate;
}

// Overloads that look the same to the call: a plain one wins over a variadic one;
// otherwise both stay (PostgreSQL reports the call as not unique).
void dropShadowedVariadics(std::vector<Candidate>& candidates) {
  std::vector<Candidate> kept;
  for (const Candidate& candidate : candidates) {
    bool shadowed =
        candidate.variadic && std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& other) {
          return !other.variadic && other.types == candidate.types;
        });
    if (!shadowed) kept.push_back(candidate);
  }
  candidates = std::move(kept);
}

// Keeps the candidates with the highest score, all of them when they tie.
template <class Score>
void keepBest(std::vector<Candidate>& candidates, Score&& score) {
  std::vector<int> scores;
  scores.reserve(candidates.size());
  for (const Candidate& candidate : candidates) scores.push_back(score(candidate));
  int best = *std::max_element(scores.begin(), scores.end());
  std::vector<Candidate> kept;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (scores[i] == best) kept.push_back(std::move(candidates[i]));
  }
  candidates = std::move(kept);
}

std::vector<std::size_t> indexes(const std::vector<Candidate>& candidates) {
  std::vector<std::size_t> out;
  out.reserve(candidates.size());
  for (const Candidate& candidate : candidates) out.push_back(candidate.index);
  return out;
}

// The category PostgreSQL gives an unknown-typed argument: the string category if a
// candidate takes one there, else the one category all take; and whether a candidate
// takes that category's preferred type there.
struct UnknownSlot {
  char category = 0;  // 0: PostgreSQL cannot choose (the categories conflict)
  bool preferred = false;
};

// One slot per argument (typed ones left empty); nullopt when a candidate takes an
// unknown-typed argument as a type sluice does not categorise.
std::optional<std::vector<UnknownSlot>> unknownSlots(const std::vector<Candidate>& candidates,
                                                     const std::vector<CallArgument>& arguments) {
  std::vector<UnknownSlot> slots(arguments.size());
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i].kind != CallArgument::Kind::Unknown) continue;
    UnknownSlot& slot = slots[i];
    bool conflict = false;
    for (const Candidate& candidate : candidates) {
      std::optional<TypeCategory> taken = categoryOf(candidate.types[i]);
      if (!taken) return std::nullopt;
      if (slot.category == 0 || (taken->category == 'S' && slot.category != 'S')) {
        slot = {taken->category, taken->preferred};
      } else if (taken->category == slot.category) {
        slot.preferred = slot.preferred || taken->preferred;
      } else {
        conflict = true;
      }
    }
    if (conflict && slot.category != 'S') slot.category = 0;
  }
  return slots;
}

}  // namespace

std::string signatureType(const PgQuery__TypeName* type) {
  ast::TypeInfo info = ast::typeInfo(type);
  std::string out = info.name;
  for (int i = 0; i < info.arrayDimensions; ++i) out += "[]";
  return out;
}

std::vector<CallArgument> callArguments(const PgQuery__FuncCall* call) {
  std::vector<CallArgument> out(call->n_args);
  if (call->func_variadic) return out;
  for (std::size_t i = 0; i < call->n_args; ++i) {
    const ast::Node* argument = call->args[i];
    if (argument->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) return std::vector<CallArgument>(call->n_args);
    CallArgument& typed = out[i];
    if (argument->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
      typed = {CallArgument::Kind::Typed, signatureType(argument->type_cast->type_name)};
      continue;
    }
    if (argument->node_case != PG_QUERY__NODE__NODE_A_CONST) continue;
    const PgQuery__AConst* constant = argument->a_const;
    if (constant->isnull) {
      typed.kind = CallArgument::Kind::Unknown;
      continue;
    }
    switch (constant->val_case) {
      case PG_QUERY__A__CONST__VAL_IVAL: typed = {CallArgument::Kind::Typed, "int4"}; break;
      case PG_QUERY__A__CONST__VAL_FVAL: {
        // An integer too large for int4 comes as a float node: int8 when it fits, as
        // PostgreSQL types it, else numeric.
        std::string_view digits = constant->fval->fval != nullptr ? constant->fval->fval : "";
        if (digits.starts_with('-')) digits.remove_prefix(1);
        bool integer = !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c)) != 0;
        });
        bool fitsInt8 = integer && (digits.size() < 19 || (digits.size() == 19 && digits <= "9223372036854775807"));
        typed = {CallArgument::Kind::Typed, fitsInt8 ? "int8" : "numeric"};
        break;
      }
      case PG_QUERY__A__CONST__VAL_BOOLVAL: typed = {CallArgument::Kind::Typed, "bool"}; break;
      case PG_QUERY__A__CONST__VAL_SVAL: typed.kind = CallArgument::Kind::Unknown; break;
      case PG_QUERY__A__CONST__VAL_BSVAL: typed = {CallArgument::Kind::Typed, "bit"}; break;
      default: break;
    }
  }
  return out;
}

std::vector<std::size_t> possibleOverloads(const std::vector<const FunctionSignature*>& signatures,
                                           const std::vector<CallArgument>& arguments) {
  using Kind = CallArgument::Kind;
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    if (auto candidate = candidateFor(i, *signatures[i], arguments.size())) candidates.push_back(std::move(*candidate));
  }
  dropShadowedVariadics(candidates);
  auto kindIs = [](Kind kind) { return [kind](const CallArgument& argument) { return argument.kind == kind; }; };
  if (candidates.empty() || std::any_of(arguments.begin(), arguments.end(), kindIs(Kind::Opaque))) {
    return indexes(candidates);
  }

  // An exact match.
  if (std::all_of(arguments.begin(), arguments.end(), kindIs(Kind::Typed))) {
    std::vector<Candidate> exact;
    for (const Candidate& candidate : candidates) {
      bool same = true;
      for (std::size_t i = 0; i < arguments.size() && same; ++i) same = candidate.types[i] == arguments[i].type;
      if (same) exact.push_back(candidate);
    }
    if (!exact.empty()) return indexes(exact);
  }

  // The overloads the arguments reach by implicit casts (a string literal or NULL
  // reaches any).
  bool undecided = false;
  std::erase_if(candidates, [&](const Candidate& candidate) {
    bool maybe = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
      if (arguments[i].kind == Kind::Unknown) continue;
      Accepts accepts = implicitlyCoerced(arguments[i].type, candidate.types[i]);
      if (accepts == Accepts::No) return true;
      maybe = maybe || accepts == Accepts::Maybe;
    }
    undecided = undecided || maybe;
    return false;
  });
  if (candidates.size() <= 1 || undecided) return indexes(candidates);

  // The most exact matches, then the most preferred types where a cast is needed.
  keepBest(candidates, [&](const Candidate& candidate) {
    int matches = 0;
    for (std::size_t i = 0; i < arguments.size(); ++i)
      matches += arguments[i].kind == Kind::Typed && candidate.types[i] == arguments[i].type ? 1 : 0;
    return matches;
  });
  if (candidates.size() == 1) return indexes(candidates);
  keepBest(candidates, [&](const Candidate& candidate) {
    int matches = 0;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
      if (arguments[i].kind != Kind::Typed) continue;
      std::optional<TypeCategory> argument = categoryOf(arguments[i].type);
      std::optional<TypeCategory> parameter = categoryOf(candidate.types[i]);
      bool preferred = argument && parameter && parameter->preferred && parameter->category == argument->category;
      matches += candidate.types[i] == arguments[i].type || preferred ? 1 : 0;
    }
    return matches;
  });
  if (candidates.size() == 1) return indexes(candidates);

  // Unknown-typed arguments: the category chosen at each position.
  std::size_t unknowns =
      static_cast<std::size_t>(std::count_if(arguments.begin(), arguments.end(), kindIs(Kind::Unknown)));
  if (unknowns > 0) {
    std::optional<std::vector<UnknownSlot>> slots = unknownSlots(candidates, arguments);
    if (!slots) return indexes(candidates);
    bool resolved = true;
    for (std::size_t i = 0; i < arguments.size(); ++i)
      resolved = resolved && (arguments[i].kind != Kind::Unknown || (*slots)[i].category != 0);
    if (resolved) {
      std::vector<Candidate> kept;
      for (const Candidate& candidate : candidates) {
        bool keep = true;
        for (std::size_t i = 0; i < arguments.size() && keep; ++i) {
          if (arguments[i].kind != Kind::Unknown) continue;
          std::optional<TypeCategory> taken = categoryOf(candidate.types[i]);
          keep = taken->category == (*slots)[i].category && (!(*slots)[i].preferred || taken->preferred);
        }
        if (keep) kept.push_back(candidate);
      }
      if (!kept.empty()) candidates = std::move(kept);
      if (candidates.size() == 1) return indexes(candidates);
    }
  }

  // Last: the unknown arguments taken as the one type all the known ones have.
  if (unknowns > 0 && unknowns < arguments.size()) {
    std::string_view common;
    bool same = true;
    for (const CallArgument& argument : arguments) {
      if (argument.kind != Kind::Typed) continue;
      if (common.empty()) common = argument.type;
      same = same && argument.type == common;
    }
    if (same) {
      std::vector<Candidate> matching;
      for (const Candidate& candidate : candidates) {
        bool all = true;
        for (std::size_t i = 0; i < arguments.size() && all; ++i) {
          Accepts accepts = implicitlyCoerced(common, candidate.types[i]);
          if (accepts == Accepts::Maybe) return indexes(candidates);
          all = accepts == Accepts::Yes;
        }
        if (all) matching.push_back(candidate);
      }
      if (matching.size() == 1) return indexes(matching);
    }
  }
  return indexes(candidates);
}

}  // namespace sluice
