#pragma once
// What a statement that does not parse still tells about the schema. libpg_query follows
// PostgreSQL 15's grammar, so a CREATE TABLE written with newer syntax (a subquery in
// FROM without an alias, a named NOT NULL table constraint) is rejected whole; without
// it the model would take the table for one that existed before the migration and the
// rules would report every later index, constraint and NOT NULL on it. The table's name
// is read from the scanner's tokens, which accept any syntax.

#include <optional>
#include <string_view>

#include "linter/ast.hpp"

namespace sluice {

struct UnparsedTable {
  ast::QualifiedName name;
  bool temporary = false;
  bool ifNotExists = false;
};

// The table `statement` creates when it starts with CREATE [TEMP|UNLOGGED] TABLE
// [IF NOT EXISTS] name; nullopt for anything else (including CREATE TABLE ... PARTITION
// OF and OF type, whose columns come from elsewhere: the name alone is still returned).
std::optional<UnparsedTable> tableCreatedBy(std::string_view statement);

}  // namespace sluice
