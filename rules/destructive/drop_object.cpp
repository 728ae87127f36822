#include <map>
#include <optional>
#include <set>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_tokens.hpp"

namespace sluice::rules {
namespace {

// An object as DROP names it; triggers are named per table.
struct ObjectRef {
  ObjectKind kind = ObjectKind::View;
  ast::QualifiedName name;  // triggers: {table schema, trigger name}, as the schema model keys them
  ast::QualifiedName table;

  [[nodiscard]] std::string key() const {
    return std::string(objectKindName(kind)) + ":" + name.key() + (table.empty() ? "" : " on " + table.key());
  }
};

std::optional<ObjectKind> droppedKind(PgQuery__ObjectType type) {
  switch (type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: return ObjectKind::View;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return ObjectKind::MaterializedView;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE: return ObjectKind::Function;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: return ObjectKind::Type;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: return ObjectKind::Sequence;
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: return ObjectKind::Extension;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER: return ObjectKind::Trigger;
    default: return std::nullopt;
  }
}

ObjectRef droppedObject(ObjectKind kind, const ast::Node* object) {
  ObjectRef ref;
  ref.kind = kind;
  if (kind == ObjectKind::Trigger && object->node_case == PG_QUERY__NODE__NODE_LIST && object->list->n_items >= 2) {
    // [schema,] table, trigger
    const PgQuery__List* parts = object->list;
    ref.table = ast::qualifiedName(parts->items, parts->n_items - 1);
    ref.name = {ref.table.schema, std::string(ast::stringValue(parts->items[parts->n_items - 1]))};
    return ref;
  }
  ref.name = ast::objectName(object);
  if (kind == ObjectKind::Extension) ref.name.schema.clear();  // extensions live outside schemas
  return ref;
}

// The object a statement creates, when it is one of the kinds this rule follows.
std::optional<ObjectRef> createdObject(const ast::Node* node) {
  if (node == nullptr) return std::nullopt;
  switch (node->node_case) {
    case PG_QUERY__NODE__NODE_VIEW_STMT:
      return ObjectRef{ObjectKind::View, ast::relationName(node->view_stmt->view), {}};
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
      if (node->create_table_as_stmt->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ||
          node->create_table_as_stmt->into == nullptr)
        return std::nullopt;
      return ObjectRef{ObjectKind::MaterializedView, ast::relationName(node->create_table_as_stmt->into->rel), {}};
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
      const auto* create = node->create_function_stmt;
      return ObjectRef{ObjectKind::Function, ast::qualifiedName(create->funcname, create->n_funcname), {}};
    }
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
      const auto* create = node->create_enum_stmt;
      return ObjectRef{ObjectKind::Type, ast::qualifiedName(create->type_name, create->n_type_name), {}};
    }
    case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT: {
      const auto* create = node->create_range_stmt;
      return ObjectRef{ObjectKind::Type, ast::qualifiedName(create->type_name, create->n_type_name), {}};
    }
    case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
      return ObjectRef{ObjectKind::Type, ast::relationName(node->composite_type_stmt->typevar), {}};
    case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
      const auto* create = node->create_domain_stmt;
      return ObjectRef{ObjectKind::Type, ast::qualifiedName(create->domainname, create->n_domainname), {}};
    }
    case PG_QUERY__NODE__NODE_DEFINE_STMT:
      if (node->define_stmt->kind != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) return std::nullopt;
      return ObjectRef{
          ObjectKind::Type, ast::qualifiedName(node->define_stmt->defnames, node->define_stmt->n_defnames), {}};
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
      return ObjectRef{ObjectKind::Extension, {"", node->create_extension_stmt->extname}, {}};
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
      return ObjectRef{ObjectKind::Sequence, ast::relationName(node->create_seq_stmt->sequence), {}};
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
      const auto* create = node->create_trig_stmt;
      ast::QualifiedName table = ast::relationName(create->relation);
      return ObjectRef{ObjectKind::Trigger, {table.schema, create->trigname}, table};
    }
    default: return std::nullopt;
  }
}

// The object a RENAME statement renames, under its old name, when this rule follows its kind.
std::optional<ObjectRef> renamedObject(const PgQuery__RenameStmt* rename) {
  std::optional<ObjectKind> kind = droppedKind(rename->rename_type);
  if (!kind || *kind == ObjectKind::Trigger) return std::nullopt;
  ObjectRef ref;
  ref.kind = *kind;
  ref.name = rename->relation != nullptr ? ast::relationName(rename->relation) : ast::objectName(rename->object);
  return ref;
}

std::string consequence(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::View: return "breaks every query that reads it";
    case ObjectKind::MaterializedView: return "deletes its stored rows and breaks every query that reads it";
    case ObjectKind::Function: return "breaks the queries, triggers, defaults and jobs that call it";
    case ObjectKind::Type: return "breaks the code that casts to it or declares values of it";
    case ObjectKind::Sequence:
      return "loses its current value and breaks the defaults and code that call nextval() on it";
    case ObjectKind::Extension: return "removes its functions, types and operators and breaks the code that uses them";
    case ObjectKind::Trigger: return "silently stops what it does on every write to its table";
    default: return "breaks the code that uses it";
  }
}

// The name PostgreSQL gives the sequence of a serial or identity column.
std::string columnSequenceKey(const ast::QualifiedName& table, std::string_view column) {
  return ast::QualifiedName{table.schema, table.name + "_" + std::string(column) + "_seq"}.key();
}

class DropObject final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    rememberOrphans(context);
    const ast::Node* node = context.node();
    if (node->node_case == PG_QUERY__NODE__NODE_RENAME_STMT) {
      rememberRename(node->rename_stmt);
      return;
    }
    const auto* drop = SLUICE_NODE_AS(context, DROP_STMT, drop_stmt);
    if (drop == nullptr) return;
    std::optional<ObjectKind> kind = droppedKind(drop->remove_type);
    if (!kind) return;
    bool cascade = drop->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    std::vector<SqlToken> tokens;
    std::size_t cursor = 0;
    for (size_t i = 0; i < drop->n_objects; ++i) {
      ObjectRef object = droppedObject(*kind, drop->objects[i]);
      if (object.name.empty() || isNew(context, object)) continue;
      // Dropped to be created again: the usual way to change a view's columns or a
      // function's signature. A sequence starts over, though, and CASCADE takes its
      // dependents along, which the new object does not bring back.
      if (!cascade && object.kind != ObjectKind::Sequence && recreatedLater(context, object)) continue;
      if (!cascade && replacedByRename(context, object)) continue;
      if (!cascade && (orphaned(context, object) || ownedByNewColumn(context, object))) continue;
      if (tokens.empty()) tokens = statementTokens(context);
      Span span = context.span();
      if (auto found = findName(tokens, object.name.name, cursor)) {
        span = qualifiedSpan(tokens, *found);
        cursor = *found + 1;
      }
      std::string message = "dropping " + asSubject(describe(context, object)) + " " + consequence(object.kind);
      if (cascade) {
        if (object.kind == ObjectKind::Type) {
          message +=
              "; CASCADE also drops every column of this type, with its data, and everything else that "
              "depends on it";
        } else if (object.kind == ObjectKind::Extension) {
          message +=
              "; CASCADE also drops every column of the extension's types, with its data, and everything "
              "else that depends on it";
        } else {
          message += "; CASCADE also drops everything that depends on it";
        }
      }
      out.report(span, message);
    }
  }

 private:
  static bool isNew(const StatementContext& context, const ObjectRef& object) {
    // Anything on a table this migration created is new with it.
    if (!object.table.empty() && context.schema().isNewTable(object.table)) return true;
    return context.schema().isNewObject(object.kind, object.name);
  }

  // Created again, or another object renamed into its name (`CREATE TYPE t_new ...;
  // DROP TYPE t; ALTER TYPE t_new RENAME TO t`), later in this file.
  static bool recreatedLater(const StatementContext& context, const ObjectRef& object) {
    const auto& statements = context.parsed().statements;
    std::string key = object.key();
    for (std::size_t i = context.index() + 1; i < statements.size(); ++i) {
      const ast::Node* node = statements[i].node;
      if (statements[i].depth != 0 || node == nullptr) continue;
      std::optional<ObjectRef> created = createdObject(node);
      if (!created && node->node_case == PG_QUERY__NODE__NODE_RENAME_STMT) {
        created = renamedObject(node->rename_stmt);
        if (created) created->name.name = node->rename_stmt->newname;
      }
      if (created && created->key() == key) return true;
    }
    return false;
  }

  // Triggers are described by their table: their name is only unique per table.
  static std::string describe(const StatementContext& context, const ObjectRef& object) {
    if (object.table.empty()) return context.schema().describe(object.kind, object.name);
    std::string out = "trigger " + rules::quoted(object.name.name) + " on " +
                      context.schema().describe(ObjectKind::Table, object.table);
    const ModelObject* trigger = context.schema().object(ObjectKind::Trigger, object.name);
    if (trigger != nullptr && !trigger->origin.empty() && trigger->origin != context.schema().currentMigration()) {
      out += " (trigger created in " + trigger->origin + ")";
    }
    return out;
  }

  // ALTER TYPE t RENAME TO t_old; CREATE TYPE t ...; ...; DROP TYPE t_old: the drop
  // removes the previous version of an object that this migration put in its place
  // (how Prisma changes an enum's values).
  bool replacedByRename(const StatementContext& context, const ObjectRef& object) const {
    auto it = renamedFrom_.find(object.key());
    return it != renamedFrom_.end() && context.schema().isNewObject(object.kind, it->second);
  }

  void rememberRename(const PgQuery__RenameStmt* rename) {
    std::optional<ObjectRef> renamed = renamedObject(rename);
    if (!renamed) return;
    ObjectRef after = *renamed;
    after.name.name = rename->newname;
    renamedFrom_[after.key()] = renamed->name;
  }

  // What the migration left without a user when it dropped a table or column: the
  // types of the dropped columns, and the sequences named as theirs
  // (`<table>_<column>_seq`). The data went with the columns; a type or sequence that
  // nothing uses any more holds none.
  void rememberOrphans(const StatementContext& context) {
    for (const Change& change : context.changes()) {
      if (change.action != ChangeAction::Drop) continue;
      if (change.target == ChangeTarget::Column)
        orphanedSequences_.insert(columnSequenceKey(change.object, change.member));
      if (change.target != ChangeTarget::Table && change.target != ChangeTarget::Column) continue;
      const ModelTable* table = context.schema().table(change.object);
      if (table == nullptr) continue;
      for (const ModelColumn& column : table->columns) {
        if (change.target == ChangeTarget::Column && column.name != change.member) continue;
        orphanedTypes_.insert(column.type.name);
        orphanedSequences_.insert(columnSequenceKey(table->name, column.name));
      }
    }
  }

  [[nodiscard]] bool orphaned(const StatementContext& context, const ObjectRef& object) const {
    if (object.kind == ObjectKind::Sequence) return orphanedSequences_.contains(object.name.key());
    if (object.kind != ObjectKind::Type || !orphanedTypes_.contains(object.name.name)) return false;
    for (const ModelTable* table : context.schema().allTables()) {
      for (const ModelColumn& column : table->columns) {
        if (column.type.name == object.name.name) return false;  // still used
      }
    }
    return true;
  }

  // The sequence of a serial or identity column this migration added (Prisma's
  // `SERIAL` then `DROP DEFAULT, SET DATA TYPE ...; DROP SEQUENCE "T_c_seq"`): new with
  // its column, whatever the column's type has become since.
  [[nodiscard]] static bool ownedByNewColumn(const StatementContext& context, const ObjectRef& object) {
    if (object.kind != ObjectKind::Sequence) return false;
    std::string key = object.name.key();
    for (const ModelTable* table : context.schema().allTables()) {
      for (const ModelColumn& column : table->columns) {
        if (columnSequenceKey(table->name, column.name) == key &&
            context.schema().isNewColumn(table->name, column.name))
          return true;
      }
    }
    return false;
  }

  std::map<std::string, ast::QualifiedName> renamedFrom_;  // key under the new name -> old name
  std::set<std::string> orphanedTypes_;                    // type names
  std::set<std::string> orphanedSequences_;                // sequence keys
};

}  // namespace

const RuleDefinition& dropObjectRule() {
  static const RuleDefinition definition{
      {
          .name = "drop-object",
          .code = "D010",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Dropping an existing view, function, type, sequence, extension or trigger breaks what uses it.",
          .rationale =
              "DROP VIEW, MATERIALIZED VIEW, FUNCTION, PROCEDURE, TYPE, DOMAIN, SEQUENCE, EXTENSION and TRIGGER "
              "take an ACCESS EXCLUSIVE lock on the object (DROP TRIGGER also on its table) and rewrite nothing, but "
              "whatever still uses the object fails from the moment the migration commits: queries of the running "
              "release, jobs, reports, defaults that call a function or nextval(). A materialized view's rows and "
              "a sequence's current value are data that only a backup brings back; a dropped trigger silently stops "
              "its work. With CASCADE every dependent object goes too, including columns of a dropped type with "
              "their data. Not flagged: objects created earlier in the same migration, an object dropped and "
              "created again later in the same file without CASCADE (how views and function signatures are "
              "changed; not for sequences, which would start over), and the old version of an object the migration "
              "renamed away and replaced (how Prisma changes an enum), a type or sequence that this migration "
              "left without a user by dropping the columns or table that used it (a type no remaining column "
              "has; the sequence `<table>_<column>_seq` of a dropped column or table), and the sequence "
              "`<table>_<column>_seq` of a column the migration added (a serial or identity column's).",
          .safeAlternative =
              "Stop using the object in a release first and drop it in a later migration, after a snapshot or "
              "backup; to change a view or function, use CREATE OR REPLACE, or drop and re-create it in the same "
              "migration without CASCADE.",
          .badExample = "DROP VIEW active_users;\nDROP FUNCTION normalize_email(text) CASCADE;",
          .goodExample = "DROP VIEW active_users;\n"
                         "CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;",
      },
      makeRule<DropObject>};
  return definition;
}

}  // namespace sluice::rules
