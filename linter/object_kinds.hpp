#pragma once
// The kinds of schema objects, in the two vocabularies the linter speaks: what the
// schema model stores (ObjectKind) and what a statement can name (ChangeTarget, which
// adds the members of a table). The parser's object types map onto them here, once.

#include <optional>
#include <pg_query/pg_query.pb-c.h>
#include <string_view>

namespace sluice {

enum class ObjectKind { Schema, Table, View, MaterializedView, Index, Sequence, Type, Function, Extension, Trigger };
std::string_view objectKindName(ObjectKind kind);

enum class ChangeTarget {
  Schema,
  Table,
  Column,
  Constraint,
  Index,
  View,
  MaterializedView,
  Sequence,
  Type,
  Function,
  Extension,
  Trigger,
};
std::string_view changeTargetName(ChangeTarget target);

// What a statement's object type (DROP VIEW, ALTER SEQUENCE ... RENAME, ...) names:
// foreign tables are tables, domains are types, procedures and routines are functions;
// nullopt for kinds the linter does not follow (roles, policies, ...).
std::optional<ChangeTarget> targetOf(PgQuery__ObjectType type);
// The schema model's kind of object a change target names; nullopt for columns and
// constraints, which live in their table.
std::optional<ObjectKind> objectKindOf(ChangeTarget target);
inline std::optional<ObjectKind> objectKindOf(PgQuery__ObjectType type) {
  std::optional<ChangeTarget> target = targetOf(type);
  return target ? objectKindOf(*target) : std::nullopt;
}

}  // namespace sluice
