#pragma once
// The columns whose type a statement chooses, for the style rules about column types.

#include <memory>
#include <string_view>
#include <vector>

#include "rules/rule_support.hpp"

namespace sluice::rules {

struct ColumnDefinition {
  std::string_view name;
  const PgQuery__TypeName* type = nullptr;
  const PgQuery__ColumnDef* def = nullptr;      // constraints, identity, default
  const PgQuery__CreateStmt* create = nullptr;  // set when the column comes with CREATE TABLE
  const PgQuery__RangeVar* relation = nullptr;
  bool retyped = false;  // ALTER COLUMN ... TYPE rather than a new column

  [[nodiscard]] ast::QualifiedName table() const { return ast::relationName(relation); }
  // "column `email` of table `users`", for messages.
  [[nodiscard]] std::string describe() const;
};

// Columns of CREATE TABLE, ALTER TABLE ... ADD COLUMN and ALTER COLUMN ... TYPE. Not
// those of temporary tables, which vanish with the session, nor any in a rollback
// file, which has to restore the types the forward migration replaced.
std::vector<ColumnDefinition> columnDefinitions(const StatementContext& context);

// The type's last name as written in the parse tree, e.g. "int4" for `integer` (the
// grammar spells built-in types as pg_catalog.<name>); empty for a type in another schema.
std::string_view builtinTypeName(const PgQuery__TypeName* type);

// Where a finding about a column's type points: the type, else the column.
Span typeSpan(const StatementContext& context, const ColumnDefinition& column);

// The fix of a style rule: the column's type name (with a trailing WITHOUT TIME ZONE,
// keeping any type modifier) replaced by `newName`. Only for a column of a table the
// statement creates, where the type is a choice rather than a change, and not in a
// Prisma migration, which schema.prisma generates (the fix belongs there). Null otherwise.
std::shared_ptr<const Fix> typeNameFix(const StatementContext& context, const ColumnDefinition& column,
                                       std::string_view newName);

}  // namespace sluice::rules
