#include "linter/schema_model.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "linter/unparsed.hpp"

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
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: return ObjectKind::Table;
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
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: return ObjectKind::Trigger;
    default: return std::nullopt;
  }
}

ModelColumn columnFrom(const PgQuery__ColumnDef* def, const std::string& origin) {
  ModelColumn column;
  column.name = def->colname;
  column.type = ast::typeInfo(def->type_name);
  column.notNull = def->is_not_null;
  column.hasDefault = def->raw_default != nullptr;
  // serial is an integer column with a sequence default, not a type of its own.
  if (column.type.name.starts_with("serial") && column.type.arrayDimensions == 0) {
    column.type.name = "int" + column.type.name.substr(6);
    column.hasDefault = true;
    column.notNull = true;
  }
  column.identity = def->identity[0] != '\0';
  column.generated = def->generated[0] != '\0';
  column.origin = origin;
  column.typeOrigin = origin;
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

// The columns an index uses: key columns and every column named in its expressions.
std::vector<std::string> indexColumns(const PgQuery__IndexStmt* index) {
  std::vector<std::string> columns;
  auto add = [&](std::string_view name) {
    if (!name.empty() && std::find(columns.begin(), columns.end(), name) == columns.end()) columns.emplace_back(name);
  };
  for (size_t i = 0; i < index->n_index_params; ++i) {
    const ast::Node* param = index->index_params[i];
    if (param->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) continue;
    const PgQuery__IndexElem* elem = param->index_elem;
    if (elem->name != nullptr && elem->name[0] != '\0') add(elem->name);
    ast::forEachNode(elem->expr, [&](const ast::Node* node) {
      if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && node->column_ref->n_fields > 0) {
        add(ast::stringValue(node->column_ref->fields[node->column_ref->n_fields - 1]));
      }
      return true;
    });
  }
  return columns;
}

// The name PostgreSQL gives a constraint written without one (ChooseConstraintName):
// orders_pkey, orders_email_key, orders_user_id_fkey. Empty where the rule is not as
// simple (CHECK constraints name the columns of their expression). Names longer than
// 63 bytes, which PostgreSQL shortens, are not shortened here.
std::string defaultConstraintName(const std::string& table, PgQuery__ConstrType type,
                                  const std::vector<std::string>& columns) {
  std::string joined;
  for (const std::string& column : columns) joined += "_" + column;
  switch (type) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: return table + "_pkey";
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: return columns.empty() ? std::string() : table + joined + "_key";
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: return columns.empty() ? std::string() : table + joined + "_fkey";
    default: return {};
  }
}

// Identifier-like words of a piece of code, lower-cased: candidates for table names.
std::vector<std::string> wordsOf(std::string_view code) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (char c : code) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_') {
      word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      flush();
    }
  }
  flush();
  return words;
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
  return it != tables_.end() ? it->second.get() : nullptr;
}

ModelTable* SchemaModel::writable(std::shared_ptr<ModelTable>& table) {
  // Copies of the model share tables until one of them changes a table.
  if (table.use_count() > 1) table = std::make_shared<ModelTable>(*table);
  return table.get();
}

ModelObject* SchemaModel::writable(std::shared_ptr<ModelObject>& object) {
  if (object.use_count() > 1) object = std::make_shared<ModelObject>(*object);
  return object.get();
}

ModelTable* SchemaModel::mutableTable(const ast::QualifiedName& name) {
  auto it = tables_.find(name.key());
  return it != tables_.end() ? writable(it->second) : nullptr;
}

std::vector<const ModelTable*> SchemaModel::allTables() const {
  std::vector<const ModelTable*> out;
  out.reserve(tables_.size());
  for (const auto& [key, table] : tables_) out.push_back(table.get());
  return out;
}

ModelTable& SchemaModel::tableForAlter(const ast::QualifiedName& name) {
  auto [it, inserted] = tables_.try_emplace(name.key());
  if (inserted) {
    it->second = std::make_shared<ModelTable>();
    it->second->name = name;
    it->second->inferred = true;
    it->second->columnsKnown = false;
  }
  return *writable(it->second);
}

const ModelObject* SchemaModel::object(ObjectKind kind, const ast::QualifiedName& name) const {
  if (kind == ObjectKind::Table) return nullptr;
  auto it = objects_.find(objectKey(kind, name));
  return it != objects_.end() ? it->second.get() : nullptr;
}

std::vector<const ModelObject*> SchemaModel::indexesOf(const ast::QualifiedName& tableName) const {
  std::vector<const ModelObject*> out;
  std::string key = tableName.key();
  for (const auto& [objectKeyText, object] : objects_) {
    if (object->kind == ObjectKind::Index && object->tableKey == key) out.push_back(object.get());
  }
  return out;
}

bool SchemaModel::isNewTable(const ast::QualifiedName& name) const {
  if (const ModelTable* t = table(name)) return !t->origin.empty() && t->origin == current_;
  // A materialized view is a relation too: it gets indexes and is locked like a table.
  return isNewObject(ObjectKind::MaterializedView, name);
}

bool SchemaModel::isNewColumn(const ast::QualifiedName& tableName, std::string_view columnName) const {
  const ModelTable* t = table(tableName);
  if (t == nullptr) return false;
  if (!t->origin.empty() && t->origin == current_) return true;
  const ModelColumn* c = t->column(columnName);
  return c != nullptr && !c->origin.empty() && c->origin == current_;
}

bool SchemaModel::isNewConstraint(const ast::QualifiedName& tableName, std::string_view constraint) const {
  const ModelTable* t = table(tableName);
  if (t == nullptr) return false;
  if (!t->origin.empty() && t->origin == current_) return true;
  for (const auto& c : t->constraints) {
    if (c.name == constraint) return !c.origin.empty() && c.origin == current_;
  }
  return false;
}

bool SchemaModel::isNewObject(ObjectKind kind, const ast::QualifiedName& name) const {
  if (kind == ObjectKind::Table) return isNewTable(name);
  const ModelObject* o = object(kind, name);
  return o != nullptr && !o->origin.empty() && o->origin == current_;
}

bool SchemaModel::isNewEnumValue(const ast::QualifiedName& type, std::string_view value) const {
  const ModelObject* o = object(ObjectKind::Type, type);
  if (o == nullptr) return false;
  for (std::size_t i = 0; i < o->enumValues.size(); ++i) {
    if (o->enumValues[i] == value) return !o->enumValueOrigins[i].empty() && o->enumValueOrigins[i] == current_;
  }
  return false;
}

bool SchemaModel::undoesRename(const ast::QualifiedName& tableName, std::string_view columnName,
                               std::string_view newName) const {
  const ModelTable* t = table(tableName);
  if (t == nullptr || current_.empty()) return false;
  const ModelRename* rename = nullptr;
  if (columnName.empty()) {
    rename = t->renamed ? &*t->renamed : nullptr;
  } else if (auto it = t->renamedColumns.find(columnName); it != t->renamedColumns.end()) {
    rename = &it->second;
  }
  return rename != nullptr && rename->origin == current_ && rename->from == newName;
}

bool SchemaModel::existedBefore(ObjectKind kind, const ast::QualifiedName& name) const {
  if (kind == ObjectKind::Table) {
    const ModelTable* t = table(name);
    return t != nullptr && !isNewTable(name);
  }
  const ModelObject* o = object(kind, name);
  return o != nullptr && !isNewObject(kind, name);
}

std::string SchemaModel::describe(ObjectKind kind, const ast::QualifiedName& name) const {
  // A relation named where a table is expected may be a materialized view.
  if (kind == ObjectKind::Table && table(name) == nullptr && object(ObjectKind::MaterializedView, name) != nullptr) {
    kind = ObjectKind::MaterializedView;
  }
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

std::string SchemaModel::describeColumn(const ast::QualifiedName& tableName, std::string_view columnName) const {
  std::string out = "column `" + std::string(columnName) + "` of table `" + tableName.display() + "`";
  const ModelTable* t = table(tableName);
  const ModelColumn* c = t != nullptr ? t->column(columnName) : nullptr;
  if (c == nullptr || c->origin.empty()) return out;
  if (c->origin == current_) return out + ", added in this migration";
  if (c->origin == t->origin) return out + ", created in " + c->origin;
  return out + ", added in " + c->origin;
}

void SchemaModel::addObject(ObjectKind kind, const ast::QualifiedName& name, std::string tableKey) {
  if (name.empty()) return;
  ModelObject object;
  object.kind = kind;
  object.name = name;
  object.origin = current_;
  object.tableKey = std::move(tableKey);
  objects_[objectKey(kind, name)] = std::make_shared<ModelObject>(std::move(object));
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
  if (model.name.empty()) model.name = defaultConstraintName(table.name.name, model.type, model.columns);
  if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
    for (const auto& name : model.columns) {
      if (ModelColumn* c = table.column(name)) c->notNull = true;
    }
  }
  // Unique and primary keys are backed by an index of the constraint's name (or of the
  // one USING INDEX names).
  bool indexed = constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                 constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE;
  if (indexed && constraint->indexname != nullptr && constraint->indexname[0] != '\0') {
    ast::QualifiedName existing{table.name.schema, constraint->indexname};
    auto it = objects_.find(objectKey(ObjectKind::Index, existing));
    if (it != objects_.end() && !model.name.empty() && model.name != existing.name) {
      // ADD CONSTRAINT c UNIQUE USING INDEX i renames the index to c.
      ModelObject index = *it->second;
      objects_.erase(it);
      index.name.name = model.name;
      std::string key = objectKey(ObjectKind::Index, index.name);  // before index is moved
      objects_[key] = std::make_shared<ModelObject>(std::move(index));
    }
  } else if (indexed && !model.name.empty()) {
    addObject(ObjectKind::Index, {table.name.schema, model.name}, table.name.key());
    ModelObject& index = *objects_[objectKey(ObjectKind::Index, {table.name.schema, model.name})];
    index.unique = true;
    index.columns = model.columns;
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
  table.columnsKnown = create->of_typename == nullptr;
  // INHERITS and PARTITION OF take the parent's columns.
  for (size_t i = 0; i < create->n_inh_relations; ++i) {
    const ast::Node* parent = create->inh_relations[i];
    const ModelTable* known = parent->node_case == PG_QUERY__NODE__NODE_RANGE_VAR
                                  ? this->table(ast::relationName(parent->range_var))
                                  : nullptr;
    if (known == nullptr || !known->columnsKnown) {
      table.columnsKnown = false;
      continue;
    }
    for (ModelColumn column : known->columns) {
      if (table.column(column.name) != nullptr) continue;
      column.origin = current_;
      column.typeOrigin = current_;
      table.columns.push_back(std::move(column));
    }
  }
  auto& slot = tables_[name.key()];
  slot = std::make_shared<ModelTable>(std::move(table));
  ModelTable& stored = *slot;
  for (size_t i = 0; i < create->n_table_elts; ++i) {
    const ast::Node* element = create->table_elts[i];
    if (element->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
      const PgQuery__ColumnDef* def = element->column_def;
      if (ModelColumn* inherited = stored.column(def->colname)) {
        // A partition's column options (WITH OPTIONS ... NOT NULL) refine the parent's.
        if (def->is_not_null) inherited->notNull = true;
        continue;
      }
      stored.columns.push_back(columnFrom(def, current_));
      for (const auto* constraint : ast::columnConstraints(def)) addConstraint(stored, constraint, def->colname);
    } else if (element->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      addConstraint(stored, element->constraint, {});
    } else if (element->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
      const ModelTable* like = this->table(ast::relationName(element->table_like_clause->relation));
      if (like == nullptr || !like->columnsKnown) {
        stored.columnsKnown = false;
        continue;
      }
      std::vector<ModelColumn> copied = like->columns;
      for (ModelColumn& column : copied) {
        column.origin = current_;
        column.typeOrigin = current_;
        stored.columns.push_back(std::move(column));
      }
    } else {
      stored.columnsKnown = false;
    }
  }
}

void SchemaModel::dropColumn(ModelTable& table, std::string_view column) {
  std::erase_if(table.columns, [&](const ModelColumn& c) { return c.name == column; });
  if (auto it = table.renamedColumns.find(column); it != table.renamedColumns.end()) table.renamedColumns.erase(it);
  // Indexes and constraints on the column go with it.
  auto usesColumn = [&](const std::vector<std::string>& columns) {
    return std::find(columns.begin(), columns.end(), column) != columns.end();
  };
  std::erase_if(table.constraints, [&](const ModelConstraint& c) { return usesColumn(c.columns); });
  std::string key = table.name.key();
  std::erase_if(objects_, [&](const auto& entry) {
    return entry.second->kind == ObjectKind::Index && entry.second->tableKey == key &&
           usesColumn(entry.second->columns);
  });
}

void SchemaModel::alterTable(const PgQuery__AlterTableStmt* alter) {
  ast::QualifiedName name = ast::relationName(alter->relation);
  if (alter->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
      alter->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE) {
    return;  // ALTER INDEX / VIEW / SEQUENCE ... options: nothing the model keeps
  }
  ModelTable* existing = mutableTable(name);
  if (existing == nullptr && alter->missing_ok) return;  // IF EXISTS on a table we never saw
  ModelTable& t = existing != nullptr ? *existing : tableForAlter(name);
  for (size_t i = 0; i < alter->n_cmds; ++i) {
    const PgQuery__AlterTableCmd* cmd = alter->cmds[i]->alter_table_cmd;
    if (cmd == nullptr) continue;
    switch (cmd->subtype) {
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          const PgQuery__ColumnDef* def = cmd->def->column_def;
          if (t.column(def->colname) == nullptr) {
            t.columns.push_back(columnFrom(def, current_));
            for (const auto* constraint : ast::columnConstraints(def)) addConstraint(t, constraint, def->colname);
          }
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: dropColumn(t, cmd->name); break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
          if (ModelColumn* c = t.column(cmd->name)) {
            c->type = ast::typeInfo(cmd->def->column_def->type_name);
            c->typeOrigin = current_;
          }
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        if (ModelColumn* c = t.column(cmd->name)) c->notNull = true;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        if (ModelColumn* c = t.column(cmd->name)) c->notNull = false;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        if (ModelColumn* c = t.column(cmd->name)) c->hasDefault = cmd->def != nullptr;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        if (ModelColumn* c = t.column(cmd->name)) c->identity = true;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        if (ModelColumn* c = t.column(cmd->name)) c->identity = false;
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
          addConstraint(t, cmd->def->constraint, {});
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
        for (auto& c : t.constraints) {
          if (c.name == cmd->name) c.validated = true;
        }
        break;
      case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint: {
        std::string constraintName = cmd->name;
        std::erase_if(t.constraints, [&](const ModelConstraint& c) { return c.name == constraintName; });
        objects_.erase(objectKey(ObjectKind::Index, {t.name.schema, constraintName}));
        break;
      }
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
      case PG_QUERY__ALTER_TABLE_TYPE__AT_AddOf: t.columnsKnown = false; break;
      default: break;
    }
  }
}

void SchemaModel::rename(const PgQuery__RenameStmt* rename) {
  switch (rename->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
      ast::QualifiedName from = ast::relationName(rename->relation);
      auto it = tables_.find(from.key());
      if (it == tables_.end()) return;
      ModelTable table = *it->second;
      tables_.erase(it);
      std::string oldKey = from.key();
      // Renamed again in the same migration: the name before the migration stays.
      if (!table.renamed || table.renamed->origin != current_) table.renamed = ModelRename{table.name.name, current_};
      table.name.name = rename->newname;
      std::string newKey = table.name.key();
      tables_[newKey] = std::make_shared<ModelTable>(std::move(table));
      for (auto& [key, object] : objects_) {
        if (object->tableKey == oldKey) writable(object)->tableKey = newKey;
      }
      return;
    }
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
      if (ModelTable* t = mutableTable(ast::relationName(rename->relation))) {
        if (ModelColumn* c = t->column(rename->subname)) c->name = rename->newname;
        ModelRename renamed{rename->subname, current_};
        if (auto it = t->renamedColumns.find(rename->subname); it != t->renamedColumns.end()) {
          // Renamed again in the same migration: the name before the migration stays.
          if (it->second.origin == current_) renamed = it->second;
          t->renamedColumns.erase(it);
        }
        t->renamedColumns[rename->newname] = std::move(renamed);
        for (auto& constraint : t->constraints)
          std::replace(constraint.columns.begin(), constraint.columns.end(), std::string(rename->subname),
                       std::string(rename->newname));
        std::string key = t->name.key();
        for (auto& [objectKeyText, object] : objects_) {
          if (object->kind == ObjectKind::Index && object->tableKey == key &&
              std::find(object->columns.begin(), object->columns.end(), rename->subname) != object->columns.end()) {
            ModelObject* index = writable(object);
            std::replace(index->columns.begin(), index->columns.end(), std::string(rename->subname),
                         std::string(rename->newname));
          }
        }
      }
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
      if (ModelTable* t = mutableTable(ast::relationName(rename->relation))) {
        for (auto& c : t->constraints) {
          if (c.name == rename->subname) c.name = rename->newname;
        }
      }
      return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: {
      ast::QualifiedName table = ast::relationName(rename->relation);
      auto it = objects_.find(objectKey(ObjectKind::Trigger, {table.schema, rename->subname}));
      if (it == objects_.end()) return;
      ModelObject object = *it->second;
      objects_.erase(it);
      object.name.name = rename->newname;
      std::string key = objectKey(ObjectKind::Trigger, object.name);  // before object is moved
      objects_[key] = std::make_shared<ModelObject>(std::move(object));
      return;
    }
    default: break;
  }
  std::optional<ObjectKind> kind = kindOf(rename->rename_type);
  if (!kind) return;
  ast::QualifiedName from =
      rename->relation != nullptr ? ast::relationName(rename->relation) : ast::objectName(rename->object);
  if (*kind == ObjectKind::Schema) from = {"", rename->subname};
  // Columns of a renamed type now have the new name as their type (Prisma renames enum
  // types around when it changes them).
  if (*kind == ObjectKind::Type) renameColumnTypes(from, rename->newname);
  auto it = objects_.find(objectKey(*kind, from));
  if (it == objects_.end()) return;
  ModelObject object = *it->second;
  objects_.erase(it);
  object.name.name = rename->newname;
  std::string key = objectKey(*kind, object.name);  // before object is moved
  objects_[key] = std::make_shared<ModelObject>(std::move(object));
}

void SchemaModel::renameColumnTypes(const ast::QualifiedName& type, const std::string& newName) {
  std::string qualified = type.schema.empty() ? std::string() : type.schema + "." + type.name;
  std::string renamed = type.schema.empty() ? newName : type.schema + "." + newName;
  for (auto& [key, table] : tables_) {
    bool uses = std::any_of(table->columns.begin(), table->columns.end(), [&](const ModelColumn& column) {
      return column.type.name == type.name || (!qualified.empty() && column.type.name == qualified);
    });
    if (!uses) continue;
    for (ModelColumn& column : writable(table)->columns) {
      if (column.type.name == type.name || (!qualified.empty() && column.type.name == qualified)) {
        column.type.name = renamed;
      }
    }
  }
}

void SchemaModel::dropTable(const std::string& key) {
  tables_.erase(key);
  std::erase_if(objects_, [&](const auto& entry) { return entry.second->tableKey == key; });
}

void SchemaModel::drop(const PgQuery__DropStmt* drop) {
  std::optional<ObjectKind> kind = kindOf(drop->remove_type);
  if (!kind) return;
  for (size_t i = 0; i < drop->n_objects; ++i) {
    if (*kind == ObjectKind::Trigger) {
      // DROP TRIGGER name ON [schema.]table: the list ends with the trigger's name.
      const ast::Node* object = drop->objects[i];
      if (object->node_case != PG_QUERY__NODE__NODE_LIST) continue;
      auto parts = ast::stringList(object->list->items, object->list->n_items);
      if (parts.size() < 2) continue;
      std::string schema = parts.size() >= 3 ? std::string(parts[parts.size() - 3]) : std::string();
      objects_.erase(objectKey(ObjectKind::Trigger, {schema, std::string(parts.back())}));
      continue;
    }
    ast::QualifiedName name = ast::objectName(drop->objects[i]);
    if (*kind == ObjectKind::Table) {
      dropTable(name.key());
    } else if (*kind == ObjectKind::Schema) {
      // Dropping a schema (it must be empty, or CASCADE) removes what it holds.
      std::string prefix = name.name + ".";
      for (auto it = tables_.begin(); it != tables_.end();) {
        it = it->first.starts_with(prefix) ? tables_.erase(it) : std::next(it);
      }
      std::erase_if(objects_, [&](const auto& entry) {
        return entry.second->name.key().starts_with(prefix) || entry.second->tableKey.starts_with(prefix);
      });
      objects_.erase(objectKey(ObjectKind::Schema, {"", name.name}));
    } else {
      objects_.erase(objectKey(*kind, name));
    }
  }
}

void SchemaModel::setSchema(const PgQuery__AlterObjectSchemaStmt* alter) {
  std::optional<ObjectKind> kind = kindOf(alter->object_type);
  if (!kind) return;
  if (*kind == ObjectKind::Table) {
    ast::QualifiedName from = ast::relationName(alter->relation);
    auto it = tables_.find(from.key());
    if (it == tables_.end()) return;
    ModelTable table = *it->second;
    tables_.erase(it);
    table.name.schema = alter->newschema;
    std::string oldKey = from.key();
    std::string newKey = table.name.key();
    tables_[newKey] = std::make_shared<ModelTable>(std::move(table));
    for (auto& [key, object] : objects_) {
      if (object->tableKey == oldKey) writable(object)->tableKey = newKey;
    }
    return;
  }
  ast::QualifiedName from =
      alter->relation != nullptr ? ast::relationName(alter->relation) : ast::objectName(alter->object);
  auto it = objects_.find(objectKey(*kind, from));
  if (it == objects_.end()) return;
  ModelObject object = *it->second;
  objects_.erase(it);
  object.name.schema = alter->newschema;
  std::string key = objectKey(*kind, object.name);  // before object is moved
  objects_[key] = std::make_shared<ModelObject>(std::move(object));
}

void SchemaModel::createIndex(const PgQuery__IndexStmt* index) {
  ast::QualifiedName tableName = ast::relationName(index->relation);
  if (index->idxname == nullptr || index->idxname[0] == '\0') return;
  ast::QualifiedName name{tableName.schema, index->idxname};
  if (index->if_not_exists && object(ObjectKind::Index, name) != nullptr) return;
  addObject(ObjectKind::Index, name, tableName.key());
  ModelObject& stored = *objects_[objectKey(ObjectKind::Index, name)];
  stored.unique = index->unique;
  stored.columns = indexColumns(index);
}

void SchemaModel::applyOpaque(std::string_view code) {
  std::vector<std::string> words = wordsOf(code);
  for (auto& [key, table] : tables_) {
    if (std::find(words.begin(), words.end(), toLower(table->name.name)) != words.end()) {
      writable(table)->columnsKnown = false;
    }
  }
}

void SchemaModel::applyUnparsed(std::string_view statement) {
  std::optional<UnparsedTable> created = tableCreatedBy(statement);
  if (!created || (created->ifNotExists && table(created->name) != nullptr)) return;
  ModelTable table;
  table.name = created->name;
  table.origin = current_;
  table.temporary = created->temporary || created->name.schema == "pg_temp";
  table.columnsKnown = false;
  std::string key = table.name.key();
  dropTable(key);  // what an earlier table of that name had (indexes, triggers) is gone
  tables_[key] = std::make_shared<ModelTable>(std::move(table));
}

void SchemaModel::apply(const ast::Node* statement) {
  if (statement == nullptr) return;
  switch (statement->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: createTable(statement->create_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
      const auto* create = statement->create_table_as_stmt;
      if (create->into == nullptr || create->into->rel == nullptr) break;
      ast::QualifiedName name = ast::relationName(create->into->rel);
      if (create->if_not_exists && (table(name) != nullptr || object(ObjectKind::MaterializedView, name) != nullptr)) {
        break;
      }
      if (create->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
        addObject(ObjectKind::MaterializedView, name);
      } else {
        ModelTable table;
        table.name = name;
        table.origin = current_;
        table.columnsKnown = false;
        table.temporary = create->into->rel->relpersistence[0] == 't';
        tables_[name.key()] = std::make_shared<ModelTable>(std::move(table));
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
        std::string key = table.name.key();
        tables_[key] = std::make_shared<ModelTable>(std::move(table));
      }
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: alterTable(statement->alter_table_stmt); break;
    case PG_QUERY__NODE__NODE_RENAME_STMT: rename(statement->rename_stmt); break;
    case PG_QUERY__NODE__NODE_DROP_STMT: drop(statement->drop_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: setSchema(statement->alter_object_schema_stmt); break;
    case PG_QUERY__NODE__NODE_INDEX_STMT: createIndex(statement->index_stmt); break;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      if (!statement->view_stmt->replace ||
          object(ObjectKind::View, ast::relationName(statement->view_stmt->view)) == nullptr) {
        addObject(ObjectKind::View, ast::relationName(statement->view_stmt->view));
      }
      break;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: {
      ast::QualifiedName name = ast::relationName(statement->create_seq_stmt->sequence);
      if (statement->create_seq_stmt->if_not_exists && object(ObjectKind::Sequence, name) != nullptr) break;
      addObject(ObjectKind::Sequence, name);
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
      const auto* create = statement->create_enum_stmt;
      ast::QualifiedName name = ast::qualifiedName(create->type_name, create->n_type_name);
      addObject(ObjectKind::Type, name);
      ModelObject& type = *objects_[objectKey(ObjectKind::Type, name)];
      type.isEnum = true;
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
      ModelObject& type = *writable(it->second);
      if (alter->old_val[0] != '\0') {
        for (auto& value : type.enumValues) {
          if (value == alter->old_val) value = alter->new_val;
        }
      } else if (alter->new_val[0] != '\0' &&
                 std::find(type.enumValues.begin(), type.enumValues.end(), alter->new_val) == type.enumValues.end()) {
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
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: {
      const auto* create = statement->create_range_stmt;
      addObject(ObjectKind::Type, ast::qualifiedName(create->type_name, create->n_type_name));
      break;
    }
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
      const auto* create = statement->create_function_stmt;
      ast::QualifiedName name = ast::qualifiedName(create->funcname, create->n_funcname);
      if (!create->replace || object(ObjectKind::Function, name) == nullptr) addObject(ObjectKind::Function, name);
      // Without a volatility clause a function is VOLATILE. Overloads share the name:
      // the last one created decides.
      std::optional<ast::Volatility> volatility = ast::declaredVolatility(create->options, create->n_options);
      writable(objects_[objectKey(ObjectKind::Function, name)])->volatility =
          volatility.value_or(ast::Volatility::Volatile);
      break;
    }
    case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT: {
      const auto* alter = statement->alter_function_stmt;
      if (alter->func == nullptr) break;
      auto it = objects_.find(
          objectKey(ObjectKind::Function, ast::qualifiedName(alter->func->objname, alter->func->n_objname)));
      if (it == objects_.end()) break;
      if (auto volatility = ast::declaredVolatility(alter->actions, alter->n_actions)) {
        writable(it->second)->volatility = volatility;
      }
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
      if (create->replace && object(ObjectKind::Trigger, {table.schema, create->trigname}) != nullptr) break;
      addObject(ObjectKind::Trigger, {table.schema, create->trigname}, table.key());
      break;
    }
    default: break;
  }
}

}  // namespace sluice
