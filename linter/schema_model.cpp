#include "linter/schema_model.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "linter/unparsed.hpp"

namespace sluice {

namespace {

std::string objectKey(ObjectKind kind, const ast::QualifiedName& name) {
  return std::string(objectKindName(kind)) + ":" + name.key();
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

// PostgreSQL's makeObjectName: `name1_name2_label`, cut to fit 63 bytes by shortening the
// longer of name1 and name2 one byte at a time, never inside a UTF-8 character.
std::string objectName(std::string_view name1, std::string_view name2, std::string_view label) {
  constexpr std::size_t kMaxName = 63;  // NAMEDATALEN - 1
  std::size_t overhead = label.size() + 1 + (name2.empty() ? 0 : 1);
  std::size_t available = kMaxName > overhead ? kMaxName - overhead : 0;
  std::size_t length1 = name1.size();
  std::size_t length2 = name2.size();
  while (length1 + length2 > available) {
    if (length1 > length2) {
      --length1;
    } else {
      --length2;
    }
  }
  auto clip = [](std::string_view text, std::size_t length) {
    while (length > 0 && length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0U) == 0x80U) --length;
    return text.substr(0, length);
  };
  std::string out(clip(name1, length1));
  if (!name2.empty()) out += "_" + std::string(clip(name2, length2));
  return out + "_" + std::string(label);
}

// The name PostgreSQL gives a constraint written without one (ChooseConstraintName):
// orders_pkey, orders_email_key, orders_user_id_fkey, shortened as PostgreSQL shortens
// names over 63 bytes. Empty where the rule is not as simple (CHECK constraints name the
// columns of their expression). A name already taken gets a number from PostgreSQL
// (orders_user_id_fkey1), which is not followed here.
std::string defaultConstraintName(const std::string& table, PgQuery__ConstrType type,
                                  const std::vector<std::string>& columns) {
  std::string joined;
  for (const std::string& column : columns) joined += (joined.empty() ? "" : "_") + column;
  switch (type) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: return objectName(table, {}, "pkey");
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
      return columns.empty() ? std::string() : objectName(table, joined, "key");
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
      return columns.empty() ? std::string() : objectName(table, joined, "fkey");
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
  const auto* found = tables_.find(name.key());
  return found != nullptr ? found->get() : nullptr;
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
  auto* found = tables_.findOwn(name.key());
  return found != nullptr ? writable(*found) : nullptr;
}

std::vector<const ModelTable*> SchemaModel::allTables() const {
  std::vector<const ModelTable*> out;
  out.reserve(tables_.size());
  tables_.forEach([&](const std::string&, const std::shared_ptr<ModelTable>& table) { out.push_back(table.get()); });
  return out;
}

ModelTable* SchemaModel::tableForAlter(const AlteredTable& table) {
  if (table.ifExists && this->table(table.name) == nullptr) return nullptr;  // IF EXISTS on a table we never saw
  auto [stored, inserted] = tables_.tryEmplace(table.name.key());
  if (inserted) {
    stored = std::make_shared<ModelTable>();
    stored->name = table.name;
    stored->inferred = true;
    stored->columnsKnown = false;
  }
  return writable(stored);
}

const ModelObject* SchemaModel::object(ObjectKind kind, const ast::QualifiedName& name) const {
  if (kind == ObjectKind::Table) return nullptr;
  const auto* found = objects_.find(objectKey(kind, name));
  return found != nullptr ? found->get() : nullptr;
}

std::vector<const ModelObject*> SchemaModel::indexesOf(const ast::QualifiedName& tableName) const {
  std::vector<const ModelObject*> out;
  std::string key = tableName.key();
  objects_.forEach([&](const std::string&, const std::shared_ptr<ModelObject>& object) {
    if (object->kind == ObjectKind::Index && object->tableKey == key) out.push_back(object.get());
  });
  return out;
}

std::vector<const ModelObject*> SchemaModel::objectsOf(ObjectKind kind) const {
  std::vector<const ModelObject*> out;
  objects_.forEach([&](const std::string&, const std::shared_ptr<ModelObject>& object) {
    if (object->kind == kind) out.push_back(object.get());
  });
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

void SchemaModel::moveObject(ObjectKind kind, const ast::QualifiedName& from, const std::string& newSchema,
                             const std::string& newName) {
  std::string fromKey = objectKey(kind, from);
  const auto* found = objects_.find(fromKey);
  if (found == nullptr) return;
  ModelObject object = **found;
  objects_.erase(fromKey);
  object.name.schema = newSchema;
  object.name.name = newName;
  std::string key = objectKey(kind, object.name);  // before object is moved
  objects_[key] = std::make_shared<ModelObject>(std::move(object));
}

void SchemaModel::storeConstraint(ModelTable& table, const NewConstraint& constraint) {
  switch (constraint.type) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: return;
    default: break;
  }
  ModelConstraint model;
  model.name = constraint.name;
  model.type = constraint.type;
  model.validated = constraint.validated;
  model.origin = current_;
  model.columns = constraint.columns;
  model.references = constraint.references;
  if (model.name.empty()) model.name = defaultConstraintName(table.name.name, model.type, model.columns);
  if (constraint.type == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
    for (const auto& name : model.columns) {
      if (ModelColumn* c = table.column(name)) c->notNull = true;
    }
  }
  // Unique and primary keys are backed by an index of the constraint's name (or of the
  // one USING INDEX names).
  bool indexed = constraint.type == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                 constraint.type == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE;
  if (indexed && !constraint.indexName.empty()) {
    ast::QualifiedName existing{table.name.schema, std::string(constraint.indexName)};
    if (!model.name.empty() && model.name != existing.name) {
      // ADD CONSTRAINT c UNIQUE USING INDEX i renames the index to c.
      moveObject(ObjectKind::Index, existing, existing.schema, model.name);
    }
  } else if (indexed && !model.name.empty()) {
    addObject(ObjectKind::Index, {table.name.schema, model.name}, table.name.key());
    ModelObject& index = *objects_[objectKey(ObjectKind::Index, {table.name.schema, model.name})];
    index.unique = true;
    index.columns = model.columns;
  }
  table.constraints.push_back(std::move(model));
}

void SchemaModel::createTable(const NewTable& created) {
  ModelTable table;
  table.name = created.name;
  table.origin = current_;
  table.temporary = created.temporary;
  table.columnsKnown = false;  // CREATE TABLE AS, SELECT INTO: the query decides
  auto& slot = tables_[created.name.key()];
  slot = std::make_shared<ModelTable>(std::move(table));
  if (created.definition != nullptr) defineTable(*slot, created.definition);
}

void SchemaModel::defineTable(ModelTable& stored, const PgQuery__CreateStmt* create) {
  stored.partitioned = create->partspec != nullptr;
  stored.columnsKnown = create->of_typename == nullptr;
  // INHERITS and PARTITION OF take the parent's columns.
  for (size_t i = 0; i < create->n_inh_relations; ++i) {
    const ast::Node* parent = create->inh_relations[i];
    const ModelTable* known =
        parent->node_case == PG_QUERY__NODE__NODE_RANGE_VAR ? table(ast::relationName(parent->range_var)) : nullptr;
    if (known == nullptr || !known->columnsKnown) {
      stored.columnsKnown = false;
      continue;
    }
    for (ModelColumn column : known->columns) {
      if (stored.column(column.name) != nullptr) continue;
      column.origin = current_;
      column.typeOrigin = current_;
      stored.columns.push_back(std::move(column));
    }
  }
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
      for (const auto* constraint : ast::columnConstraints(def)) {
        storeConstraint(stored, describeConstraint(constraint, def->colname));
      }
    } else if (element->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      storeConstraint(stored, describeConstraint(element->constraint));
    } else if (element->node_case == PG_QUERY__NODE__NODE_TABLE_LIKE_CLAUSE) {
      const ModelTable* like = table(ast::relationName(element->table_like_clause->relation));
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

std::optional<ast::Volatility> ModelObject::callVolatility(const std::vector<CallArgument>& arguments) const {
  std::vector<const FunctionSignature*> signatures;
  signatures.reserve(overloads.size());
  for (const Overload& overload : overloads) signatures.push_back(&overload.signature);
  std::optional<ast::Volatility> found;
  bool first = true;
  for (std::size_t index : possibleOverloads(signatures, arguments)) {
    if (!first && found != overloads[index].volatility) return std::nullopt;  // sluice cannot tell which
    found = overloads[index].volatility;
    first = false;
  }
  return found;
}

namespace {

// Sets the volatility of the overload with these input arguments, adding it if new.
void setOverload(ModelObject& function, const FunctionSignature& signature, std::optional<ast::Volatility> volatility) {
  for (ModelObject::Overload& overload : function.overloads) {
    if (overload.signature.arguments == signature.arguments) {
      overload = {signature, volatility};
      return;
    }
  }
  function.overloads.push_back({signature, volatility});
}

}  // namespace

void SchemaModel::createObject(const NewObject& created) {
  std::optional<ObjectKind> kind = objectKindOf(created.target);
  if (!kind) return;
  if (*kind == ObjectKind::Function) {
    // Another overload of a function the model knows: the name's origin stays.
    if (auto* known = objects_.findOwn(objectKey(*kind, created.name))) {
      setOverload(*writable(*known), created.signature, created.volatility);
      return;
    }
  }
  addObject(*kind, created.name, created.table.empty() ? std::string() : created.table.key());
  auto* stored = objects_.findOwn(objectKey(*kind, created.name));
  if (stored == nullptr) return;
  ModelObject& object = *writable(*stored);
  if (!created.ownerColumn.empty()) object.columns = {created.ownerColumn};
  object.reads = created.reads;
  if (created.isEnum) {
    object.isEnum = true;
    for (std::string_view value : created.enumValues) {
      object.enumValues.emplace_back(value);
      object.enumValueOrigins.push_back(current_);
    }
  }
  if (*kind == ObjectKind::Function) setOverload(object, created.signature, created.volatility);
}

void SchemaModel::replaceObject(const NewObject& replaced) {
  std::optional<ObjectKind> kind = objectKindOf(replaced.target);
  if (kind == ObjectKind::View) {
    if (auto* view = objects_.findOwn(objectKey(*kind, replaced.name))) writable(*view)->reads = replaced.reads;
    return;
  }
  if (!kind || *kind != ObjectKind::Function) return;
  if (auto* function = objects_.findOwn(objectKey(*kind, replaced.name))) {
    setOverload(*writable(*function), replaced.signature, replaced.volatility);
  }
}

void SchemaModel::createIndex(const NewIndex& index) {
  if (index.name.empty()) return;
  addObject(ObjectKind::Index, index.name, index.table.key());
  ModelObject& stored = *objects_[objectKey(ObjectKind::Index, index.name)];
  stored.unique = index.unique;
  stored.columns = index.columns;
}

void SchemaModel::removeColumn(ModelTable& table, std::string_view column) {
  std::erase_if(table.columns, [&](const ModelColumn& c) { return c.name == column; });
  if (auto it = table.renamedColumns.find(column); it != table.renamedColumns.end()) table.renamedColumns.erase(it);
  // Indexes and constraints on the column, and the sequences it owns, go with it.
  auto usesColumn = [&](const std::vector<std::string>& columns) {
    return std::find(columns.begin(), columns.end(), column) != columns.end();
  };
  std::erase_if(table.constraints, [&](const ModelConstraint& c) { return usesColumn(c.columns); });
  std::string key = table.name.key();
  objects_.eraseIf([&](const std::string&, const std::shared_ptr<ModelObject>& object) {
    ObjectKind kind = object->kind;
    return (kind == ObjectKind::Index || kind == ObjectKind::Sequence) && object->tableKey == key &&
           usesColumn(object->columns);
  });
}

void SchemaModel::addColumn(const AlteredTable& altered, const PgQuery__ColumnDef* def) {
  ModelTable* t = tableForAlter(altered);
  if (t == nullptr || t->column(def->colname) != nullptr) return;
  t->columns.push_back(columnFrom(def, current_));
  for (const auto* constraint : ast::columnConstraints(def)) {
    storeConstraint(*t, describeConstraint(constraint, def->colname));
  }
}

void SchemaModel::dropColumn(const AlteredTable& altered, const DroppedMember& column) {
  if (ModelTable* t = tableForAlter(altered)) removeColumn(*t, column.name);
}

void SchemaModel::alterColumnType(const AlteredTable& altered, std::string_view column, const PgQuery__TypeName* type) {
  ModelTable* t = tableForAlter(altered);
  if (t == nullptr || type == nullptr) return;
  if (ModelColumn* c = t->column(column)) {
    c->type = ast::typeInfo(type);
    c->typeOrigin = current_;
  }
}

void SchemaModel::setColumnDefault(const AlteredTable& altered, std::string_view column, bool set) {
  ModelTable* t = tableForAlter(altered);
  if (ModelColumn* c = t != nullptr ? t->column(column) : nullptr) c->hasDefault = set;
}

void SchemaModel::setColumnNotNull(const AlteredTable& altered, std::string_view column, bool notNull) {
  ModelTable* t = tableForAlter(altered);
  if (ModelColumn* c = t != nullptr ? t->column(column) : nullptr) c->notNull = notNull;
}

void SchemaModel::setColumnIdentity(const AlteredTable& altered, std::string_view column, bool identity) {
  ModelTable* t = tableForAlter(altered);
  if (ModelColumn* c = t != nullptr ? t->column(column) : nullptr) c->identity = identity;
}

void SchemaModel::addConstraint(const AlteredTable& altered, const NewConstraint& constraint) {
  if (ModelTable* t = tableForAlter(altered)) storeConstraint(*t, constraint);
}

void SchemaModel::validateConstraint(const AlteredTable& altered, std::string_view constraint) {
  ModelTable* t = tableForAlter(altered);
  if (t == nullptr) return;
  for (auto& c : t->constraints) {
    if (c.name == constraint) c.validated = true;
  }
}

void SchemaModel::dropConstraint(const AlteredTable& altered, const DroppedMember& constraint) {
  ModelTable* t = tableForAlter(altered);
  if (t == nullptr) return;
  std::erase_if(t->constraints, [&](const ModelConstraint& c) { return c.name == constraint.name; });
  objects_.erase(objectKey(ObjectKind::Index, {t->name.schema, std::string(constraint.name)}));
}

void SchemaModel::inheritColumns(const AlteredTable& altered) {
  if (ModelTable* t = tableForAlter(altered)) t->columnsKnown = false;
}

void SchemaModel::alterTableOther(const AlteredTable& altered, std::string_view /*name*/) {
  tableForAlter(altered);  // the table exists, whatever the command does to it
}

void SchemaModel::rename(const Renaming& rename) {
  std::string newName(rename.newName);
  switch (rename.target) {
    case ChangeTarget::Table: {
      std::string oldKey = rename.object.key();
      const auto* found = tables_.find(oldKey);
      if (found == nullptr) return;
      ModelTable table = **found;
      tables_.erase(oldKey);
      // Renamed again in the same migration: the name before the migration stays.
      if (!table.renamed || table.renamed->origin != current_) table.renamed = ModelRename{table.name.name, current_};
      table.name.name = newName;
      std::string newKey = table.name.key();
      tables_[newKey] = std::make_shared<ModelTable>(std::move(table));
      retable(oldKey, newKey);
      return;
    }
    case ChangeTarget::Column: {
      ModelTable* t = mutableTable(rename.object);
      if (t == nullptr) return;
      std::string oldName(rename.member);
      if (ModelColumn* c = t->column(oldName)) c->name = newName;
      ModelRename renamed{oldName, current_};
      if (auto it = t->renamedColumns.find(oldName); it != t->renamedColumns.end()) {
        // Renamed again in the same migration: the name before the migration stays.
        if (it->second.origin == current_) renamed = it->second;
        t->renamedColumns.erase(it);
      }
      t->renamedColumns[newName] = std::move(renamed);
      for (auto& constraint : t->constraints)
        std::replace(constraint.columns.begin(), constraint.columns.end(), oldName, newName);
      std::string key = t->name.key();
      objects_.changeWhere(
          [&](const std::string&, const std::shared_ptr<ModelObject>& object) {
            return object->kind == ObjectKind::Index && object->tableKey == key &&
                   std::find(object->columns.begin(), object->columns.end(), oldName) != object->columns.end();
          },
          [&](std::shared_ptr<ModelObject>& object) {
            ModelObject* index = writable(object);
            std::replace(index->columns.begin(), index->columns.end(), oldName, newName);
          });
      return;
    }
    case ChangeTarget::Constraint:
      if (ModelTable* t = mutableTable(rename.object)) {
        for (auto& c : t->constraints) {
          if (c.name == rename.member) c.name = newName;
        }
      }
      return;
    default: break;
  }
  std::optional<ObjectKind> kind = objectKindOf(rename.target);
  if (!kind) return;
  // Columns of a renamed type now have the new name as their type (Prisma renames enum
  // types around when it changes them).
  if (*kind == ObjectKind::Type) renameColumnTypes(rename.object, newName);
  moveObject(*kind, rename.object, rename.object.schema, newName);
}

void SchemaModel::renameColumnTypes(const ast::QualifiedName& type, const std::string& newName) {
  std::string qualified = type.schema.empty() ? std::string() : type.schema + "." + type.name;
  std::string renamed = type.schema.empty() ? newName : type.schema + "." + newName;
  auto ofType = [&](const ModelColumn& column) {
    return column.type.name == type.name || (!qualified.empty() && column.type.name == qualified);
  };
  tables_.changeWhere(
      [&](const std::string&, const std::shared_ptr<ModelTable>& table) {
        return std::any_of(table->columns.begin(), table->columns.end(), ofType);
      },
      [&](std::shared_ptr<ModelTable>& table) {
        for (ModelColumn& column : writable(table)->columns) {
          if (ofType(column)) column.type.name = renamed;
        }
      });
}

void SchemaModel::retable(const std::string& oldKey, const std::string& newKey) {
  objects_.changeWhere(
      [&](const std::string&, const std::shared_ptr<ModelObject>& object) { return object->tableKey == oldKey; },
      [&](std::shared_ptr<ModelObject>& object) { writable(object)->tableKey = newKey; });
}

void SchemaModel::dropTable(const std::string& key) {
  tables_.erase(key);
  objects_.eraseIf(
      [&](const std::string&, const std::shared_ptr<ModelObject>& object) { return object->tableKey == key; });
}

void SchemaModel::drop(const Dropping& dropping) {
  std::optional<ObjectKind> kind = objectKindOf(dropping.target);
  if (!kind) return;
  if (*kind == ObjectKind::Table) {
    dropTable(dropping.name.key());
  } else if (*kind == ObjectKind::Schema) {
    // Dropping a schema (it must be empty, or CASCADE) removes what it holds.
    std::string prefix = dropping.name.name + ".";
    tables_.eraseIf(
        [&](const std::string& key, const std::shared_ptr<ModelTable>&) { return key.starts_with(prefix); });
    objects_.eraseIf([&](const std::string&, const std::shared_ptr<ModelObject>& object) {
      return object->name.key().starts_with(prefix) || object->tableKey.starts_with(prefix);
    });
    objects_.erase(objectKey(ObjectKind::Schema, {"", dropping.name.name}));
  } else if (*kind == ObjectKind::Function) {
    dropFunction(dropping);
  } else {
    objects_.erase(objectKey(*kind, dropping.name));
  }
}

void SchemaModel::dropFunction(const Dropping& dropping) {
  std::string key = objectKey(ObjectKind::Function, dropping.name);
  auto* stored = objects_.findOwn(key);
  if (stored == nullptr) return;
  if (!dropping.arguments) {
    // Without an argument list PostgreSQL drops the only overload, and refuses when
    // there are several ("function name is not unique").
    if ((*stored)->overloads.size() <= 1) objects_.erase(key);
    return;
  }
  ModelObject* function = writable(*stored);
  std::erase_if(function->overloads, [&](const ModelObject::Overload& overload) {
    return overload.signature.arguments == *dropping.arguments;
  });
  if (function->overloads.empty()) objects_.erase(key);
}

void SchemaModel::setSchema(const AlteredObject& moved, std::string_view schema) {
  std::optional<ObjectKind> kind = objectKindOf(moved.target);
  if (!kind) return;
  if (*kind != ObjectKind::Table) {
    moveObject(*kind, moved.name, std::string(schema), moved.name.name);
    return;
  }
  std::string oldKey = moved.name.key();
  const auto* found = tables_.find(oldKey);
  if (found == nullptr) return;
  ModelTable table = **found;
  tables_.erase(oldKey);
  table.name.schema = schema;
  std::string newKey = table.name.key();
  tables_[newKey] = std::make_shared<ModelTable>(std::move(table));
  retable(oldKey, newKey);
}

void SchemaModel::addEnumValue(const ast::QualifiedName& type, std::string_view value) {
  auto* found = objects_.findOwn(objectKey(ObjectKind::Type, type));
  if (found == nullptr || value.empty()) return;
  ModelObject& stored = *writable(*found);
  if (std::find(stored.enumValues.begin(), stored.enumValues.end(), value) != stored.enumValues.end()) return;
  stored.enumValues.emplace_back(value);
  stored.enumValueOrigins.push_back(current_);
}

void SchemaModel::renameEnumValue(const ast::QualifiedName& type, std::string_view from, std::string_view to) {
  auto* found = objects_.findOwn(objectKey(ObjectKind::Type, type));
  if (found == nullptr) return;
  for (auto& value : writable(*found)->enumValues) {
    if (value == from) value = to;
  }
}

void SchemaModel::alterObject(const AlteredObject& altered) {
  if (altered.target == ChangeTarget::Sequence && altered.owner) {
    auto* found = objects_.findOwn(objectKey(ObjectKind::Sequence, altered.name));
    if (found == nullptr) return;
    ModelObject* sequence = writable(*found);
    sequence->tableKey = altered.owner->table.empty() ? std::string() : altered.owner->table.key();
    sequence->columns.clear();
    if (!altered.owner->column.empty()) sequence->columns.push_back(altered.owner->column);
    return;
  }
  if (altered.target != ChangeTarget::Function || !altered.volatility) return;
  auto* found = objects_.findOwn(objectKey(ObjectKind::Function, altered.name));
  if (found == nullptr) return;
  ModelObject* function = writable(*found);
  for (ModelObject::Overload& overload : function->overloads) {
    // Without an argument list ALTER FUNCTION names the only overload there is.
    if (altered.arguments ? overload.signature.arguments == *altered.arguments : function->overloads.size() == 1)
      overload.volatility = altered.volatility;
  }
}

void SchemaModel::changeData(const DataChange& /*change*/) {}  // rows are not modelled

void SchemaModel::applyOpaque(std::string_view code) {
  std::vector<std::string> words = wordsOf(code);
  tables_.changeWhere(
      [&](const std::string&, const std::shared_ptr<ModelTable>& table) {
        return std::find(words.begin(), words.end(), toLower(table->name.name)) != words.end();
      },
      [&](std::shared_ptr<ModelTable>& table) { writable(table)->columnsKnown = false; });
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

void SchemaModel::apply(const ast::Node* statement) { visitEffects(*this, statement, *this); }

}  // namespace sluice
