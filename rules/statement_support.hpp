#pragma once
// Helpers shared by the locking and transaction rules: what a constraint is called in
// SQL, what a new column carries, utility options, and where to point.

#include <set>
#include <string>
#include <string_view>

#include "rules/rule_support.hpp"

namespace sluice::rules {

// The SQL spelling of a constraint type: "FOREIGN KEY", "CHECK", "UNIQUE"...
inline std::string_view constraintKeyword(PgQuery__ConstrType type) {
  switch (type) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: return "FOREIGN KEY";
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: return "CHECK";
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: return "UNIQUE";
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: return "PRIMARY KEY";
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: return "EXCLUDE";
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: return "NOT NULL";
    default: return "constraint";
  }
}

// "FOREIGN KEY `orders_customer_fk`" or "FOREIGN KEY" for an unnamed constraint.
inline std::string constraintLabel(const PgQuery__Constraint* constraint) {
  std::string label(constraintKeyword(constraint->contype));
  if (constraint->conname != nullptr && constraint->conname[0] != '\0')
    label += " " + rules::quoted(constraint->conname);
  return label;
}

// The constraint an ALTER TABLE command adds, or null.
inline const PgQuery__Constraint* addedConstraint(const PgQuery__AlterTableCmd* cmd) {
  if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint || cmd->def == nullptr ||
      cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) {
    return nullptr;
  }
  return cmd->def->constraint;
}

// The column an ALTER TABLE command adds, or null.
inline const PgQuery__ColumnDef* addedColumn(const PgQuery__AlterTableCmd* cmd) {
  if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn || cmd->def == nullptr ||
      cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) {
    return nullptr;
  }
  return cmd->def->column_def;
}

// The DEFAULT expression of a column definition, however it was written; null if none.
inline const ast::Node* columnDefault(const PgQuery__ColumnDef* column) {
  if (column->raw_default != nullptr) return column->raw_default;
  for (const auto* constraint : ast::columnConstraints(column)) {
    if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) return constraint->raw_expr;
  }
  return nullptr;
}

inline bool hasColumnConstraint(const PgQuery__ColumnDef* column, PgQuery__ConstrType type) {
  for (const auto* constraint : ast::columnConstraints(column)) {
    if (constraint->contype == type) return true;
  }
  return false;
}

// GENERATED ... AS IDENTITY.
inline bool isIdentityColumn(const PgQuery__ColumnDef* column) {
  return (column->identity != nullptr && column->identity[0] != '\0') ||
         hasColumnConstraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY);
}

// GENERATED ALWAYS AS (expression) STORED.
inline bool isGeneratedColumn(const PgQuery__ColumnDef* column) {
  return (column->generated != nullptr && column->generated[0] != '\0') ||
         hasColumnConstraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED);
}

// serial, bigserial, smallserial: shorthand for a sequence and a nextval() default.
inline bool isSerialColumn(const PgQuery__ColumnDef* column) {
  std::string name = ast::typeInfo(column->type_name).name;
  return name == "serial4" || name == "serial8" || name == "serial2";
}

// DEFAULT NULL, the only default that is not a value.
inline bool isNullConstant(const ast::Node* expression) {
  return expression != nullptr && expression->node_case == PG_QUERY__NODE__NODE_A_CONST && expression->a_const->isnull;
}

// The table an index of the model belongs to, split back into a name whose key() is the
// model's key (any split point rebuilds the same "schema.table" key).
inline ast::QualifiedName tableOfIndex(const SchemaModel& schema, const ast::QualifiedName& index) {
  const ModelObject* object = schema.object(ObjectKind::Index, index);
  if (object == nullptr || object->tableKey.empty()) return {};
  auto dot = object->tableKey.find('.');
  if (dot == std::string::npos) return {"", object->tableKey};
  ast::QualifiedName table{object->tableKey.substr(0, dot), object->tableKey.substr(dot + 1)};
  // As the migrations name it (`post`, not `public.post`), when the model knows it.
  if (const ModelTable* known = schema.table(table)) return known->name;
  return table;
}

// An index this migration created, or one on a table it created: invisible to other
// sessions until commit, so locking it blocks nobody. A rollback runs long after its
// migration committed: an index the migration created on a table that existed before
// it is on a live table, and dropping or rebuilding it locks that table like any other.
inline bool isNewIndexOrOnNewTable(const StatementContext& context, const ast::QualifiedName& index) {
  const SchemaModel& schema = context.schema();
  if (context.role() == FileRole::Forward && schema.isNewIndex(index)) return true;
  ast::QualifiedName table = tableOfIndex(schema, index);
  return !table.empty() && schema.isNewTable(table);
}

// "index `x`, created in Y" for a finding on an existing index; in a rollback, an index its
// migration created says so (the model's "created in this migration" would be wrong there).
inline std::string describeExistingIndex(const StatementContext& context, const ast::QualifiedName& index) {
  if (context.role() == FileRole::Rollback && context.schema().isNewIndex(index)) {
    return "index " + rules::quoted(index.display()) +
           ", which the migration this file rolls back created on a table that existed before";
  }
  return context.schema().describe(ObjectKind::Index, index);
}

// Tables emptied earlier in the file (TRUNCATE, DELETE without WHERE) and not filled
// again since: a statement that must read every row finds none ("DELETE FROM t;" before
// adding a NOT NULL column to it is a deliberate pattern).
class EmptiedTables {
 public:
  void track(const StatementContext& context) {
    const ast::Node* node = context.node();
    switch (node->node_case) {
      case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        for (size_t i = 0; i < node->truncate_stmt->n_relations; ++i) {
          const ast::Node* relation = node->truncate_stmt->relations[i];
          if (relation->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
            emptied_.insert(ast::relationName(relation->range_var).key());
          }
        }
        break;
      case PG_QUERY__NODE__NODE_DELETE_STMT:
        if (node->delete_stmt->where_clause == nullptr) {
          emptied_.insert(ast::relationName(node->delete_stmt->relation).key());
        }
        break;
      case PG_QUERY__NODE__NODE_INSERT_STMT:
        emptied_.erase(ast::relationName(node->insert_stmt->relation).key());
        break;
      case PG_QUERY__NODE__NODE_COPY_STMT:
        if (node->copy_stmt->is_from) emptied_.erase(ast::relationName(node->copy_stmt->relation).key());
        break;
      default: break;
    }
  }
  [[nodiscard]] bool contains(const ast::QualifiedName& table) const { return emptied_.contains(table.key()); }

 private:
  std::set<std::string> emptied_;
};

// Whether a utility option list (`VACUUM (FULL)`, `REINDEX (CONCURRENTLY)`) turns
// `name` on: present without a value, or with a value other than false/off/no/0.
inline bool optionEnabled(ast::Node* const* items, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || items[i]->def_elem->defname != name) continue;
    const ast::Node* arg = items[i]->def_elem->arg;
    if (arg == nullptr) return true;
    if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER) return arg->integer->ival != 0;
    std::string_view value = ast::stringValue(arg);
    return value != "false" && value != "off" && value != "no" && value != "0";
  }
  return false;
}

// Where to point for a part of an ALTER TABLE: from the part to the end of the statement
// when it is the only command, just its first token otherwise.
inline Span alterPartSpan(const StatementContext& context, const PgQuery__AlterTableStmt* alter, int32_t location) {
  if (location < 0) return context.span();
  return alter->n_cmds == 1 ? context.spanFrom(location) : context.spanAt(location);
}

}  // namespace sluice::rules
