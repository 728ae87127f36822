#include "linter/rollback/definitions.hpp"

#include <vector>

#include "linter/rollback/sql_text.hpp"

namespace sluice::rollback {

namespace {

std::string memberKey(const ast::QualifiedName& table, std::string_view member) {
  return table.key() + "\n" + std::string(member);
}

std::string objectKey(ObjectKind kind, const ast::QualifiedName& name) {
  return std::string(objectKindName(kind)) + ":" + name.key();
}

// The constraints the model stores (schema_model.cpp: storeConstraint skips these).
bool storedByModel(const PgQuery__Constraint* constraint) {
  switch (constraint->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: return false;
    default: return true;
  }
}

const char* text(const char* value) { return value != nullptr ? value : ""; }

// A constraint as a statement writes it; the model names it afterwards.
ConstraintDefinition asWritten(const PgQuery__Constraint* constraint, std::string column = {}) {
  ConstraintDefinition definition;
  definition.constraint = constraint;
  definition.column = std::move(column);
  return definition;
}

// Column `from` is now called `to`, in a definition whose names `renames` maps.
void rename(ColumnRenames& renames, const std::string& from, const std::string& to) {
  bool found = false;
  for (auto& [written, current] : renames) {
    if (current == from) {
      current = to;
      found = true;
    }
  }
  if (!found && !renames.contains(from)) renames[from] = to;
}

}  // namespace

std::string currentColumn(const ColumnRenames& renames, std::string_view written) {
  auto it = renames.find(written);
  return it != renames.end() ? it->second : std::string(written);
}

std::optional<std::string> commentTarget(const PgQuery__CommentStmt* comment) {
  NodeArena arena;
  PgQuery__CommentStmt* copy = arena.copy(*comment);
  copy->comment = arena.text("");
  auto* node = arena.make(pg_query__node__init);
  node->node_case = PG_QUERY__NODE__NODE_COMMENT_STMT;
  node->comment_stmt = copy;
  std::optional<std::string> sql = deparse(node);
  static constexpr std::string_view kSuffix = " IS NULL";
  if (!sql || !sql->ends_with(kSuffix)) return std::nullopt;
  return sql->substr(0, sql->size() - kSuffix.size());
}

void Definitions::learnColumn(const ast::QualifiedName& table, const PgQuery__ColumnDef* column) {
  ColumnDefinition definition;
  definition.column = column;
  definition.type = column->type_name;
  definition.defaultValue = column->raw_default;
  for (const auto* constraint : ast::columnConstraints(column)) {
    if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT) definition.defaultValue = constraint->raw_expr;
  }
  columns_[memberKey(table, column->colname)] = definition;
}

void Definitions::learnTable(const PgQuery__CreateStmt* create, const SchemaModel& after) {
  ast::QualifiedName name = ast::relationName(create->relation);
  const ModelTable* table = after.table(name);
  if (table == nullptr) return;
  // The model stores a table's constraints in the order they are written.
  std::vector<ConstraintDefinition> written;
  for (size_t i = 0; i < create->n_table_elts; ++i) {
    const ast::Node* element = create->table_elts[i];
    if (element->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      learnColumn(table->name, element->column_def);
      for (const auto* constraint : ast::columnConstraints(element->column_def)) {
        if (storedByModel(constraint)) written.push_back(asWritten(constraint, element->column_def->colname));
      }
    } else if (element->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && storedByModel(element->constraint)) {
      written.push_back(asWritten(element->constraint));
    }
  }
  if (written.size() != table->constraints.size()) return;  // inherited or unknown: no guess
  for (std::size_t i = 0; i < written.size(); ++i) {
    written[i].name = table->constraints[i].name;
    written[i].references = table->constraints[i].references;
    if (!written[i].name.empty()) constraints_[memberKey(table->name, written[i].name)] = written[i];
  }
}

void Definitions::learnAlterTable(const PgQuery__AlterTableStmt* alter, const SchemaModel& before,
                                  const SchemaModel& after) {
  if (alter->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) return;
  ast::QualifiedName name = ast::relationName(alter->relation);
  std::vector<ConstraintDefinition> written;
  for (size_t i = 0; i < alter->n_cmds; ++i) {
    if (alter->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) continue;
    const PgQuery__AlterTableCmd* command = alter->cmds[i]->alter_table_cmd;
    const ast::Node* definition = command->def;
    switch (command->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        if (definition != nullptr && definition->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          learnColumn(name, definition->column_def);
          for (const auto* constraint : ast::columnConstraints(definition->column_def)) {
            if (storedByModel(constraint)) written.push_back(asWritten(constraint, definition->column_def->colname));
          }
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (definition != nullptr && definition->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
          written.push_back(asWritten(definition->constraint));
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        if (auto it = columns_.find(memberKey(name, text(command->name)));
            it != columns_.end() && definition != nullptr && definition->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          it->second.type = definition->column_def->type_name;
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        if (auto it = columns_.find(memberKey(name, text(command->name))); it != columns_.end()) {
          it->second.defaultValue = definition;
        }
        break;
      default: break;
    }
  }
  // New constraints are appended to the model's list, in the order they are written.
  const ModelTable* was = before.table(name);
  const ModelTable* is = after.table(name);
  if (is == nullptr) return;
  std::size_t kept = was != nullptr ? was->constraints.size() : 0;
  if (kept > is->constraints.size() || is->constraints.size() - kept != written.size()) return;
  for (std::size_t i = 0; i < written.size(); ++i) {
    written[i].name = is->constraints[kept + i].name;
    written[i].references = is->constraints[kept + i].references;
    if (!written[i].name.empty()) constraints_[memberKey(is->name, written[i].name)] = written[i];
  }
}

void Definitions::moveTable(const std::string& from, const std::string& to) {
  auto move = [&](auto& store) {
    std::string prefix = from + "\n";
    for (auto it = store.begin(); it != store.end();) {
      if (it->first.starts_with(prefix)) {
        store[to + "\n" + it->first.substr(prefix.size())] = it->second;
        it = store.erase(it);
      } else {
        ++it;
      }
    }
  };
  move(columns_);
  move(constraints_);
}

// The constraints and indexes written with the old name keep it in their parse trees:
// they learn the new one, so that a rollback writes them back as they are now.
void Definitions::renameColumn(const ast::QualifiedName& table, const std::string& from, const std::string& to,
                               const SchemaModel& before) {
  if (auto it = columns_.find(memberKey(table, from)); it != columns_.end()) {
    ColumnDefinition definition = it->second;
    columns_.erase(it);
    columns_[memberKey(table, to)] = definition;
  }
  const ModelTable* known = before.table(table);
  std::string key = known != nullptr ? known->name.key() : table.key();
  for (auto& [member, constraint] : constraints_) {
    if (member.starts_with(key + "\n")) {
      if (constraint.column == from) constraint.column = to;
      rename(constraint.columns, from, to);
    }
    if (!constraint.references.empty() && constraint.references.key() == key) {
      rename(constraint.referencedColumns, from, to);
    }
  }
  for (const ModelObject* index : before.indexesOf(table)) {
    rename(indexColumns_[objectKey(ObjectKind::Index, index->name)], from, to);
  }
}

void Definitions::learnRename(const PgQuery__RenameStmt* rename, const SchemaModel& before) {
  std::optional<ChangeTarget> target = targetOf(rename->rename_type);
  if (!target) return;
  std::string newName = text(rename->newname);
  ast::QualifiedName relation = ast::relationName(rename->relation);
  switch (*target) {
    case ChangeTarget::Table: {
      ast::QualifiedName renamed{relation.schema, newName};
      moveTable(relation.key(), renamed.key());
      // Foreign keys of other tables reference it under its new name.
      for (auto& [key, constraint] : constraints_) {
        if (!constraint.references.empty() && constraint.references.key() == relation.key()) {
          constraint.references.name = newName;
        }
      }
      return;
    }
    case ChangeTarget::Column: renameColumn(relation, text(rename->subname), newName, before); return;
    case ChangeTarget::Constraint: {
      auto it = constraints_.find(memberKey(relation, text(rename->subname)));
      if (it == constraints_.end()) return;
      ConstraintDefinition definition = it->second;
      constraints_.erase(it);
      definition.name = newName;
      constraints_[memberKey(relation, newName)] = definition;
      return;
    }
    default: break;
  }
  std::optional<ObjectKind> kind = objectKindOf(*target);
  if (!kind) return;
  ast::QualifiedName from = rename->relation != nullptr ? relation : ast::objectName(rename->object);
  auto it = objects_.find(objectKey(*kind, from));
  if (it == objects_.end()) return;
  const ast::Node* definition = it->second;
  objects_.erase(it);
  objects_[objectKey(*kind, {from.schema, newName})] = definition;
  if (auto renames = indexColumns_.extract(objectKey(*kind, from))) {
    renames.key() = objectKey(*kind, {from.schema, newName});
    indexColumns_.insert(std::move(renames));
  }
}

void Definitions::learn(const ast::Node* statement, const SchemaModel& before, const SchemaModel& after) {
  if (statement == nullptr) return;
  auto remember = [&](ObjectKind kind, const ast::QualifiedName& name) {
    if (!name.empty()) objects_[objectKey(kind, name)] = statement;
  };
  switch (statement->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: learnTable(statement->create_stmt, after); break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: learnAlterTable(statement->alter_table_stmt, before, after); break;
    case PG_QUERY__NODE__NODE_RENAME_STMT: learnRename(statement->rename_stmt, before); break;
    case PG_QUERY__NODE__NODE_INDEX_STMT: {
      ast::QualifiedName table = ast::relationName(statement->index_stmt->relation);
      ast::QualifiedName index{table.schema, text(statement->index_stmt->idxname)};
      remember(ObjectKind::Index, index);
      indexColumns_.erase(objectKey(ObjectKind::Index, index));
      break;
    }
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      remember(ObjectKind::View, ast::relationName(statement->view_stmt->view));
      break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      if (statement->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW &&
          statement->create_table_as_stmt->into != nullptr) {
        remember(ObjectKind::MaterializedView, ast::relationName(statement->create_table_as_stmt->into->rel));
      }
      break;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
      remember(ObjectKind::Function, ast::qualifiedName(statement->create_function_stmt->funcname,
                                                        statement->create_function_stmt->n_funcname));
      break;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
      ast::QualifiedName table = ast::relationName(statement->create_trig_stmt->relation);
      remember(ObjectKind::Trigger, {table.schema, text(statement->create_trig_stmt->trigname)});
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      remember(ObjectKind::Sequence, ast::relationName(statement->create_seq_stmt->sequence));
      break;
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      remember(ObjectKind::Type, ast::relationName(statement->composite_type_stmt->typevar));
      break;
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
      remember(ObjectKind::Type, ast::qualifiedName(statement->create_domain_stmt->domainname,
                                                    statement->create_domain_stmt->n_domainname));
      break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
      remember(ObjectKind::Type,
               ast::qualifiedName(statement->create_enum_stmt->type_name, statement->create_enum_stmt->n_type_name));
      break;
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      remember(ObjectKind::Extension, {"", text(statement->create_extension_stmt->extname)});
      break;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      remember(ObjectKind::Schema, {"", text(statement->create_schema_stmt->schemaname)});
      break;
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
      if (auto target = commentTarget(statement->comment_stmt)) {
        const char* comment = statement->comment_stmt->comment;
        comments_[*target] =
            comment != nullptr && comment[0] != '\0' ? std::optional<std::string>(comment) : std::nullopt;
      }
      break;
    default: break;
  }
}

const ColumnDefinition* Definitions::column(const ast::QualifiedName& table, std::string_view column) const {
  auto it = columns_.find(memberKey(table, column));
  return it != columns_.end() ? &it->second : nullptr;
}

const ConstraintDefinition* Definitions::constraint(const ast::QualifiedName& table, std::string_view name) const {
  auto it = constraints_.find(memberKey(table, name));
  return it != constraints_.end() ? &it->second : nullptr;
}

const ast::Node* Definitions::object(ObjectKind kind, const ast::QualifiedName& name) const {
  auto it = objects_.find(objectKey(kind, name));
  return it != objects_.end() ? it->second : nullptr;
}

const ColumnRenames& Definitions::indexColumns(const ast::QualifiedName& name) const {
  static const ColumnRenames kNone;
  auto it = indexColumns_.find(objectKey(ObjectKind::Index, name));
  return it != indexColumns_.end() ? it->second : kNone;
}

std::optional<std::string> Definitions::comment(const std::string& target) const {
  auto it = comments_.find(target);
  return it != comments_.end() ? it->second : std::nullopt;
}

}  // namespace sluice::rollback
