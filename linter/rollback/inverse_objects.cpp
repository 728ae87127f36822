// Inverses of changes to indexes, views, functions, types, sequences, triggers,
// extensions and schemas.
#include <algorithm>

#include "common/text.hpp"
#include "linter/rollback/inverse.hpp"
#include "linter/rollback/sql_text.hpp"

namespace sluice::rollback {

namespace {

// The SQL keyword of an object kind in DROP and ALTER.
std::string keyword(ChangeTarget target) {
  switch (target) {
    case ChangeTarget::Index: return "INDEX";
    case ChangeTarget::View: return "VIEW";
    case ChangeTarget::MaterializedView: return "MATERIALIZED VIEW";
    case ChangeTarget::Sequence: return "SEQUENCE";
    case ChangeTarget::Type: return "TYPE";
    case ChangeTarget::Function: return "ROUTINE";  // functions and procedures alike
    case ChangeTarget::Extension: return "EXTENSION";
    case ChangeTarget::Schema: return "SCHEMA";
    case ChangeTarget::Trigger: return "TRIGGER";
    default: return "TABLE";
  }
}

std::string objectSql(const Change& change, const ast::QualifiedName& name) {
  if (change.target == ChangeTarget::Trigger) return quoteName(name.name) + " ON " + quoteName(change.table);
  if (change.target == ChangeTarget::Extension || change.target == ChangeTarget::Schema) return quoteName(name.name);
  return quoteName(name);
}

// The argument types of the overloads `after` has and `before` did not.
std::vector<std::string> newOverloads(const Change& change, const InverseContext& context) {
  std::vector<std::string> out;
  const ModelObject* was = context.before.object(ObjectKind::Function, change.object);
  const ModelObject* is = context.after.object(ObjectKind::Function, change.object);
  if (is == nullptr) return out;
  for (const ModelObject::Overload& overload : is->overloads) {
    bool old = was != nullptr && std::any_of(was->overloads.begin(), was->overloads.end(), [&](const auto& o) {
                 return o.signature.arguments == overload.signature.arguments;
               });
    if (!old) out.push_back("(" + join(overload.signature.arguments, ", ") + ")");
  }
  return out;
}

// The index names `after` has on the table and `before` did not (CREATE INDEX without a name).
std::vector<ast::QualifiedName> newIndexes(const Change& change, const InverseContext& context) {
  std::vector<ast::QualifiedName> out;
  std::vector<const ModelObject*> was = context.before.indexesOf(change.table);
  for (const ModelObject* index : context.after.indexesOf(change.table)) {
    bool old =
        std::any_of(was.begin(), was.end(), [&](const ModelObject* o) { return o->name.key() == index->name.key(); });
    if (!old) out.push_back(index->name);
  }
  return out;
}

// A statement that creates (or replaces) the object again, from the one that created it.
std::optional<std::string> recreateSql(const ast::Node* created, bool replace) {
  if (created == nullptr) return std::nullopt;
  NodeArena arena;
  ast::Node* node = arena.copy(*created);
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      node->create_function_stmt = arena.copy(*node->create_function_stmt);
      node->create_function_stmt->replace = replace;
      break;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      node->view_stmt = arena.copy(*node->view_stmt);
      node->view_stmt->replace = replace;
      break;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
      node->create_trig_stmt = arena.copy(*node->create_trig_stmt);
      node->create_trig_stmt->replace = replace;
      break;
    default:
      if (replace) return std::nullopt;
      break;
  }
  return deparse(node);
}

std::optional<std::string> enumSql(const ast::QualifiedName& name, const SchemaModel& model) {
  const ModelObject* type = model.object(ObjectKind::Type, name);
  if (type == nullptr || !type->isEnum) return std::nullopt;
  std::vector<std::string> values;
  values.reserve(type->enumValues.size());
  for (const std::string& value : type->enumValues) values.push_back(quoteLiteral(value));
  return "CREATE TYPE " + quoteName(name) + " AS ENUM (" + join(values, ", ") + ")";
}

void invertCreate(const Change& change, const InverseContext& context, InverseSteps& steps) {
  std::string drop = "DROP " + keyword(change.target) + " ";
  switch (change.target) {
    case ChangeTarget::Index: {
      if (context.concurrently) drop += "CONCURRENTLY ";
      std::vector<ast::QualifiedName> names =
          change.object.name.empty() ? newIndexes(change, context) : std::vector{change.object};
      if (names.empty()) steps.cannot("the drop of " + describeChange(change) + ": sluice cannot tell its name");
      for (const ast::QualifiedName& name : names) steps.statement(drop + quoteName(name));
      return;
    }
    case ChangeTarget::Function: {
      std::vector<std::string> overloads = newOverloads(change, context);
      if (overloads.empty()) overloads.emplace_back();
      for (const std::string& arguments : overloads) steps.statement(drop + quoteName(change.object) + arguments);
      return;
    }
    case ChangeTarget::Extension:
    case ChangeTarget::Schema:
      if (change.ensure) return;  // IF NOT EXISTS of something that may have been there: left as it is
      steps.statement(drop + objectSql(change, change.object));
      return;
    default: steps.statement(drop + objectSql(change, change.object)); return;
  }
}

void invertDrop(const Change& change, const InverseContext& context, InverseSteps& steps) {
  if (!change.known && change.ifExists) return;
  std::optional<ObjectKind> kind = objectKindOf(change.target);
  if (!kind) return;
  if (change.target == ChangeTarget::Index) {
    bool concurrently = context.statement != nullptr &&
                        context.statement->node_case == PG_QUERY__NODE__NODE_DROP_STMT &&
                        context.statement->drop_stmt->concurrent;
    if (!recreateIndex(change.object, context.before, context.definitions, concurrently, steps)) {
      steps.cannot(describeChange(change) + ": its definition is not in the history");
    }
    return;
  }
  std::optional<std::string> sql =
      change.target == ChangeTarget::Type ? enumSql(change.object, context.before) : std::nullopt;
  if (!sql) sql = recreateSql(context.definitions.object(*kind, change.object), false);
  if (!sql) {
    steps.cannot(describeChange(change) + ": its definition is not in the history");
    return;
  }
  if (change.target == ChangeTarget::View || change.target == ChangeTarget::MaterializedView) {
    steps.lastly(*sql);
    // A materialized view's indexes went with it.
    for (const ModelObject* index : context.before.indexesOf(change.object)) {
      if (auto created = recreateIndexSql(index->name, context.before, context.definitions, false)) {
        steps.lastly(*created);
      } else {
        steps.cannot("index " + quoteName(index->name) + " of " + describeChange(change) + ": not in the history");
      }
    }
  } else {
    steps.statement(*sql);
  }
  if (change.cascade) steps.cannot("what DROP ... CASCADE removed with " + describeChange(change) + ": not known");
}

void invertRename(const Change& change, InverseSteps& steps) {
  if (change.target == ChangeTarget::Extension) {
    steps.cannot("undo: extensions cannot be renamed");
    return;
  }
  ast::QualifiedName renamed{change.object.schema, change.newName};
  steps.statement("ALTER " + keyword(change.target) + " " + objectSql(change, renamed) + " RENAME TO " +
                  quoteName(change.object.name));
}

}  // namespace

std::optional<std::string> recreateIndexSql(const ast::QualifiedName& name, const SchemaModel& model,
                                            const Definitions& definitions, bool concurrently) {
  const ast::Node* created = definitions.object(ObjectKind::Index, name);
  if (created == nullptr || created->node_case != PG_QUERY__NODE__NODE_INDEX_STMT) return std::nullopt;
  NodeArena arena;
  ast::Node* node = arena.copy(*created);
  node->index_stmt = arena.copy(*created->index_stmt);
  node->index_stmt->concurrent = concurrently;
  node->index_stmt->if_not_exists = false;
  if (created->index_stmt->idxname != nullptr)
    node->index_stmt->idxname = arena.objectName(created->index_stmt->idxname);
  // Columns renamed since the index was created.
  const ColumnRenames& renamed = definitions.indexColumns(name);
  if (!renamed.empty()) {
    PgQuery__IndexStmt* index = node->index_stmt;
    auto current = [&](std::string_view written) { return currentColumn(renamed, written); };
    index->index_params = arena.renamedColumns(index->index_params, index->n_index_params, current);
    index->index_including_params =
        arena.renamedColumns(index->index_including_params, index->n_index_including_params, current);
  }
  // The table may have been renamed since the index was created.
  if (const ModelObject* index = model.object(ObjectKind::Index, name)) {
    for (const ModelTable* table : model.allTables()) {
      if (table->name.key() == index->tableKey) node->index_stmt->relation = arena.rangeVar(table->name);
    }
  }
  return deparse(node, &arena);
}

bool recreateIndex(const ast::QualifiedName& name, const SchemaModel& model, const Definitions& definitions,
                   bool concurrently, InverseSteps& steps) {
  std::optional<std::string> sql = recreateIndexSql(name, model, definitions, concurrently);
  if (!sql) return false;
  steps.statement(*sql);
  return true;
}

void invertObjectChange(const Change& change, const InverseContext& context, InverseSteps& steps) {
  switch (change.action) {
    case ChangeAction::Create: invertCreate(change, context, steps); return;
    case ChangeAction::Drop: invertDrop(change, context, steps); return;
    case ChangeAction::Rename: invertRename(change, steps); return;
    case ChangeAction::Replace: {
      std::optional<ObjectKind> kind = objectKindOf(change.target);
      std::optional<std::string> sql =
          kind ? recreateSql(context.definitions.object(*kind, change.object), true) : std::nullopt;
      if (!sql) {
        steps.cannot("the earlier definition of " + describeChange(change) + ": it is not in the history");
        return;
      }
      steps.statement(*sql);
      return;
    }
    case ChangeAction::AddEnumValue:
      if (!change.existed) return;  // the type goes, and the value with it
      steps.cannot("the removal of value " + quoteLiteral(change.member) + " from enum type " +
                   quoteName(change.object) + ": PostgreSQL cannot remove a value from an enum type");
      return;
    case ChangeAction::RenameEnumValue:
      steps.statement("ALTER TYPE " + quoteName(change.object) + " RENAME VALUE " + quoteLiteral(change.newName) +
                      " TO " + quoteLiteral(change.member));
      return;
    default: steps.cannot("undo: sluice does not know how to " + summarizeChange(change) + " back"); return;
  }
}

}  // namespace sluice::rollback
