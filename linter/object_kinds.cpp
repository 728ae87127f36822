#include "linter/object_kinds.hpp"

namespace sluice {

std::string_view objectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::Schema: return "schema";
    case ObjectKind::Table: return "table";
    case ObjectKind::View: return "view";
    case ObjectKind::MaterializedView: return "materialized view";
    case ObjectKind::Index: return "index";
    case ObjectKind::Sequence: return "sequence";
    case ObjectKind::Type: return "type";
    case ObjectKind::Function: return "function";
    case ObjectKind::Extension: return "extension";
    case ObjectKind::Trigger: return "trigger";
  }
  return "object";
}

std::string_view changeTargetName(ChangeTarget target) {
  switch (target) {
    case ChangeTarget::Schema: return "schema";
    case ChangeTarget::Table: return "table";
    case ChangeTarget::Column: return "column";
    case ChangeTarget::Constraint: return "constraint";
    case ChangeTarget::Index: return "index";
    case ChangeTarget::View: return "view";
    case ChangeTarget::MaterializedView: return "materialized view";
    case ChangeTarget::Sequence: return "sequence";
    case ChangeTarget::Type: return "type";
    case ChangeTarget::Function: return "function";
    case ChangeTarget::Extension: return "extension";
    case ChangeTarget::Trigger: return "trigger";
  }
  return "object";
}

std::optional<ChangeTarget> targetOf(PgQuery__ObjectType type) {
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return ChangeTarget::Schema;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: return ChangeTarget::Table;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: return ChangeTarget::Column;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: return ChangeTarget::Constraint;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return ChangeTarget::View;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return ChangeTarget::MaterializedView;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return ChangeTarget::Index;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return ChangeTarget::Sequence;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return ChangeTarget::Type;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: return ChangeTarget::Function;
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return ChangeTarget::Extension;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: return ChangeTarget::Trigger;
    default: return std::nullopt;
  }
}

std::optional<ObjectKind> objectKindOf(ChangeTarget target) {
  switch (target) {
    case ChangeTarget::Schema: return ObjectKind::Schema;
    case ChangeTarget::Table: return ObjectKind::Table;
    case ChangeTarget::View: return ObjectKind::View;
    case ChangeTarget::MaterializedView: return ObjectKind::MaterializedView;
    case ChangeTarget::Index: return ObjectKind::Index;
    case ChangeTarget::Sequence: return ObjectKind::Sequence;
    case ChangeTarget::Type: return ObjectKind::Type;
    case ChangeTarget::Function: return ObjectKind::Function;
    case ChangeTarget::Extension: return ObjectKind::Extension;
    case ChangeTarget::Trigger: return ObjectKind::Trigger;
    case ChangeTarget::Column:
    case ChangeTarget::Constraint: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace sluice
