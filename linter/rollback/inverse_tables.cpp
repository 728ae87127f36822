// Inverses of changes to tables, their columns and their constraints.
#include <algorithm>

#include "linter/rollback/inverse.hpp"
#include "linter/rollback/sql_text.hpp"

namespace sluice::rollback {

namespace {

std::string alterTable(const ast::QualifiedName& table) { return "ALTER TABLE " + quoteName(table) + " "; }

// A column definition as the model last knew it: its latest type and default, NOT NULL
// from the model, identity and generation as written.
PgQuery__ColumnDef* columnDefinition(NodeArena& arena, const ColumnDefinition& known, const ModelColumn& column) {
  PgQuery__ColumnDef* out = arena.copy(*known.column);
  out->colname = arena.text(column.name);  // renamed since, perhaps
  out->type_name =
      const_cast<PgQuery__TypeName*>(known.type);  // NOLINT(cppcoreguidelines-pro-type-const-cast): deparse reads it
  out->raw_default = nullptr;
  out->is_not_null = false;
  std::vector<ast::Node*> constraints;
  bool serial = ast::typeInfo(known.column->type_name).name.starts_with("serial");
  if (column.notNull && !serial) {
    auto* notNull = arena.make(pg_query__constraint__init);
    notNull->contype = PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL;
    constraints.push_back(arena.wrap(notNull));
  }
  if (known.defaultValue != nullptr && !serial) {
    auto* defaultValue = arena.make(pg_query__constraint__init);
    defaultValue->contype = PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT;
    defaultValue->raw_expr =
        const_cast<ast::Node*>(known.defaultValue);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    constraints.push_back(arena.wrap(defaultValue));
  }
  for (const auto* constraint : ast::columnConstraints(known.column)) {
    if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY ||
        constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED) {
      constraints.push_back(
          arena.wrap(const_cast<PgQuery__Constraint*>(constraint)));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
    }
  }
  out->n_constraints = constraints.size();
  out->constraints = arena.list(std::move(constraints));
  return out;
}

// ALTER TABLE ... ADD CONSTRAINT as it was written, under the name the model knows; a
// column constraint names its column.
std::optional<std::string> addConstraintSql(const ast::QualifiedName& table, const ConstraintDefinition& known) {
  NodeArena arena;
  PgQuery__Constraint* constraint = arena.copy(*known.constraint);
  constraint->conname = arena.objectName(known.name);
  if (!known.column.empty()) {
    bool keyed = constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                 constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE;
    if (keyed && constraint->n_keys == 0) {
      constraint->n_keys = 1;
      constraint->keys = arena.list({arena.stringNode(known.column)});
    }
    if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && constraint->n_fk_attrs == 0) {
      constraint->n_fk_attrs = 1;
      constraint->fk_attrs = arena.list({arena.stringNode(known.column)});
    }
  }
  if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && !known.references.empty()) {
    constraint->pktable = arena.rangeVar(known.references);
  }
  // Columns renamed since the constraint was written, on either side of a foreign key.
  auto own = [&](std::string_view written) { return currentColumn(known.columns, written); };
  auto referenced = [&](std::string_view written) { return currentColumn(known.referencedColumns, written); };
  constraint->keys = arena.renamedColumns(constraint->keys, constraint->n_keys, own);
  constraint->including = arena.renamedColumns(constraint->including, constraint->n_including, own);
  constraint->fk_attrs = arena.renamedColumns(constraint->fk_attrs, constraint->n_fk_attrs, own);
  constraint->pk_attrs = arena.renamedColumns(constraint->pk_attrs, constraint->n_pk_attrs, referenced);
  // A constraint added NOT VALID comes back validated: it held when it was dropped.
  constraint->skip_validation = false;
  constraint->initially_valid = true;
  return deparse(arena.alterTable(table, PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint, arena.wrap(constraint)), &arena);
}

bool recreateConstraint(const ast::QualifiedName& table, std::string_view name, const Definitions& definitions,
                        InverseSteps& steps) {
  const ConstraintDefinition* known = definitions.constraint(table, name);
  std::optional<std::string> sql = known != nullptr ? addConstraintSql(table, *known) : std::nullopt;
  if (!sql) return false;
  steps.statement(*sql);
  return true;
}

std::optional<std::string> setDefaultSql(const ast::QualifiedName& table, std::string_view column,
                                         const ast::Node* value) {
  NodeArena arena;
  return deparse(arena.alterTable(table, PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault, const_cast<ast::Node*>(value),
                                  column));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

// The names of the constraints `after` has on the table and `before` did not.
std::vector<std::string> newConstraintNames(const Change& change, const InverseContext& context) {
  std::vector<std::string> out;
  const ModelTable* was = context.before.table(change.object);
  const ModelTable* is = context.after.table(change.object);
  if (is == nullptr) return out;
  for (const ModelConstraint& constraint : is->constraints) {
    bool old = was != nullptr && std::any_of(was->constraints.begin(), was->constraints.end(),
                                             [&](const ModelConstraint& c) { return c.name == constraint.name; });
    if (!old && !constraint.name.empty()) out.push_back(constraint.name);
  }
  return out;
}

void invertColumn(const Change& change, const InverseContext& context, InverseSteps& steps) {
  const ast::QualifiedName& table = change.object;
  std::string column = quoteName(change.member);
  const ModelTable* known = context.before.table(table);
  const ModelColumn* before = known != nullptr ? known->column(change.member) : nullptr;
  switch (change.action) {
    case ChangeAction::Create: steps.statement(alterTable(table) + "DROP COLUMN " + column); return;
    case ChangeAction::Rename:
      steps.statement(alterTable(table) + "RENAME COLUMN " + quoteName(change.newName) + " TO " + column);
      return;
    case ChangeAction::Drop: {
      if (!change.known && change.ifExists) return;
      const ColumnDefinition* definition = context.definitions.column(table, change.member);
      NodeArena arena;
      std::optional<std::string> sql;
      if (definition != nullptr && before != nullptr) {
        sql = deparse(arena.alterTable(table, PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn,
                                       arena.wrap(columnDefinition(arena, *definition, *before))));
      }
      if (!sql) {
        steps.cannot("the column " + describeChange(change) + ": its definition is not in the history");
        return;
      }
      steps.note("sluice: column " + column + " of " + quoteName(table) +
                 " comes back empty: the values DROP COLUMN removed are gone");
      // NOT NULL without a default cannot come back on a table with rows.
      steps.statement(*sql);
      // Its constraints and indexes went with it.
      for (const ModelConstraint& constraint : known->constraints) {
        if (std::find(constraint.columns.begin(), constraint.columns.end(), change.member) == constraint.columns.end())
          continue;
        if (!recreateConstraint(table, constraint.name, context.definitions, steps)) {
          steps.cannot("constraint " + quoteName(constraint.name) + " dropped with the column: not in the history");
        }
      }
      for (const ModelObject* index : context.before.indexesOf(table)) {
        if (std::find(index->columns.begin(), index->columns.end(), change.member) == index->columns.end()) continue;
        bool ofConstraint = std::any_of(known->constraints.begin(), known->constraints.end(),
                                        [&](const ModelConstraint& c) { return c.name == index->name.name; });
        if (ofConstraint) continue;
        if (!recreateIndex(index->name, context.before, context.definitions, false, steps)) {
          steps.cannot("index " + quoteName(index->name) + " dropped with the column: not in the history");
        }
      }
      return;
    }
    case ChangeAction::AlterType: {
      const ColumnDefinition* definition = context.definitions.column(table, change.member);
      std::optional<std::string> type = definition != nullptr ? typeSql(definition->type) : std::nullopt;
      if (!type && change.oldTypeKnown) type = change.oldType.display();
      if (!type) {
        steps.cannot("the type of " + describeChange(change) + ": its type before is not known");
        return;
      }
      auto isEnum = [&](const ast::TypeInfo& info) {
        const ModelObject* object = context.before.object(ObjectKind::Type, {"", info.name});
        return object != nullptr && object->isEnum;
      };
      bool viaText = (change.oldTypeKnown && isEnum(change.oldType)) || isEnum(change.newType);
      steps.statement(alterTable(table) + "ALTER COLUMN " + column + " TYPE " + *type + " USING " + column +
                      (viaText ? "::text::" : "::") + *type);
      return;
    }
    case ChangeAction::AlterDefault: {
      if (change.setValue && before != nullptr && !before->hasDefault) {
        steps.statement(alterTable(table) + "ALTER COLUMN " + column + " DROP DEFAULT");
        return;
      }
      const ColumnDefinition* definition = context.definitions.column(table, change.member);
      if (definition != nullptr && definition->defaultValue == nullptr) {
        steps.statement(alterTable(table) + "ALTER COLUMN " + column + " DROP DEFAULT");
        return;
      }
      std::optional<std::string> sql =
          definition != nullptr ? setDefaultSql(table, change.member, definition->defaultValue) : std::nullopt;
      if (!sql) {
        steps.cannot("the default of " + describeChange(change) + ": the default before is not in the history");
        return;
      }
      steps.statement(*sql);
      return;
    }
    case ChangeAction::AlterNullability:
      if (change.setValue && (before == nullptr || !before->notNull)) {
        steps.statement(alterTable(table) + "ALTER COLUMN " + column + " DROP NOT NULL");
      } else if (!change.setValue && (before == nullptr || before->notNull)) {
        steps.statement(alterTable(table) + "ALTER COLUMN " + column + " SET NOT NULL");
      }
      return;
    default: steps.cannot("undo: sluice does not know how to " + summarizeChange(change)); return;
  }
}

void invertConstraint(const Change& change, const InverseContext& context, InverseSteps& steps) {
  const ast::QualifiedName& table = change.object;
  switch (change.action) {
    case ChangeAction::Create: {
      std::vector<std::string> names =
          change.member.empty() ? newConstraintNames(change, context) : std::vector<std::string>{change.member};
      if (names.empty()) {
        steps.cannot("the drop of " + describeChange(change) + ": PostgreSQL names it, and sluice cannot tell how");
        return;
      }
      for (const std::string& name : names) steps.statement(alterTable(table) + "DROP CONSTRAINT " + quoteName(name));
      // ADD CONSTRAINT ... USING INDEX took over an index, which the drop removes.
      if (!change.newName.empty() &&
          !recreateIndex({table.schema, change.newName}, context.before, context.definitions, false, steps)) {
        steps.cannot("index " + quoteName(change.newName) + " that the constraint took over: not in the history");
      }
      return;
    }
    case ChangeAction::Drop:
      if (!change.known && change.ifExists) return;
      if (!recreateConstraint(table, change.member, context.definitions, steps)) {
        steps.cannot(describeChange(change) + ": its definition is not in the history");
      }
      return;
    case ChangeAction::Rename:
      steps.statement(alterTable(table) + "RENAME CONSTRAINT " + quoteName(change.newName) + " TO " +
                      quoteName(change.member));
      return;
    default: steps.cannot("undo: sluice does not know how to " + summarizeChange(change)); return;
  }
}

// ALTER TABLE commands other than columns and constraints, from the statement itself.
void invertOtherCommand(const Change& change, const InverseContext& context, InverseSteps& steps) {
  const ast::Node* statement = context.statement;
  if (statement == nullptr || statement->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) {
    steps.cannot("undo: sluice does not know how to " + summarizeChange(change));
    return;
  }
  const PgQuery__AlterTableStmt* alter = statement->alter_table_stmt;
  for (size_t i = 0; i < alter->n_cmds; ++i) {
    const PgQuery__AlterTableCmd* command = alter->cmds[i]->alter_table_cmd;
    if (command == nullptr || change.member != (command->name != nullptr ? command->name : "")) continue;
    std::string table = alterTable(change.object);
    switch (command->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraintRecurse: return;  // nothing to undo
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        steps.statement(table + "ALTER COLUMN " + quoteName(change.member) + " DROP IDENTITY");
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableRowSecurity:
        steps.statement(table + "DISABLE ROW LEVEL SECURITY");
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableRowSecurity:
        steps.statement(table + "ENABLE ROW LEVEL SECURITY");
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
        steps.statement(table + "DISABLE TRIGGER " + quoteName(change.member));
        return;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
        steps.statement(table + "ENABLE TRIGGER " + quoteName(change.member));
        return;
      default: break;
    }
  }
  steps.cannot("undo: sluice does not know how to " + summarizeChange(change) + " back");
}

void invertData(const Change& change, InverseSteps& steps) {
  if (!change.existed) return;  // rows of a table this migration created go with it
  std::string table = quoteName(change.object);
  switch (change.action) {
    case ChangeAction::Update:
      if (change.member.empty()) return;  // it only filled columns this migration added
      steps.cannot("UPDATE of " + table + "." + quoteName(change.member) + ": the values it overwrote are not known");
      return;
    case ChangeAction::Insert: steps.cannot("INSERT INTO " + table + ": the rows it added are not known"); return;
    case ChangeAction::Delete: steps.cannot("DELETE FROM " + table + ": the rows it deleted are gone"); return;
    default: steps.cannot("TRUNCATE " + table + ": the rows it removed are gone"); return;
  }
}

}  // namespace

bool recreateTable(const ast::QualifiedName& name, const SchemaModel& model, const Definitions& definitions,
                   InverseSteps& steps) {
  const ModelTable* table = model.table(name);
  if (table == nullptr || !table->columnsKnown || table->columns.empty()) return false;
  NodeArena arena;
  std::vector<ast::Node*> columns;
  for (const ModelColumn& column : table->columns) {
    const ColumnDefinition* known = definitions.column(name, column.name);
    if (known == nullptr) return false;
    columns.push_back(arena.wrap(columnDefinition(arena, *known, column)));
  }
  auto* create = arena.make(pg_query__create_stmt__init);
  create->relation = arena.rangeVar(name);
  create->n_table_elts = columns.size();
  create->table_elts = arena.list(std::move(columns));
  create->oncommit = PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_NOOP;
  auto* node = arena.make(pg_query__node__init);
  node->node_case = PG_QUERY__NODE__NODE_CREATE_STMT;
  node->create_stmt = create;
  std::optional<std::string> sql = deparse(node);
  if (!sql) return false;
  steps.note("sluice: table " + quoteName(name) + " comes back empty: the rows DROP TABLE removed are gone");
  steps.statement(*sql);
  for (const ModelConstraint& constraint : table->constraints) {
    if (!recreateConstraint(name, constraint.name, definitions, steps)) {
      steps.cannot("constraint " + quoteName(constraint.name) + " of " + quoteName(name) + ": not in the history");
    }
  }
  for (const ModelObject* index : model.indexesOf(name)) {
    bool ofConstraint = std::any_of(table->constraints.begin(), table->constraints.end(),
                                    [&](const ModelConstraint& c) { return c.name == index->name.name; });
    if (!ofConstraint && !recreateIndex(index->name, model, definitions, false, steps)) {
      steps.cannot("index " + quoteName(index->name) + " of " + quoteName(name) + ": not in the history");
    }
  }
  return true;
}

void invertTableChange(const Change& change, const InverseContext& context, InverseSteps& steps) {
  if (!isSchemaChange(change)) {
    invertData(change, steps);
    return;
  }
  if (change.target == ChangeTarget::Column) {
    invertColumn(change, context, steps);
    return;
  }
  if (change.target == ChangeTarget::Constraint) {
    invertConstraint(change, context, steps);
    return;
  }
  switch (change.action) {
    case ChangeAction::Create: steps.statement("DROP TABLE " + quoteName(change.object)); return;
    case ChangeAction::Rename:
      steps.statement("ALTER TABLE " + quoteName(ast::QualifiedName{change.object.schema, change.newName}) +
                      " RENAME TO " + quoteName(change.object.name));
      return;
    case ChangeAction::Drop:
      if (!change.known && change.ifExists) return;
      if (!recreateTable(change.object, context.before, context.definitions, steps)) {
        steps.cannot(describeChange(change) + ": its definition is not in the history");
      }
      return;
    case ChangeAction::AlterOther: invertOtherCommand(change, context, steps); return;
    default: steps.cannot("undo: sluice does not know how to " + summarizeChange(change)); return;
  }
}

}  // namespace sluice::rollback
