#pragma once
// A PL/pgSQL body that does not compile, as a syntax error of the migration.
//
// PostgreSQL compiles a PL/pgSQL body when CREATE FUNCTION runs (check_function_bodies
// is on by default) and before a DO block runs, and rejects one with a syntax error:
// the migration fails. libpg_query's pg_query_parse_plpgsql reports the error without a
// position, only "near line N" of the body in its context text and the token in its
// message ("at or near ..."); linter/bodies.cpp places it on that token, searched from
// that line.
//
// Only syntax errors are taken. Without a catalog, libpg_query's compiler also fails on
// some valid bodies with other messages (RETURN NEXT without an expression in a
// function with OUT or TABLE columns: "missing expression"; a variable declared with a
// COLLATE clause: "collations are not supported by type"); those stay silent.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "linter/parser.hpp"

namespace sluice {

struct BodySyntaxError {
  std::size_t line = 1;  // of the body, 1-based: where the compiler was
  std::string token;     // the token it names; empty when it names none
  bool atEnd = false;    // "at end of input"
  SyntaxError error;     // message and hint; the caller sets `offset`
};

// `body`: the body's text; `message` and `context`: the compiler's error; `doBlock`: a
// DO block rather than a function. Nullopt when the error is not a syntax error.
std::optional<BodySyntaxError> plpgsqlSyntaxError(std::string_view body, std::string_view message,
                                                  std::string_view context, bool doBlock);

}  // namespace sluice
