#pragma once
// What ALTER COLUMN ... TYPE costs in PostgreSQL, from the old and new types.
//
// PostgreSQL rewrites the table and its indexes when a column's type changes, unless
// the old type is binary coercible to the new one (or the type's length coercion is
// a no-op, which its planner support function proves) and no USING expression changes
// the values (https://www.postgresql.org/docs/15/sql-altertable.html, Notes). The
// cases below were each checked on PostgreSQL 15 by comparing the table's and the
// index's relfilenode before and after the change (tests/pg/type_changes.txt is the
// list, tests/pg/verify_type_changes.sh the check).

#include <string>

#include "linter/ast.hpp"

namespace sluice {

enum class TypeChangeCost {
  None,              // catalog only: no rewrite, indexes kept
  IndexRebuild,      // no table rewrite, but indexes on the column are rebuilt
  RewriteUnlessUtc,  // timestamp <-> timestamptz: no rewrite when the session TimeZone is UTC
                     // (PostgreSQL 12+), indexes rebuilt either way
  Rewrite,           // the table and its indexes are rewritten
};

struct TypeChangeVerdict {
  TypeChangeCost cost = TypeChangeCost::Rewrite;
  // The new type may not hold every old value as it was (varchar(50) -> varchar(20),
  // bigint -> int, timestamp -> date): values are cut, rounded or rejected.
  bool narrowing = false;
  // Values are changed silently on the way (rounded, truncated): numeric scale or time
  // precision decreased, fractional numbers to integers, timestamps to dates. What is
  // lost cannot be restored by changing the type back.
  bool lossy = false;
};

TypeChangeVerdict classifyTypeChange(const ast::TypeInfo& from, const ast::TypeInfo& to, int pgVersion);

// Whether a USING expression leaves the values as they are: the column itself, or the
// column cast to the new type.
bool usingKeepsValues(const ast::Node* expression, std::string_view column);

}  // namespace sluice
