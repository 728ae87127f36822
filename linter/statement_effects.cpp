#include "linter/statement_effects.hpp"

#include <algorithm>

#include "linter/function_calls.hpp"
#include "linter/schema_model.hpp"

namespace sluice {
namespace {

bool exists(const SchemaModel& schema, ChangeTarget target, const ast::QualifiedName& name) {
  if (target == ChangeTarget::Table) return schema.table(name) != nullptr;
  std::optional<ObjectKind> kind = objectKindOf(target);
  return kind && schema.object(*kind, name) != nullptr;
}

// A table or a materialized view: they share a namespace.
bool relationExists(const SchemaModel& schema, const ast::QualifiedName& name) {
  return schema.table(name) != nullptr || schema.object(ObjectKind::MaterializedView, name) != nullptr;
}

// OWNED BY [schema.]table.column or OWNED BY NONE among a sequence's options; nullopt
// when the statement does not say.
std::optional<SequenceOwner> sequenceOwner(ast::Node* const* options, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* option = options[i]->def_elem;
    if (std::string_view(option->defname) != "owned_by" || option->arg == nullptr ||
        option->arg->node_case != PG_QUERY__NODE__NODE_LIST)
      return std::nullopt;
    const PgQuery__List* parts = option->arg->list;
    if (parts->n_items < 2) return SequenceOwner{};  // NONE
    SequenceOwner owner;
    owner.table = ast::qualifiedName(parts->items, parts->n_items - 1);
    owner.column = ast::stringValue(parts->items[parts->n_items - 1]);
    return owner;
  }
  return std::nullopt;
}

void addColumn(std::vector<std::string>& columns, std::string_view name) {
  if (!name.empty() && std::find(columns.begin(), columns.end(), name) == columns.end()) columns.emplace_back(name);
}

// Adds every column an expression names.
void addExpressionColumns(std::vector<std::string>& columns, const ast::Node* expression) {
  ast::forEachNode(expression, [&](const ast::Node* node) {
    if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && node->column_ref->n_fields > 0) {
      addColumn(columns, ast::stringValue(node->column_ref->fields[node->column_ref->n_fields - 1]));
    }
    return true;
  });
}

// The columns an index uses: key columns and every column named in its expressions.
std::vector<std::string> indexColumns(const PgQuery__IndexStmt* index) {
  std::vector<std::string> columns;
  for (size_t i = 0; i < index->n_index_params; ++i) {
    const ast::Node* param = index->index_params[i];
    if (param->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) continue;
    const PgQuery__IndexElem* elem = param->index_elem;
    if (elem->name != nullptr) addColumn(columns, elem->name);
    addExpressionColumns(columns, elem->expr);
  }
  return columns;
}

bool isInputArgument(PgQuery__FunctionParameterMode mode) {
  return mode != PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT &&
         mode != PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE;
}

FunctionSignature functionSignature(ast::Node* const* parameters, size_t count) {
  FunctionSignature signature;
  for (size_t i = 0; i < count; ++i) {
    if (parameters[i]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER) continue;
    const PgQuery__FunctionParameter* parameter = parameters[i]->function_parameter;
    if (!isInputArgument(parameter->mode)) continue;
    signature.arguments.push_back(signatureType(parameter->arg_type));
    signature.variadic = parameter->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC;
    if (parameter->defexpr != nullptr) ++signature.defaults;
  }
  return signature;
}

// ALTER FUNCTION f(a, b): the input argument types, as functionSignature spells them.
std::optional<std::vector<std::string>> namedArguments(const PgQuery__ObjectWithArgs* function) {
  if (function->args_unspecified) return std::nullopt;
  std::vector<std::string> arguments;
  if (function->n_objfuncargs > 0) {
    FunctionSignature signature = functionSignature(function->objfuncargs, function->n_objfuncargs);
    return signature.arguments;
  }
  for (size_t i = 0; i < function->n_objargs; ++i) {
    if (function->objargs[i]->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
      arguments.push_back(signatureType(function->objargs[i]->type_name));
  }
  return arguments;
}

std::string_view text(const char* value) { return value != nullptr ? std::string_view(value) : std::string_view(); }

class Reader {
 public:
  Reader(const SchemaModel& schema, EffectVisitor& visitor) : schema_(schema), visitor_(visitor) {}

  void read(const ast::Node* node) {
    switch (node->node_case) {
      case PG_QUERY__NODE__NODE_CREATE_STMT: {
        const auto* create = node->create_stmt;
        ast::QualifiedName name = ast::relationName(create->relation);
        if (create->if_not_exists && schema_.table(name) != nullptr) break;
        visitor_.createTable({name, create->relation->relpersistence[0] == 't', create});
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: {
        const auto* create = node->create_table_as_stmt;
        if (create->into == nullptr || create->into->rel == nullptr) break;
        ast::QualifiedName name = ast::relationName(create->into->rel);
        if (create->if_not_exists && relationExists(schema_, name)) break;
        if (create->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
          NewObject view;
          view.target = ChangeTarget::MaterializedView;
          view.name = name;
          view.ifNotExists = create->if_not_exists;
          visitor_.createObject(view);
        } else {
          visitor_.createTable({name, create->into->rel->relpersistence[0] == 't', nullptr});
        }
        break;
      }
      case PG_QUERY__NODE__NODE_SELECT_STMT: {
        const PgQuery__IntoClause* into = node->select_stmt->into_clause;
        if (into != nullptr && into->rel != nullptr) {
          visitor_.createTable({ast::relationName(into->rel), into->rel->relpersistence[0] == 't', nullptr});
        }
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: alterTable(node->alter_table_stmt); break;
      case PG_QUERY__NODE__NODE_RENAME_STMT: rename(node->rename_stmt); break;
      case PG_QUERY__NODE__NODE_DROP_STMT: drop(node->drop_stmt); break;
      case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: {
        const auto* alter = node->alter_object_schema_stmt;
        std::optional<ChangeTarget> target = targetOf(alter->object_type);
        if (!target) break;
        AlteredObject object;
        object.target = *target;
        object.name = alter->relation != nullptr ? ast::relationName(alter->relation) : ast::objectName(alter->object);
        visitor_.setSchema(object, text(alter->newschema));
        break;
      }
      case PG_QUERY__NODE__NODE_INDEX_STMT: {
        const auto* index = node->index_stmt;
        NewIndex created;
        created.table = ast::relationName(index->relation);
        created.name = {created.table.schema, std::string(text(index->idxname))};
        if (index->if_not_exists && !created.name.empty() && exists(schema_, ChangeTarget::Index, created.name)) break;
        created.unique = index->unique;
        created.columns = indexColumns(index);
        visitor_.createIndex(created);
        break;
      }
      case PG_QUERY__NODE__NODE_VIEW_STMT: {
        NewObject view;
        view.target = ChangeTarget::View;
        view.name = ast::relationName(node->view_stmt->view);
        view.reads = viewDependencies(node->view_stmt->query, schema_);
        createOrReplace(view, node->view_stmt->replace);
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: {
        NewObject sequence;
        sequence.target = ChangeTarget::Sequence;
        sequence.name = ast::relationName(node->create_seq_stmt->sequence);
        if (auto owner = sequenceOwner(node->create_seq_stmt->options, node->create_seq_stmt->n_options)) {
          sequence.table = owner->table;
          sequence.ownerColumn = owner->column;
        }
        sequence.ifNotExists = node->create_seq_stmt->if_not_exists;
        if (sequence.ifNotExists && exists(schema_, sequence.target, sequence.name)) break;
        visitor_.createObject(sequence);
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: {
        AlteredObject sequence;
        sequence.target = ChangeTarget::Sequence;
        sequence.name = ast::relationName(node->alter_seq_stmt->sequence);
        sequence.owner = sequenceOwner(node->alter_seq_stmt->options, node->alter_seq_stmt->n_options);
        visitor_.alterObject(sequence);
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
        const auto* create = node->create_enum_stmt;
        NewObject type = newType(ast::qualifiedName(create->type_name, create->n_type_name));
        type.isEnum = true;
        type.enumValues = ast::stringList(create->vals, create->n_vals);
        visitor_.createObject(type);
        break;
      }
      case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
        visitor_.createObject(newType(ast::relationName(node->composite_type_stmt->typevar)));
        break;
      case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
        const auto* create = node->create_domain_stmt;
        visitor_.createObject(newType(ast::qualifiedName(create->domainname, create->n_domainname)));
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: {
        const auto* create = node->create_range_stmt;
        visitor_.createObject(newType(ast::qualifiedName(create->type_name, create->n_type_name)));
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
        NewObject function;
        function.target = ChangeTarget::Function;
        function.name = ast::qualifiedName(create->funcname, create->n_funcname);
        function.volatility =
            ast::declaredVolatility(create->options, create->n_options).value_or(ast::Volatility::Volatile);
        function.signature = functionSignature(create->parameters, create->n_parameters);
        createOrReplace(function, create->replace);
        break;
      }
      case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT: {
        const auto* alter = node->alter_function_stmt;
        if (alter->func == nullptr) break;
        AlteredObject function;
        function.target = ChangeTarget::Function;
        function.name = ast::qualifiedName(alter->func->objname, alter->func->n_objname);
        function.volatility = ast::declaredVolatility(alter->actions, alter->n_actions);
        function.arguments = namedArguments(alter->func);
        visitor_.alterObject(function);
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        createUnlessExists(ChangeTarget::Extension, node->create_extension_stmt->extname,
                           node->create_extension_stmt->if_not_exists);
        break;
      case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        createUnlessExists(ChangeTarget::Schema, node->create_schema_stmt->schemaname,
                           node->create_schema_stmt->if_not_exists);
        break;
      case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
        const auto* create = node->create_trig_stmt;
        NewObject trigger;
        trigger.target = ChangeTarget::Trigger;
        trigger.table = ast::relationName(create->relation);
        trigger.name = {trigger.table.schema, std::string(text(create->trigname))};
        createOrReplace(trigger, create->replace);
        break;
      }
      case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        for (size_t i = 0; i < node->truncate_stmt->n_relations; ++i) {
          const ast::Node* relation = node->truncate_stmt->relations[i];
          if (relation->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
            DataChange change;
            change.kind = DataChange::Kind::Truncate;
            change.table = ast::relationName(relation->range_var);
            changeData(change);
          }
        }
        break;
      case PG_QUERY__NODE__NODE_DELETE_STMT: {
        DataChange change;
        change.kind = DataChange::Kind::Delete;
        change.table = ast::relationName(node->delete_stmt->relation);
        change.hasWhere = node->delete_stmt->where_clause != nullptr;
        changeData(change);
        break;
      }
      case PG_QUERY__NODE__NODE_UPDATE_STMT: {
        const auto* update = node->update_stmt;
        DataChange change;
        change.kind = DataChange::Kind::Update;
        change.table = ast::relationName(update->relation);
        change.hasWhere = update->where_clause != nullptr;
        for (size_t i = 0; i < update->n_target_list; ++i) {
          const ast::Node* target = update->target_list[i];
          if (target->node_case == PG_QUERY__NODE__NODE_RES_TARGET && target->res_target->name != nullptr) {
            change.setColumns.emplace_back(target->res_target->name);
          }
        }
        changeData(change);
        break;
      }
      case PG_QUERY__NODE__NODE_MERGE_STMT: {
        DataChange change;
        change.kind = DataChange::Kind::Update;
        change.table = ast::relationName(node->merge_stmt->relation);
        change.fromQuery = true;
        changeData(change);
        break;
      }
      case PG_QUERY__NODE__NODE_INSERT_STMT: {
        const auto* insert = node->insert_stmt;
        DataChange change;
        change.kind = DataChange::Kind::Insert;
        change.table = ast::relationName(insert->relation);
        change.fromQuery = insert->select_stmt != nullptr &&
                           insert->select_stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
                           insert->select_stmt->select_stmt->n_values_lists == 0;
        changeData(change);
        break;
      }
      case PG_QUERY__NODE__NODE_COPY_STMT:
        if (node->copy_stmt->is_from && node->copy_stmt->relation != nullptr) {
          DataChange change;
          change.kind = DataChange::Kind::Insert;
          change.table = ast::relationName(node->copy_stmt->relation);
          change.fromQuery = true;
          changeData(change);
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
      default: break;
    }
  }

 private:
  static NewObject newType(ast::QualifiedName name) {
    NewObject type;
    type.target = ChangeTarget::Type;
    type.name = std::move(name);
    return type;
  }

  void createOrReplace(const NewObject& object, bool orReplace) {
    if (orReplace && exists(schema_, object.target, object.name)) {
      visitor_.replaceObject(object);
    } else {
      visitor_.createObject(object);
    }
  }

  // Extensions and schemas: CREATE of one that exists creates nothing (with IF NOT
  // EXISTS it is skipped, without it fails).
  void createUnlessExists(ChangeTarget target, const char* name, bool ifNotExists) {
    NewObject object;
    object.target = target;
    object.name = {"", std::string(text(name))};
    object.ifNotExists = ifNotExists;
    if (exists(schema_, target, object.name)) return;
    visitor_.createObject(object);
  }

  void alterObject(ChangeTarget target, ast::QualifiedName name) {
    AlteredObject object;
    object.target = target;
    object.name = std::move(name);
    visitor_.alterObject(object);
  }

  void changeData(const DataChange& change) {
    // UPDATE pg_index SET indisready ...: a trick on PostgreSQL's bookkeeping.
    const ast::QualifiedName& table = change.table;
    if (table.schema == "pg_catalog" || (table.schema.empty() && table.name.starts_with("pg_"))) return;
    visitor_.changeData(change);
  }

  void alterTable(const PgQuery__AlterTableStmt* alter) {
    AlteredTable table{ast::relationName(alter->relation), alter->missing_ok != 0};
    if (alter->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
        alter->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE) {
      // ALTER INDEX / VIEW / SEQUENCE / MATERIALIZED VIEW / TYPE ... options.
      if (std::optional<ChangeTarget> target = targetOf(alter->objtype)) alterObject(*target, table.name);
      return;
    }
    std::vector<std::string_view> droppedHere;  // columns an earlier command of this statement dropped
    for (size_t i = 0; i < alter->n_cmds; ++i) {
      const PgQuery__AlterTableCmd* cmd = alter->cmds[i]->alter_table_cmd;
      if (cmd == nullptr) continue;
      std::string_view name = text(cmd->name);
      const PgQuery__ColumnDef* columnDef =
          cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF ? cmd->def->column_def
                                                                                        : nullptr;
      switch (cmd->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: {
          if (columnDef == nullptr) break;
          // ADD COLUMN of a column the table has: IF NOT EXISTS skips it (and without,
          // the statement fails).
          std::string_view column = text(columnDef->colname);
          bool dropped = std::find(droppedHere.begin(), droppedHere.end(), column) != droppedHere.end();
          const ModelTable* known = schema_.table(table.name);
          if (!dropped && known != nullptr && known->column(column) != nullptr) break;
          visitor_.addColumn(table, columnDef);
          break;
        }
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
          droppedHere.push_back(name);
          visitor_.dropColumn(table,
                              {name, cmd->missing_ok != 0, cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE});
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
          visitor_.alterColumnType(table, name, columnDef != nullptr ? columnDef->type_name : nullptr);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
          visitor_.setColumnDefault(table, name, cmd->def != nullptr);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: visitor_.setColumnNotNull(table, name, true); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull: visitor_.setColumnNotNull(table, name, false); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity: visitor_.setColumnIdentity(table, name, true); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity: visitor_.setColumnIdentity(table, name, false); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
          if (cmd->def != nullptr && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            visitor_.addConstraint(table, describeConstraint(cmd->def->constraint));
          }
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: visitor_.validateConstraint(table, name); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
          visitor_.dropConstraint(table,
                                  {name, cmd->missing_ok != 0, cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE});
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddInherit:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddOf: visitor_.inheritColumns(table); break;
        default: visitor_.alterTableOther(table, name); break;
      }
    }
  }

  void rename(const PgQuery__RenameStmt* rename) {
    std::optional<ChangeTarget> target = targetOf(rename->rename_type);
    if (!target) return;
    Renaming renaming;
    renaming.target = *target;
    renaming.newName = text(rename->newname);
    renaming.ifExists = rename->missing_ok;
    switch (*target) {
      case ChangeTarget::Column:
      case ChangeTarget::Constraint:
        renaming.object = ast::relationName(rename->relation);
        renaming.member = text(rename->subname);
        break;
      case ChangeTarget::Trigger:
        renaming.table = ast::relationName(rename->relation);
        renaming.object = {renaming.table.schema, std::string(text(rename->subname))};
        break;
      case ChangeTarget::Schema: renaming.object = {"", std::string(text(rename->subname))}; break;
      default:
        renaming.object =
            rename->relation != nullptr ? ast::relationName(rename->relation) : ast::objectName(rename->object);
        break;
    }
    visitor_.rename(renaming);
  }

  void drop(const PgQuery__DropStmt* drop) {
    std::optional<ChangeTarget> target = targetOf(drop->remove_type);
    if (!target) return;
    for (size_t i = 0; i < drop->n_objects; ++i) {
      Dropping dropping;
      dropping.target = *target;
      dropping.ifExists = drop->missing_ok;
      dropping.cascade = drop->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
      if (*target == ChangeTarget::Trigger) {
        // DROP TRIGGER name ON [schema.]table: a list that ends with the trigger's name.
        const ast::Node* object = drop->objects[i];
        if (object->node_case != PG_QUERY__NODE__NODE_LIST) continue;
        auto parts = ast::stringList(object->list->items, object->list->n_items);
        if (parts.size() < 2) continue;
        dropping.table.name = std::string(parts[parts.size() - 2]);
        if (parts.size() >= 3) dropping.table.schema = std::string(parts[parts.size() - 3]);
        dropping.name = {dropping.table.schema, std::string(parts.back())};
      } else {
        dropping.name = ast::objectName(drop->objects[i]);
        if (drop->objects[i]->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
          dropping.arguments = namedArguments(drop->objects[i]->object_with_args);
      }
      visitor_.drop(dropping);
    }
  }

  void alterEnum(const PgQuery__AlterEnumStmt* alter) {
    ast::QualifiedName name = ast::qualifiedName(alter->type_name, alter->n_type_name);
    if (text(alter->old_val).empty()) {
      const ModelObject* type = schema_.object(ObjectKind::Type, name);
      std::string_view value = text(alter->new_val);
      if (type != nullptr &&
          std::find(type->enumValues.begin(), type->enumValues.end(), value) != type->enumValues.end()) {
        return;  // ADD VALUE IF NOT EXISTS of a value it has
      }
      visitor_.addEnumValue(name, value);
    } else {
      visitor_.renameEnumValue(name, text(alter->old_val), text(alter->new_val));
    }
  }

  const SchemaModel& schema_;
  EffectVisitor& visitor_;
};

}  // namespace

NewConstraint describeConstraint(const PgQuery__Constraint* constraint, std::string_view column) {
  NewConstraint out;
  out.name = text(constraint->conname);
  out.type = constraint->contype;
  out.validated = !constraint->skip_validation;
  out.indexName = text(constraint->indexname);
  if (!column.empty()) out.columns.emplace_back(column);
  for (auto key : ast::stringList(constraint->keys, constraint->n_keys)) out.columns.emplace_back(key);
  for (auto key : ast::stringList(constraint->fk_attrs, constraint->n_fk_attrs)) out.columns.emplace_back(key);
  if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
    out.references = ast::relationName(constraint->pktable);
  // A CHECK uses the columns its expression names: dropping one of them drops it.
  if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK)
    addExpressionColumns(out.columns, constraint->raw_expr);
  return out;
}

bool FunctionSignature::accepts(std::size_t count) const {
  if (count > arguments.size()) return variadic;
  return count + defaults >= arguments.size();
}

void visitEffects(const SchemaModel& schema, const ast::Node* statement, EffectVisitor& visitor) {
  if (statement == nullptr) return;
  Reader(schema, visitor).read(statement);
}

}  // namespace sluice
