#include "linter/changes.hpp"

#include <algorithm>
#include <optional>

namespace sluice {

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

namespace {

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

class Recorder {
 public:
  Recorder(const SchemaModel& model, const Statement& statement, std::size_t index)
      : model_(model), statement_(statement), index_(index) {}

  std::vector<Change> run() {
    const ast::Node* node = statement_.node;
    if (node == nullptr) return {};
    switch (node->node_case) {
      case PG_QUERY__NODE__NODE_CREATE_STMT: createTable(node->create_stmt); break;
      case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
        const auto* create = node->create_table_as_stmt;
        if (create->into == nullptr || create->into->rel == nullptr) break;
        ast::QualifiedName name = ast::relationName(create->into->rel);
        bool matview = create->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
        ChangeTarget target = matview ? ChangeTarget::MaterializedView : ChangeTarget::Table;
        if (create->if_not_exists && exists(target, name)) break;
        createObject(target, name);
        break;
      }
      case PG_QUERY__NODE__NODE_SELECT_STMT:
        if (node->select_stmt->into_clause != nullptr && node->select_stmt->into_clause->rel != nullptr) {
          createObject(ChangeTarget::Table, ast::relationName(node->select_stmt->into_clause->rel));
        }
        break;
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: alterTable(node->alter_table_stmt); break;
      case PG_QUERY__NODE__NODE_RENAME_STMT: rename(node->rename_stmt); break;
      case PG_QUERY__NODE__NODE_DROP_STMT: drop(node->drop_stmt); break;
      case PG_QUERY__NODE__NODE_INDEX_STMT: createIndex(node->index_stmt); break;
      case PG_QUERY__NODE__NODE_VIEW_STMT: {
        ast::QualifiedName name = ast::relationName(node->view_stmt->view);
        if (node->view_stmt->replace && exists(ChangeTarget::View, name)) {
          replaceObject(ChangeTarget::View, name);
        } else {
          createObject(ChangeTarget::View, name);
        }
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: {
        ast::QualifiedName name = ast::relationName(node->create_seq_stmt->sequence);
        if (node->create_seq_stmt->if_not_exists && exists(ChangeTarget::Sequence, name)) break;
        createObject(ChangeTarget::Sequence, name);
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        alterObject(ChangeTarget::Sequence, ast::relationName(node->alter_seq_stmt->sequence));
        break;
      case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
        const auto* create = node->create_enum_stmt;
        createObject(ChangeTarget::Type, ast::qualifiedName(create->type_name, create->n_type_name));
        break;
      }
      case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        createObject(ChangeTarget::Type, ast::relationName(node->composite_type_stmt->typevar));
        break;
      case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
        const auto* create = node->create_domain_stmt;
        createObject(ChangeTarget::Type, ast::qualifiedName(create->domainname, create->n_domainname));
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: {
        const auto* create = node->create_range_stmt;
        createObject(ChangeTarget::Type, ast::qualifiedName(create->type_name, create->n_type_name));
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: alterEnum(node->alter_enum_stmt); break;
      case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT: {
        const auto* alter = node->alter_domain_stmt;
        alterObject(ChangeTarget::Type, ast::qualifiedName(alter->type_name, alter->n_type_name));
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
        const auto* create = node->create_function_stmt;
        ast::QualifiedName name = ast::qualifiedName(create->funcname, create->n_funcname);
        if (create->replace && exists(ChangeTarget::Function, name)) {
          replaceObject(ChangeTarget::Function, name);
        } else {
          createObject(ChangeTarget::Function, name);
        }
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
        if (const auto* func = node->alter_function_stmt->func) {
          alterObject(ChangeTarget::Function, ast::qualifiedName(func->objname, func->n_objname));
        }
        break;
      case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: {
        ast::QualifiedName name{"", node->create_extension_stmt->extname};
        if (exists(ChangeTarget::Extension, name)) break;
        Change& change = createObject(ChangeTarget::Extension, name);
        change.ensure = node->create_extension_stmt->if_not_exists;
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: {
        ast::QualifiedName name{"", node->create_schema_stmt->schemaname};
        if (exists(ChangeTarget::Schema, name)) break;
        Change& change = createObject(ChangeTarget::Schema, name);
        change.ensure = node->create_schema_stmt->if_not_exists;
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
        const auto* create = node->create_trig_stmt;
        ast::QualifiedName table = ast::relationName(create->relation);
        ast::QualifiedName name{table.schema, create->trigname};
        Change& change = create->replace && exists(ChangeTarget::Trigger, name)
                             ? replaceObject(ChangeTarget::Trigger, name)
                             : createObject(ChangeTarget::Trigger, name);
        change.table = table;
        change.onExistingTable = !model_.isNewTable(table);
        break;
      }
      case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        for (size_t i = 0; i < node->truncate_stmt->n_relations; ++i) {
          const ast::Node* relation = node->truncate_stmt->relations[i];
          if (relation->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
            dataChange(ChangeAction::Truncate, ast::relationName(relation->range_var));
          }
        }
        break;
      case PG_QUERY__NODE__NODE_DELETE_STMT:
        if (Change* change = dataChange(ChangeAction::Delete, ast::relationName(node->delete_stmt->relation))) {
          change->hasWhere = node->delete_stmt->where_clause != nullptr;
        }
        break;
      case PG_QUERY__NODE__NODE_UPDATE_STMT: {
        const auto* update = node->update_stmt;
        ast::QualifiedName table = ast::relationName(update->relation);
        Change* change = dataChange(ChangeAction::Update, table);
        if (change == nullptr) break;
        change->hasWhere = update->where_clause != nullptr;
        // The first column it overwrites that held data before this migration.
        for (size_t i = 0; i < update->n_target_list && change->existed; ++i) {
          const ast::Node* target = update->target_list[i];
          if (target->node_case != PG_QUERY__NODE__NODE_RES_TARGET || target->res_target->name == nullptr) continue;
          if (!model_.isNewColumn(table, target->res_target->name)) {
            change->member = target->res_target->name;
            break;
          }
        }
        break;
      }
      case PG_QUERY__NODE__NODE_MERGE_STMT:
        if (Change* change = dataChange(ChangeAction::Update, ast::relationName(node->merge_stmt->relation))) {
          change->fromQuery = true;
        }
        break;
      case PG_QUERY__NODE__NODE_INSERT_STMT: {
        const auto* insert = node->insert_stmt;
        bool fromQuery = insert->select_stmt != nullptr &&
                         insert->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
                         insert->select_stmt->select_stmt->n_values_lists == 0;
        if (Change* change = dataChange(ChangeAction::Insert, ast::relationName(insert->relation))) {
          change->fromQuery = fromQuery;
        }
        break;
      }
      case PG_QUERY__NODE__NODE_COPY_STMT:
        if (node->copy_stmt->is_from && node->copy_stmt->relation != nullptr) {
          if (Change* change = dataChange(ChangeAction::Insert, ast::relationName(node->copy_stmt->relation))) {
            change->fromQuery = true;
          }
        }
        break;
      case PG_QUERY__NODE__NODE_CLUSTER_STMT:
        if (node->cluster_stmt->relation != nullptr) {
          alterObject(ChangeTarget::Table, ast::relationName(node->cluster_stmt->relation));
        }
        break;
      case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
        alterObject(ChangeTarget::MaterializedView, ast::relationName(node->refresh_mat_view_stmt->relation));
        break;
      case PG_QUERY__NODE__NODE_REINDEX_STMT:
        if (node->reindex_stmt->relation != nullptr) {
          bool index = node->reindex_stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX;
          alterObject(index ? ChangeTarget::Index : ChangeTarget::Table,
                      ast::relationName(node->reindex_stmt->relation));
        }
        break;
      case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: {
        const auto* alter = node->alter_object_schema_stmt;
        std::optional<ChangeTarget> target = targetOf(alter->object_type);
        if (!target) break;
        ast::QualifiedName name =
            alter->relation != nullptr ? ast::relationName(alter->relation) : ast::objectName(alter->object);
        alterObject(*target, name);
        break;
      }
      default: break;
    }
    return std::move(changes_);
  }

 private:
  bool exists(ChangeTarget target, const ast::QualifiedName& name) const {
    if (target == ChangeTarget::Table) return model_.table(name) != nullptr;
    std::optional<ObjectKind> kind = objectKindOf(target);
    return kind && model_.object(*kind, name) != nullptr;
  }
  bool isNew(ChangeTarget target, const ast::QualifiedName& name) const {
    std::optional<ObjectKind> kind = objectKindOf(target);
    return kind && model_.isNewObject(*kind, name);
  }

  Change& add(ChangeAction action, ChangeTarget target, const ast::QualifiedName& object) {
    Change change;
    change.action = action;
    change.target = target;
    change.object = object;
    change.statement = index_;
    change.span = statement_.span;
    changes_.push_back(std::move(change));
    return changes_.back();
  }

  Change& createObject(ChangeTarget target, const ast::QualifiedName& name) {
    Change& change = add(ChangeAction::Create, target, name);
    if (target == ChangeTarget::Table) change.table = name;
    return change;
  }

  Change& replaceObject(ChangeTarget target, const ast::QualifiedName& name) {
    Change& change = add(ChangeAction::Replace, target, name);
    change.known = true;
    change.existed = !isNew(target, name);
    return change;
  }

  Change& alterObject(ChangeTarget target, const ast::QualifiedName& name) {
    Change& change = add(ChangeAction::AlterOther, target, name);
    change.known = exists(target, name);
    change.existed = !isNew(target, name);
    if (target == ChangeTarget::Table) change.table = name;
    return change;
  }

  // Null for writes to the system catalogs (UPDATE pg_index SET indisready ...): a trick
  // on PostgreSQL's bookkeeping, not a change of the application's data.
  Change* dataChange(ChangeAction action, const ast::QualifiedName& table) {
    if (table.schema == "pg_catalog" || (table.schema.empty() && table.name.starts_with("pg_"))) return nullptr;
    Change& change = add(action, ChangeTarget::Table, table);
    change.table = table;
    change.known = model_.table(table) != nullptr;
    change.existed = !model_.isNewTable(table);
    change.onExistingTable = change.existed;
    return &change;
  }

  // A member (column or constraint) of `table`.
  Change& member(ChangeAction action, ChangeTarget target, const ast::QualifiedName& table, std::string name) {
    Change& change = add(action, target, table);
    change.table = table;
    change.member = std::move(name);
    const ModelTable* known = model_.table(table);
    change.known = known != nullptr;
    change.onExistingTable = !model_.isNewTable(table);
    if (target == ChangeTarget::Column) {
      change.existed = !model_.isNewColumn(table, change.member);
    } else {
      change.existed = !model_.isNewConstraint(table, change.member);
    }
    return change;
  }

  void createTable(const PgQuery__CreateStmt* create) {
    ast::QualifiedName name = ast::relationName(create->relation);
    if (create->if_not_exists && model_.table(name) != nullptr) return;
    createObject(ChangeTarget::Table, name);
  }

  void createIndex(const PgQuery__IndexStmt* index) {
    ast::QualifiedName table = ast::relationName(index->relation);
    ast::QualifiedName name{table.schema, index->idxname != nullptr ? index->idxname : ""};
    if (index->if_not_exists && !name.empty() && exists(ChangeTarget::Index, name)) return;
    Change& change = createObject(ChangeTarget::Index, name);
    change.table = table;
    change.known = model_.table(table) != nullptr;
    change.onExistingTable = !model_.isNewTable(table);
    for (size_t i = 0; i < index->n_index_params; ++i) {
      const ast::Node* param = index->index_params[i];
      if (param->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) continue;
      if (param->index_elem->name != nullptr && param->index_elem->name[0] != '\0') {
        change.columns.emplace_back(param->index_elem->name);
      }
      ast::forEachNode(param->index_elem->expr, [&](const ast::Node* node) {
        if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && node->column_ref->n_fields > 0) {
          change.columns.emplace_back(ast::stringValue(node->column_ref->fields[node->column_ref->n_fields - 1]));
        }
        return true;
      });
    }
  }

  void alterTable(const PgQuery__AlterTableStmt* alter) {
    ast::QualifiedName table = ast::relationName(alter->relation);
    if (alter->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
        alter->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE) {
      if (std::optional<ChangeTarget> target = targetOf(alter->objtype)) alterObject(*target, table);
      return;
    }
    const ModelTable* known = model_.table(table);
    std::vector<std::string> droppedHere;  // columns an earlier command of this statement dropped
    for (size_t i = 0; i < alter->n_cmds; ++i) {
      const PgQuery__AlterTableCmd* cmd = alter->cmds[i]->alter_table_cmd;
      if (cmd == nullptr) continue;
      std::string name = cmd->name != nullptr ? cmd->name : "";
      switch (cmd->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
          if (cmd->def == nullptr || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) break;
          std::string column = cmd->def->column_def->colname;
          bool dropped = std::find(droppedHere.begin(), droppedHere.end(), column) != droppedHere.end();
          if (!dropped && known != nullptr && known->column(column) != nullptr) break;  // IF NOT EXISTS, or an error
          Change& change = member(ChangeAction::Create, ChangeTarget::Column, table, column);
          change.existed = false;
          change.newType = ast::typeInfo(cmd->def->column_def->type_name);
          break;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: {
          droppedHere.push_back(name);
          Change& change = member(ChangeAction::Drop, ChangeTarget::Column, table, name);
          change.ifExists = cmd->missing_ok;
          change.cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
          if (known != nullptr && known->columnsKnown && known->column(name) == nullptr) change.known = false;
          if (known != nullptr && known->column(name) != nullptr) {
            change.oldType = known->column(name)->type;
            change.oldTypeKnown = true;
          }
          break;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: {
          Change& change = member(ChangeAction::AlterType, ChangeTarget::Column, table, name);
          if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            change.newType = ast::typeInfo(cmd->def->column_def->type_name);
          }
          if (known != nullptr) {
            if (const ModelColumn* column = known->column(name)) {
              change.oldType = column->type;
              change.oldTypeKnown = true;
            }
          }
          break;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
          member(ChangeAction::AlterDefault, ChangeTarget::Column, table, name).setValue = cmd->def != nullptr;
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
          member(ChangeAction::AlterNullability, ChangeTarget::Column, table, name).setValue = true;
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
          member(ChangeAction::AlterNullability, ChangeTarget::Column, table, name).setValue = false;
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: {
          if (cmd->def == nullptr || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) break;
          const PgQuery__Constraint* constraint = cmd->def->constraint;
          Change& change = member(ChangeAction::Create, ChangeTarget::Constraint, table, constraint->conname);
          change.existed = false;
          for (auto key : ast::stringList(constraint->keys, constraint->n_keys)) change.columns.emplace_back(key);
          for (auto key : ast::stringList(constraint->fk_attrs, constraint->n_fk_attrs))
            change.columns.emplace_back(key);
          if (constraint->indexname != nullptr && constraint->indexname[0] != '\0') {
            change.newName = constraint->indexname;  // USING INDEX: the index it takes over
          }
          break;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint: {
          Change& change = member(ChangeAction::Drop, ChangeTarget::Constraint, table, name);
          change.ifExists = cmd->missing_ok;
          change.cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
          break;
        }
        default: {
          Change& change = alterObject(ChangeTarget::Table, table);
          change.member = name;
          break;
        }
      }
    }
  }

  void rename(const PgQuery__RenameStmt* rename) {
    std::optional<ChangeTarget> target = targetOf(rename->rename_type);
    if (!target) return;
    if (*target == ChangeTarget::Column || *target == ChangeTarget::Constraint) {
      ast::QualifiedName table = ast::relationName(rename->relation);
      Change& change = member(ChangeAction::Rename, *target, table, rename->subname);
      change.newName = rename->newname;
      change.ifExists = rename->missing_ok;
      return;
    }
    if (*target == ChangeTarget::Trigger) {
      ast::QualifiedName table = ast::relationName(rename->relation);
      ast::QualifiedName name{table.schema, rename->subname};
      Change& change = add(ChangeAction::Rename, ChangeTarget::Trigger, name);
      change.table = table;
      change.newName = rename->newname;
      change.known = exists(ChangeTarget::Trigger, name);
      change.existed = !isNew(ChangeTarget::Trigger, name);
      return;
    }
    ast::QualifiedName name =
        rename->relation != nullptr ? ast::relationName(rename->relation) : ast::objectName(rename->object);
    if (*target == ChangeTarget::Schema) name = {"", rename->subname};
    Change& change = add(ChangeAction::Rename, *target, name);
    if (*target == ChangeTarget::Table) change.table = name;
    change.newName = rename->newname;
    change.ifExists = rename->missing_ok;
    change.known = exists(*target, name);
    change.existed = !isNew(*target, name);
  }

  void drop(const PgQuery__DropStmt* drop) {
    std::optional<ChangeTarget> target = targetOf(drop->remove_type);
    if (!target) return;
    for (size_t i = 0; i < drop->n_objects; ++i) {
      ast::QualifiedName name;
      ast::QualifiedName table;
      if (*target == ChangeTarget::Trigger) {
        const ast::Node* object = drop->objects[i];
        if (object->node_case != PG_QUERY__NODE__NODE_LIST) continue;
        auto parts = ast::stringList(object->list->items, object->list->n_items);
        if (parts.size() < 2) continue;
        table.name = std::string(parts[parts.size() - 2]);
        if (parts.size() >= 3) table.schema = std::string(parts[parts.size() - 3]);
        name = {table.schema, std::string(parts.back())};
      } else {
        name = ast::objectName(drop->objects[i]);
      }
      Change& change = add(ChangeAction::Drop, *target, name);
      change.ifExists = drop->missing_ok;
      change.cascade = drop->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
      change.known = exists(*target, name);
      change.existed = !isNew(*target, name);
      if (*target == ChangeTarget::Table) change.table = name;
      if (*target == ChangeTarget::Trigger) change.table = table;
      if (*target == ChangeTarget::Index) {
        if (const ModelObject* index = model_.object(ObjectKind::Index, name)) {
          for (const ModelTable* known : model_.allTables()) {
            if (known->name.key() == index->tableKey) change.table = known->name;
          }
        }
      }
    }
  }

  void alterEnum(const PgQuery__AlterEnumStmt* alter) {
    ast::QualifiedName name = ast::qualifiedName(alter->type_name, alter->n_type_name);
    const ModelObject* type = model_.object(ObjectKind::Type, name);
    if (alter->old_val[0] != '\0') {
      Change& change = add(ChangeAction::RenameEnumValue, ChangeTarget::Type, name);
      change.member = alter->old_val;
      change.newName = alter->new_val;
      change.known = type != nullptr;
      change.existed = !isNew(ChangeTarget::Type, name);
      return;
    }
    if (type != nullptr &&
        std::find(type->enumValues.begin(), type->enumValues.end(), alter->new_val) != type->enumValues.end()) {
      return;  // ADD VALUE IF NOT EXISTS of a value it has
    }
    Change& change = add(ChangeAction::AddEnumValue, ChangeTarget::Type, name);
    change.member = alter->new_val;
    change.known = type != nullptr;
    change.existed = !isNew(ChangeTarget::Type, name);
  }

  const SchemaModel& model_;
  const Statement& statement_;
  std::size_t index_;
  std::vector<Change> changes_;
};

bool sameName(const ast::QualifiedName& a, const ast::QualifiedName& b) { return a.key() == b.key(); }

}  // namespace

std::vector<Change> statementChanges(const SchemaModel& model, const Statement& statement, std::size_t index) {
  return Recorder(model, statement, index).run();
}

bool isSchemaChange(const Change& change) {
  switch (change.action) {
    case ChangeAction::Truncate:
    case ChangeAction::Delete:
    case ChangeAction::Update:
    case ChangeAction::Insert: return false;
    default: return true;
  }
}

bool touchesExisting(const Change& change) {
  // A new column, constraint, index or trigger on an existing table alters that table.
  if (change.action == ChangeAction::Create) return change.onExistingTable;
  return change.existed;
}

std::vector<Change> netSchemaChanges(const std::vector<Change>& changes) {
  std::vector<Change> net;
  auto tableCreated = [&](const ast::QualifiedName& table) {
    return std::any_of(net.begin(), net.end(), [&](const Change& c) {
      return c.action == ChangeAction::Create && c.target == ChangeTarget::Table && sameName(c.object, table);
    });
  };
  auto findCreate = [&](ChangeTarget target, const ast::QualifiedName& object, std::string_view memberName) {
    return std::find_if(net.begin(), net.end(), [&](const Change& c) {
      return c.action == ChangeAction::Create && c.target == target && sameName(c.object, object) &&
             c.member == memberName;
    });
  };
  auto renameTable = [&](const ast::QualifiedName& from, const std::string& to) {
    for (Change& c : net) {
      if (!c.table.empty() && sameName(c.table, from)) c.table.name = to;
      if ((c.target == ChangeTarget::Column || c.target == ChangeTarget::Constraint) && sameName(c.object, from)) {
        c.object.name = to;
      }
    }
  };
  for (const Change& change : changes) {
    if (!isSchemaChange(change) || change.action == ChangeAction::AlterOther) continue;
    bool isMember = change.target == ChangeTarget::Column || change.target == ChangeTarget::Constraint;
    // Anything done to a table this migration created is part of creating it.
    bool onNewTable = !change.table.empty() && tableCreated(change.table) &&
                      !(change.target == ChangeTarget::Table && change.action != ChangeAction::Drop &&
                        change.action != ChangeAction::Rename);
    switch (change.action) {
      case ChangeAction::Create: {
        if (onNewTable) break;
        // An existing object dropped earlier and created again under its name: replaced.
        auto dropped = std::find_if(net.begin(), net.end(), [&](const Change& c) {
          return c.action == ChangeAction::Drop && c.target == change.target && sameName(c.object, change.object) &&
                 c.member == change.member;
        });
        if (dropped != net.end()) {
          net.erase(dropped);
          Change replaced = change;
          replaced.action = ChangeAction::Replace;
          replaced.existed = true;
          net.push_back(std::move(replaced));
          break;
        }
        net.push_back(change);
        break;
      }
      case ChangeAction::Replace:
        if (findCreate(change.target, change.object, change.member) != net.end()) break;
        if (std::none_of(net.begin(), net.end(), [&](const Change& c) {
              return c.action == ChangeAction::Replace && c.target == change.target &&
                     sameName(c.object, change.object);
            })) {
          net.push_back(change);
        }
        break;
      case ChangeAction::Drop: {
        // Renamed earlier in the migration, then dropped: the original is what is gone;
        // created again under the original name, it is replaced (Prisma's enum swap).
        auto renamed = std::find_if(net.begin(), net.end(), [&](const Change& c) {
          if (c.action != ChangeAction::Rename || c.target != change.target) return false;
          if (isMember) return sameName(c.object, change.object) && c.newName == change.member;
          return c.newName == change.object.name && c.object.schema == change.object.schema;
        });
        if (renamed != net.end()) {
          Change dropped = change;
          if (isMember) {
            dropped.member = renamed->member;
          } else {
            dropped.object = renamed->object;
          }
          net.erase(renamed);
          auto recreated = findCreate(dropped.target, dropped.object, dropped.member);
          if (recreated != net.end()) {
            recreated->action = ChangeAction::Replace;
            recreated->existed = true;
          } else {
            net.push_back(std::move(dropped));
          }
          break;
        }
        auto created = findCreate(change.target, change.object, change.member);
        if (created != net.end()) {
          // Created and dropped again: nothing is left, including its members.
          ast::QualifiedName gone = created->object;
          ChangeTarget target = created->target;
          net.erase(created);
          if (target == ChangeTarget::Table) {
            std::erase_if(net, [&](const Change& c) { return !c.table.empty() && sameName(c.table, gone); });
          }
          break;
        }
        if (onNewTable) break;
        if (!change.existed) break;                   // a member of something created here
        if (!change.known && change.ifExists) break;  // nothing says it was there
        net.push_back(change);
        break;
      }
      case ChangeAction::Rename: {
        auto created = findCreate(change.target, change.object, change.member);
        if (created != net.end()) {
          if (isMember) {
            created->member = change.newName;
          } else {
            ast::QualifiedName from = created->object;
            created->object.name = change.newName;
            if (created->target == ChangeTarget::Table) {
              created->table = created->object;
              renameTable(from, change.newName);
            }
          }
          break;
        }
        if (onNewTable) break;
        // A second rename of the same object continues the first.
        auto earlier = std::find_if(net.begin(), net.end(), [&](const Change& c) {
          if (c.action != ChangeAction::Rename || c.target != change.target) return false;
          if (isMember) return sameName(c.object, change.object) && c.newName == change.member;
          return c.newName == change.object.name && c.object.schema == change.object.schema;
        });
        if (earlier != net.end()) {
          earlier->newName = change.newName;
          if (isMember ? earlier->member == earlier->newName : earlier->object.name == earlier->newName) {
            net.erase(earlier);
          }
        } else {
          net.push_back(change);
        }
        if (change.target == ChangeTarget::Table) renameTable(change.object, change.newName);
        break;
      }
      case ChangeAction::AlterType:
      case ChangeAction::AlterDefault:
      case ChangeAction::AlterNullability: {
        if (onNewTable || !change.existed) break;
        if (findCreate(ChangeTarget::Column, change.object, change.member) != net.end()) break;
        bool seen = std::any_of(net.begin(), net.end(), [&](const Change& c) {
          return c.action == change.action && sameName(c.object, change.object) && c.member == change.member;
        });
        if (!seen) net.push_back(change);
        break;
      }
      case ChangeAction::AddEnumValue:
      case ChangeAction::RenameEnumValue:
        if (!change.existed) break;
        net.push_back(change);
        break;
      default: break;
    }
  }
  return net;
}

std::vector<Change> changesToUndo(const std::vector<Change>& changes) {
  std::vector<Change> out = netSchemaChanges(changes);
  std::erase_if(out, [](const Change& change) {
    if (change.ensure) return true;
    if (change.action == ChangeAction::Replace &&
        (change.target == ChangeTarget::Column || change.target == ChangeTarget::Constraint ||
         change.target == ChangeTarget::Index || change.target == ChangeTarget::Trigger)) {
      return true;
    }
    return change.action == ChangeAction::Create && change.target == ChangeTarget::Index && change.object.name.empty();
  });
  return out;
}

std::string summarizeChange(const Change& change) {
  std::string what = describeChange(change);
  switch (change.action) {
    case ChangeAction::Create: return "creates " + what;
    case ChangeAction::Replace: return "replaces " + what;
    case ChangeAction::Drop: return "drops " + what;
    case ChangeAction::Rename: return "renames " + what + " to `" + change.newName + "`";
    case ChangeAction::AlterType: return "changes the type of " + what;
    case ChangeAction::AlterDefault: return std::string(change.setValue ? "sets" : "drops") + " the default of " + what;
    case ChangeAction::AlterNullability:
      return std::string(change.setValue ? "sets" : "drops") + " NOT NULL on " + what;
    case ChangeAction::AddEnumValue: return "adds value '" + change.member + "' to " + what;
    case ChangeAction::RenameEnumValue: return "renames value '" + change.member + "' of " + what;
    case ChangeAction::Truncate: return "truncates " + what;
    case ChangeAction::Delete: return "deletes from " + what;
    case ChangeAction::Update: return "updates " + what;
    case ChangeAction::Insert: return "inserts into " + what;
    case ChangeAction::AlterOther: return "alters " + what;
  }
  return "changes " + what;
}

std::string describeChange(const Change& change) {
  auto quote = [](std::string_view name) { return "`" + std::string(name) + "`"; };
  switch (change.target) {
    case ChangeTarget::Column: return "column " + quote(change.member) + " of table " + quote(change.object.display());
    case ChangeTarget::Constraint:
      if (change.member.empty()) return "a constraint on table " + quote(change.object.display());
      return "constraint " + quote(change.member) + " on table " + quote(change.object.display());
    case ChangeTarget::Index:
      if (change.object.name.empty()) return "an unnamed index on table " + quote(change.table.display());
      return "index " + quote(change.object.display());
    case ChangeTarget::Trigger:
      return "trigger " + quote(change.object.name) + " on table " + quote(change.table.display());
    default: return std::string(changeTargetName(change.target)) + " " + quote(change.object.display());
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
    default: return std::nullopt;
  }
}

}  // namespace sluice
