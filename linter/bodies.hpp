#pragma once
// The SQL inside DO blocks and function bodies, as statements of the file.
//
// A body is a string constant ($$...$$ or '...') holding PL/pgSQL (or SQL). PL/pgSQL is
// compiled with libpg_query's pg_query_parse_plpgsql, whose JSON names every SQL
// statement of the body with its text and line; each is found again in the body text,
// parsed with the normal parser and inserted after its parent statement with
// `depth` = parent's + 1 and file offsets, so findings point into the file.
//
// Offsets map one to one for $$-quoted bodies. A '...'-quoted body has its quotes
// doubled in the file: statements whose text contains a doubled quote cannot be mapped
// and are skipped (recorded as opaque when they run now). E'...' bodies are skipped.
// What cannot be known statically (EXECUTE of a computed string, a DO block in another
// language or that does not compile) is recorded in ParsedSql::opaque when it runs
// during the migration (DO blocks), so that the schema model can treat it as unknown.
// Statements of function bodies run when the function is called, not when the
// migration runs: they are linted, but they do not change the schema model.

#include <string_view>

#include "linter/parser.hpp"

namespace sluice {

void addBodyStatements(ParsedSql& parsed, std::string_view text);

}  // namespace sluice
