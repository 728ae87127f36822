#pragma once
// Which overload of a function a call calls.
//
// PostgreSQL picks the overload from the types of the call's arguments ("Type
// Conversion: Functions" in its documentation): an exact match first; else the
// overloads the arguments reach by implicit casts, narrowed by the most exact matches,
// then by preferred types of the argument's category, then, for a string literal or
// NULL (typed "unknown" until the call types it), by the string category if an overload
// takes one, else by the one category every overload takes there, and last by giving
// the unknown arguments the type of the known ones. Overloads that take the same types
// once their defaults are left out are ambiguous, except that a plain one wins over a
// variadic one.
//
// sluice follows those steps as far as the call's syntax tells the types: constants
// (integer, numeric, boolean, string literal and NULL) and casts. For the types of
// PostgreSQL's catalog that migrations pass most (numbers, strings, booleans, dates and
// times, interval, uuid, json, jsonb, bytea) it knows their categories, preferred types
// and implicit casts as pg_cast and pg_type list them on PostgreSQL 15. Where a step
// needs what it does not know (an argument it cannot type, a parameter of a type outside
// that list, a domain, a polymorphic type), it stops and keeps every overload still in
// play rather than guess.

#include <cstddef>
#include <string>
#include <vector>

#include "linter/ast.hpp"
#include "linter/statement_effects.hpp"

namespace sluice {

// A type as function signatures spell it: its canonical name and array brackets, without
// modifiers (PostgreSQL ignores them in a signature): "int4", "varchar", "text[]".
std::string signatureType(const PgQuery__TypeName* type);

// One argument of a call, as far as its syntax types it.
struct CallArgument {
  enum class Kind {
    Typed,    // a constant or a cast; `type` as signatureType() spells it
    Unknown,  // a string literal or NULL: typed by the overload it is passed to
    Opaque,   // anything else (an expression, another call): not typed by sluice
  };
  Kind kind = Kind::Opaque;
  std::string type;
};

// The arguments of `call`, in order. A call with named arguments (`f(a => 1)`) or
// VARIADIC gets opaque arguments: their positions do not say which parameter they fill.
std::vector<CallArgument> callArguments(const PgQuery__FuncCall* call);

// Which of `signatures` (the overloads of one function) a call with `arguments` may
// call, as indexes: one when the call resolves to it; several when sluice cannot tell
// them apart, or PostgreSQL could not either (the call then fails as ambiguous); none
// when no overload takes these arguments.
std::vector<std::size_t> possibleOverloads(const std::vector<const FunctionSignature*>& signatures,
                                           const std::vector<CallArgument>& arguments);

}  // namespace sluice
