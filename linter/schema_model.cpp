#include "linter/schema_model.hpp"

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

namespace {

std::string objectKey(ObjectKind kind, const ast::QualifiedName& name) {
  return std::string(objectKindName(kind)) + ":" + name.key();
}

std::optional<ObjectKind> kindOf(PgQuery__ObjectType type) {
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: return ObjectKind::Schema;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return ObjectKind::Table;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return ObjectKind::View;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return ObjectKind::MaterializedView;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return ObjectKind::Index;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return ObjectKind::Sequence;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return ObjectKind::Type;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: return ObjectKind::Function;
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return ObjectKind::Extension;
    default: return std::nullopt;
  }
}

ModelColumn columnFrom(const PgQuery__ColumnDef* def, const std::string& origin) {
  ModelColumn column;
  column.name = def->colname;
  column.type = ast::typeInfo(def->type_name);
  column.notNull = def->is_not_null;
  column.hasDefault = def->raw_default != nullptr;
  column.identity = def->identity[0] != '\0';
  column.generated = def->generated[0] != '\0';
  column.origin = origin;
  for (const auto* constraint : ast::columnConstraints(def)) {
    switch (constraint->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: column.notNull = true; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: column.hasDefault = true; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: column.identity = true; break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: column.generated = true; break;
      default: break;
    }
  }
  return column;
}

}  // namespace

const ModelColumn* ModelTable::column(std::string_view columnName) const {
  for (const auto& c : columns) {
    if (c.name == columnName) return &c;
  }
  return nullptr;
}

ModelColumn* ModelTable::column(std::string_view columnName) {
  for (auto& c : columns) {
    if (c.name == columnName) return &c;
  }
  return nullptr;
}

void SchemaModel::beginMigration(std::string id) { current_ = std::move(id); }

const ModelTable* SchemaModel::table(const ast::QualifiedName& name) const {
  auto it = tables_.find(name.key());
  return it != tables_.end() ? &it->second : nullptr;
}

ModelTable* SchemaModel::mutableTable(const ast::QualifiedName& name) {
  auto it = tables_.find(name.key());
  return it != tables_.end() ? &it->second : nullptr;
}

const ModelObject* SchemaModel::object(ObjectKind kind, const ast::QualifiedName& name) const {
  if (kind == ObjectKind::Table) return nullptr;
  auto it = objects_.find(objectKey(kind, name));
  return it != objects_.end() ? &it->second : nullptr;
}

bool SchemaModel::isNewTable(const ast::QualifiedName& name) const {
  const ModelTable* t = table(name);
  return t != nullptr && t->origin == current_;
}

bool SchemaModel::isNewColumn(const ast::QualifiedName& tableName, std::string_view columnName) const {
  const ModelTable* t = table(tableName);
  if (t == nullptr) return false;
  if (t->origin == current_) return true;
  const ModelColumn* c = t->column(columnName);
  return c != nullptr && c->origin == current_;
}

bool SchemaModel::isNewConstraint(const ast::QualifiedName& tableName, std::string_view constraint) const {
  const ModelTable* t = table(tableName);
  if (t == nullptr) return false;
  if (t->origin == current_) return true;
  for (const auto& c : t->constraints) {
    if (c.name == constraint) return c.origin == current_;
  }
  return false;
}

bool SchemaModel::isNewObject(ObjectKind kind, const ast::QualifiedName& name) const {
  if (kind == ObjectKind::Table) return isNewTable(name);
  const ModelObject* o = object(kind, name);
  return o != nullptr && o->origin == current_;
}

bool SchemaModel::isNewEnumValue(const ast::QualifiedName& type, std::string_view value) const {
  const ModelObject* o = object(ObjectKind::Type, type);
  if (o == nullptr) return false;
  for (std::size_t i = 0; i < o->enumValues.size(); ++i) {
    if (o->enumValues[i] == value) return o->enumValueOrigins[i] == current_;
  }
  return false;
}

std::string SchemaModel::describe(ObjectKind kind, const ast::QualifiedName& name) const {
  std::string out = std::string(objectKindName(kind)) + " `" + name.display() + "`";
  std::string origin;
  if (kind == ObjectKind::Table) {
    if (const ModelTable* t = table(name)) origin = t->origin;
  } else if (const ModelObject* o = object(kind, name)) {
    origin = o->origin;
  }
  if (origin.empty()) return out;
  if (origin == current_) return out + ", created in this migration";
  return out + ", created in " + origin;
}

void SchemaModel::addObject(ObjectKind kind, const ast::QualifiedName& name, std::string tableKey) {
  if (name.empty()) return;
  ModelObject object;
  object.kind = kind;
  object.name = name;
  object.origin = current_;
  object.tableKey = std::move(tableKey);
  objects_[objectKey(kind, name)] = std::move(object);
}

void SchemaModel::addConstraint(ModelTable& table, const PgQuery__Constraint* constraint, std::string_view column) {
  switch (constraint->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: return;
    default: break;
  }
  ModelConstraint model;
  model.name = constraint->conname;
  model.type = constraint->contype;
  model.validated = !constraint->skip_validation;
  model.origin = current_;
  if (!column.empty()) model.columns.emplace_back(column);
  for (auto key : ast::stringList(constraint->keys, constraint->n_keys)) model.columns.emplace_back(key);
  for (auto key : ast::stringList(constraint->fk_attrs, constraint->n_fk_attrs)) model.columns.emplace_back(key);
  if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
    for (const auto& name : model.columns) {
      if (ModelColumn* c = table.column(name)) c->notNull = true;
    }
  }
  // Unique and primary keys are backed by an index of the constraint's name.
  if ((constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
       constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) &&
      !model.name.empty()) {
    addObject(ObjectKind::Index, {table.name.schema, model.name}, table.name.key());
  }
  table.constraints.push_back(std::move(model));
}

void SchemaModel::createTable(const PgQuery__CreateStmt* create) {
  ast::QualifiedName name = ast::relationName(create->relation);
  if (create->if_not_exists && table(name) != nullptr) return;
  ModelTable table;
  table.name = name;
  table.origin = current_;
  table.temporary = create->relation->relpersistence[0] == 't';
  table.partitioned = create->partspec != nullptr;
  table.columnsKnown = create->n_inh_relations == 0 && create->of_typename == nullptr;
  tables_[name.key()] = table;
  ModelTable& stored = tables_[name.key()];
  for (size_t i = 0; i < create->n_table_elts; ++i) {
    const ast::Node* element = create->table_elts[i];
    if (element->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      stored.columns.push_back(columnFrom(element->column_def, current_));
      for (const auto* constraint : ast::columnConstraints(element->column_def)) {
        addConstraint(stored, constraint, element->column_def->colname);
      }
    } else if (element->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      addConstraint(stored, element->constraint, {});
    } else {
      stored.columnsKnown = false;  // LIKE other_table
    }
  }
}

void SchemaModel::alterTable(const PgQuery__AlterTableStmt* alter) {
  ast::QualifiedName name = ast::relationName(alter->relation);
  ModelTable* t = mutableTable(name);
  if (t == nullptr) return;
  for (size_t i = 0; i < alter->n_cmds; ++i) {
    const PgQuery__AlterTableCmd* cmd = alter->cmds[i]->alter_table_cmd;
    if (cmd == nullptr) continue;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          const PgQuery__ColumnDef* def = cmd->def->column_def;
          if (t->column(def->colname) == nullptr) {
            t->columns.push_back(columnFrom(def, current_));
            for (const auto* constraint : ast::columnConstraints(def)) addConstraint(*t, constraint, def->colname);
          }
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        std::erase_if(t->columns, [&](const ModelColumn& c) { return c.name == cmd->name; });
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        if (ModelColumn* c = t->column(cmd->name);
            c != nullptr && cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          c->type = ast::typeInfo(cmd->def->column_def->type_name);
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        if (ModelColumn* c = t->column(cmd->name)) c->notNull = true;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        if (ModelColumn* c = t->column(cmd->name)) c->notNull = false;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        if (ModelColumn* c = t->column(cmd->name)) c->hasDefault = cmd->def != nullptr;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
          addConstraint(*t, cmd->def->constraint, {});
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
        for (auto& c : t->constraints) {
          if (c.name == cmd->name) c.validated = true;
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        std::erase_if(t->constraints, [&](const ModelConstraint& c) { return c.name == cmd->name; });
        break;
      default: break;
    }
  }
}

void SchemaModel::rename(const PgQuery__RenameStmt* rename) {
  switch (rename->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: {
      ast::QualifiedName from = ast::relationName(rename->relation);
      auto it = tables_.find(from.key());
      if (it == tables_.end()) return;
      ModelTable table = std::move(it->second);
      tables_.erase(it);
      table.name.name = rename->newname;
      tables_[table.name.key()] = std::move(table);
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
      if (ModelTable* t = mutableTable(ast::relationName(rename->relation))) {
        if (ModelColumn* c = t->column(rename->subname)) c->name = rename->newname;
      }
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
      if (ModelTable* t = mutableTable(ast::relationName(rename->relation))) {
        for (auto& c : t->constraints) {
          if (c.name == rename->subname) c.name = rename->newname;
        }
      }
      return;
    default: break;
  }
  std::optional<ObjectKind> kind = kindOf(rename->rename_type);
  if (!kind) return;
  ast::QualifiedName from =
      rename->relation != nullptr ? ast::relationName(rename->relation) : ast::objectName(rename->object);
  auto it = objects_.find(objectKey(*kind, from));
  if (it == objects_.end()) return;
  ModelObject object = std::move(it->second);
  objects_.erase(it);
  object.name.name = rename->newname;
  objects_[objectKey(*kind, object.name)] = std::move(object);
}

void SchemaModel::drop(const PgQuery__DropStmt* drop) {
  std::optional<ObjectKind> kind = kindOf(drop->remove_type);
  if (!kind) return;
  for (size_t i = 0; i < drop->n_objects; ++i) {
    ast::QualifiedName name = ast::objectName(drop->objects[i]);
    if (*kind == ObjectKind::Table) {
      std::string key = name.key();
      tables_.erase(key);
      std::erase_if(objects_, [&](const auto& entry) { return entry.second.tableKey == key; });
    } else {
      objects_.erase(objectKey(*kind, name));
    }
  }
}

void SchemaModel::apply(const ast::Node* statement) {
  if (statement == nullptr) return;
  switch (statement->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: createTable(statement->create_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
      const auto* create = statement->create_table_as_stmt;
      if (create->into == nullptr || create->into->rel == nullptr) break;
      ast::QualifiedName name = ast::relationName(create->into->rel);
      if (create->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
        addObject(ObjectKind::MaterializedView, name);
      } else {
        ModelTable table;
        table.name = name;
        table.origin = current_;
        table.columnsKnown = false;
        table.temporary = create->into->rel->relpersistence[0] == 't';
        tables_[name.key()] = std::move(table);
      }
      break;
    }
    case PG_QUERY__NODE__NODE_SELECT_STMT: {
      // SELECT ... INTO new_table creates a table.
      const auto* select = statement->select_stmt;
      if (select->into_clause != nullptr && select->into_clause->rel != nullptr) {
        ModelTable table;
        table.name = ast::relationName(select->into_clause->rel);
        table.origin = current_;
        table.columnsKnown = false;
        tables_[table.name.key()] = std::move(table);
      }
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: alterTable(statement->alter_table_stmt); break;
    case PG_QUERY__NODE__NODE_RENAME_STMT: rename(statement->rename_stmt); break;
    case PG_QUERY__NODE__NODE_DROP_STMT: drop(statement->drop_stmt); break;
    case PG_QUERY__NODE__NODE_INDEX_STMT: {
      const auto* index = statement->index_stmt;
      ast::QualifiedName tableName = ast::relationName(index->relation);
      if (index->idxname[0] != '\0') {
        if (index->if_not_exists && object(ObjectKind::Index, {tableName.schema, index->idxname}) != nullptr) break;
        addObject(ObjectKind::Index, {tableName.schema, index->idxname}, tableName.key());
        objects_[objectKey(ObjectKind::Index, {tableName.schema, index->idxname})].unique = index->unique;
      }
      break;
    }
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      if (!statement->view_stmt->replace ||
          object(ObjectKind::View, ast::relationName(statement->view_stmt->view)) == nullptr) {
        addObject(ObjectKind::View, ast::relationName(statement->view_stmt->view));
      }
      break;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      addObject(ObjectKind::Sequence, ast::relationName(statement->create_seq_stmt->sequence));
      break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
      const auto* create = statement->create_enum_stmt;
      ast::QualifiedName name = ast::qualifiedName(create->type_name, create->n_type_name);
      addObject(ObjectKind::Type, name);
      ModelObject& type = objects_[objectKey(ObjectKind::Type, name)];
      for (auto value : ast::stringList(create->vals, create->n_vals)) {
        type.enumValues.emplace_back(value);
        type.enumValueOrigins.push_back(current_);
      }
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: {
      const auto* alter = statement->alter_enum_stmt;
      ast::QualifiedName name = ast::qualifiedName(alter->type_name, alter->n_type_name);
      auto it = objects_.find(objectKey(ObjectKind::Type, name));
      if (it == objects_.end()) break;
      ModelObject& type = it->second;
      if (alter->old_val[0] != '\0') {
        for (auto& value : type.enumValues) {
          if (value == alter->old_val) value = alter->new_val;
        }
      } else if (alter->new_val[0] != '\0') {
        type.enumValues.emplace_back(alter->new_val);
        type.enumValueOrigins.push_back(current_);
      }
      break;
    }
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      addObject(ObjectKind::Type, ast::relationName(statement->composite_type_stmt->typevar));
      break;
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
      const auto* create = statement->create_domain_stmt;
      addObject(ObjectKind::Type, ast::qualifiedName(create->domainname, create->n_domainname));
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
      const auto* create = statement->create_function_stmt;
      ast::QualifiedName name = ast::qualifiedName(create->funcname, create->n_funcname);
      if (!create->replace || object(ObjectKind::Function, name) == nullptr) addObject(ObjectKind::Function, name);
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      if (object(ObjectKind::Extension, {"", statement->create_extension_stmt->extname}) == nullptr) {
        addObject(ObjectKind::Extension, {"", statement->create_extension_stmt->extname});
      }
      break;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
      if (object(ObjectKind::Schema, {"", statement->create_schema_stmt->schemaname}) == nullptr) {
        addObject(ObjectKind::Schema, {"", statement->create_schema_stmt->schemaname});
      }
      break;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
      const auto* create = statement->create_trig_stmt;
      ast::QualifiedName table = ast::relationName(create->relation);
      addObject(ObjectKind::Trigger, {table.schema, create->trigname}, table.key());
      break;
    }
    default: break;
  }
}

}  // namespace sluice
