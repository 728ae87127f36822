#pragma once
// An in-memory model of the schema, built by replaying statements in order. Each
// object remembers the migration that created it (its origin), which is how rules tell
// "created earlier in this migration" (new: safe to index, constrain, drop) from
// "existed before" (locks and data matter). The model tolerates what it does not
// understand: an object it never saw created is simply not in it ("existing, origin
// unknown").

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/ast.hpp"

namespace sluice {

enum class ObjectKind { Schema, Table, View, MaterializedView, Index, Sequence, Type, Function, Extension, Trigger };
std::string_view objectKindName(ObjectKind kind);

struct ModelColumn {
  std::string name;
  ast::TypeInfo type;
  bool notNull = false;
  bool hasDefault = false;
  bool generated = false;
  bool identity = false;
  std::string origin;  // migration that added the column
};

struct ModelConstraint {
  std::string name;  // may be empty when PostgreSQL would generate it and we did not
  PgQuery__ConstrType type = PG_QUERY__CONSTR_TYPE__CONSTR_TYPE_UNDEFINED;
  bool validated = true;  // false after ADD ... NOT VALID until VALIDATE CONSTRAINT
  std::vector<std::string> columns;
  std::string origin;
};

struct ModelTable {
  ast::QualifiedName name;
  std::string origin;
  bool temporary = false;
  bool partitioned = false;
  bool columnsKnown = true;  // false for CREATE TABLE AS and the like
  std::vector<ModelColumn> columns;
  std::vector<ModelConstraint> constraints;

  [[nodiscard]] const ModelColumn* column(std::string_view columnName) const;
  ModelColumn* column(std::string_view columnName);
};

struct ModelObject {
  ObjectKind kind = ObjectKind::Table;
  ast::QualifiedName name;
  std::string origin;
  std::string tableKey;                       // indexes and triggers: the table they belong to
  bool unique = false;                        // indexes
  std::vector<std::string> enumValues;        // enum types, in order
  std::vector<std::string> enumValueOrigins;  // migration that added each value
};

class SchemaModel {
 public:
  // Everything applied from now on belongs to migration `id`.
  void beginMigration(std::string id);
  [[nodiscard]] const std::string& currentMigration() const { return current_; }

  // Replays one statement; statements the model does not follow are ignored.
  void apply(const ast::Node* statement);

  [[nodiscard]] const ModelTable* table(const ast::QualifiedName& name) const;
  [[nodiscard]] const ModelObject* object(ObjectKind kind, const ast::QualifiedName& name) const;

  // "New" means created by the current migration, before the statement being checked.
  [[nodiscard]] bool isNewTable(const ast::QualifiedName& name) const;
  [[nodiscard]] bool isNewColumn(const ast::QualifiedName& table, std::string_view column) const;
  [[nodiscard]] bool isNewConstraint(const ast::QualifiedName& table, std::string_view constraint) const;
  [[nodiscard]] bool isNewObject(ObjectKind kind, const ast::QualifiedName& name) const;
  [[nodiscard]] bool isNewEnumValue(const ast::QualifiedName& type, std::string_view value) const;
  // Index names are looked up in every table's namespace of the schema.
  [[nodiscard]] bool isNewIndex(const ast::QualifiedName& name) const { return isNewObject(ObjectKind::Index, name); }

  // "table `orders`, created in 20240101000000_init" or "table `orders`" when the
  // origin is unknown.
  [[nodiscard]] std::string describe(ObjectKind kind, const ast::QualifiedName& name) const;

 private:
  void createTable(const PgQuery__CreateStmt* create);
  void alterTable(const PgQuery__AlterTableStmt* alter);
  void rename(const PgQuery__RenameStmt* rename);
  void drop(const PgQuery__DropStmt* drop);
  void addConstraint(ModelTable& table, const PgQuery__Constraint* constraint, std::string_view column);
  void addObject(ObjectKind kind, const ast::QualifiedName& name, std::string tableKey = {});
  ModelTable* mutableTable(const ast::QualifiedName& name);

  std::string current_;
  std::map<std::string, ModelTable> tables_;    // by QualifiedName::key()
  std::map<std::string, ModelObject> objects_;  // by kind + ":" + key
};

}  // namespace sluice
