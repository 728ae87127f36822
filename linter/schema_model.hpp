#pragma once
// An in-memory model of the schema, built by replaying statements in order. Each
// object remembers the migration that created it (its origin), which is how rules tell
// "created earlier in this migration" (new: safe to index, constrain, drop) from
// "existed before" (locks and data matter).
//
// What the model does not understand it does not guess (docs/architecture.md, "The
// schema model"):
// - an object it never saw created is not in it: "existing, origin unknown";
// - a table that a statement alters without the model having seen it created is
//   recorded as `inferred` (it exists, origin unknown, columns unknown), so that the
//   columns and constraints a migration adds to it are still known as new;
// - a change it cannot follow (dynamic SQL in a DO block, CREATE TABLE ... LIKE an
//   unknown table) marks the tables it may touch as having unknown columns
//   (`columnsKnown = false`); rules then say that they do not know rather than guess.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/ast.hpp"
#include "linter/function_calls.hpp"
#include "linter/layered_map.hpp"
#include "linter/object_kinds.hpp"
#include "linter/statement_effects.hpp"

namespace sluice {

struct ModelColumn {
  std::string name;
  ast::TypeInfo type;
  bool notNull = false;
  bool hasDefault = false;
  bool generated = false;
  bool identity = false;
  std::string origin;      // migration that added the column
  std::string typeOrigin;  // migration that last set its type (origin, or an ALTER ... TYPE)
};

// A rename: the name before the migration that made it (a rollback that renames back
// undoes that migration).
struct ModelRename {
  std::string from;
  std::string origin;
};

struct ModelConstraint {
  std::string name;  // may be empty when PostgreSQL would generate it and we did not
  PgQuery__ConstrType type = PG_QUERY__CONSTR_TYPE__CONSTR_TYPE_UNDEFINED;
  bool validated = true;  // false after ADD ... NOT VALID until VALIDATE CONSTRAINT
  std::vector<std::string> columns;
  ast::QualifiedName references;  // FOREIGN KEY: the table it references
  std::string origin;
};

struct ModelTable {
  ast::QualifiedName name;
  std::string origin;  // empty when the model never saw the table created
  bool temporary = false;
  bool partitioned = false;
  bool columnsKnown = true;            // false for CREATE TABLE AS, inferred tables and the like
  bool inferred = false;               // known only because a statement altered it
  std::optional<ModelRename> renamed;  // the table's own last rename
  // Renamed columns by their current name; also for columns the model does not know
  // (a table created by CREATE TABLE ... AS).
  std::map<std::string, ModelRename, std::less<>> renamedColumns;
  std::vector<ModelColumn> columns;
  std::vector<ModelConstraint> constraints;

  [[nodiscard]] const ModelColumn* column(std::string_view columnName) const;
  ModelColumn* column(std::string_view columnName);
};

struct ModelObject {
  ObjectKind kind = ObjectKind::Table;
  ast::QualifiedName name;
  std::string origin;
  std::string tableKey;                       // indexes, triggers, owned sequences: their table
  bool unique = false;                        // indexes
  std::vector<std::string> columns;           // indexes: columns used; owned sequences: their column
  std::vector<std::string> enumValues;        // enum types, in order
  std::vector<std::string> enumValueOrigins;  // migration that added each value
  std::vector<ViewDependency> reads;          // views: what PostgreSQL will not drop under them
  bool isEnum = false;
  // Functions: each overload (same name, other input arguments) with its volatility as
  // declared (VOLATILE when not).
  struct Overload {
    FunctionSignature signature;
    std::optional<ast::Volatility> volatility;
  };
  std::vector<Overload> overloads;

  // The volatility of what a call with these arguments calls (linter/function_calls.hpp):
  // the overloads it may call, when they agree; nullopt when none or they disagree.
  [[nodiscard]] std::optional<ast::Volatility> callVolatility(const std::vector<CallArgument>& arguments) const;
};

// The model follows statements through their effects (linter/statement_effects.hpp):
// what each effect does to the schema is said in schema_model.cpp, once.
class SchemaModel : private EffectVisitor {
 public:
  // Everything applied from now on belongs to migration `id`.
  void beginMigration(std::string id);
  [[nodiscard]] const std::string& currentMigration() const { return current_; }

  // Replays one statement; statements the model does not follow are ignored.
  void apply(const ast::Node* statement);
  // Code whose effect cannot be known (ParsedSql::opaque): tables whose names appear in
  // it lose their known columns.
  void applyOpaque(std::string_view code);
  // A statement that does not parse (linter/unparsed.hpp): a table it creates is
  // recorded with unknown columns, so that the rest of the migration sees it as new.
  void applyUnparsed(std::string_view statement);

  [[nodiscard]] const ModelTable* table(const ast::QualifiedName& name) const;
  [[nodiscard]] const ModelObject* object(ObjectKind kind, const ast::QualifiedName& name) const;
  // Indexes (including those of PRIMARY KEY and UNIQUE constraints) of a table.
  [[nodiscard]] std::vector<const ModelObject*> indexesOf(const ast::QualifiedName& table) const;
  [[nodiscard]] std::vector<const ModelTable*> allTables() const;
  [[nodiscard]] std::vector<const ModelObject*> objectsOf(ObjectKind kind) const;

  // "New" means created by the current migration, before the statement being checked.
  // Tables, and materialized views (CREATE INDEX and locks take either as a table).
  [[nodiscard]] bool isNewTable(const ast::QualifiedName& name) const;
  [[nodiscard]] bool isNewColumn(const ast::QualifiedName& table, std::string_view column) const;
  [[nodiscard]] bool isNewConstraint(const ast::QualifiedName& table, std::string_view constraint) const;
  [[nodiscard]] bool isNewObject(ObjectKind kind, const ast::QualifiedName& name) const;
  [[nodiscard]] bool isNewEnumValue(const ast::QualifiedName& type, std::string_view value) const;
  // Whether renaming the table (or its column, when `column` is given) to `newName`
  // gives back the name it had before the current migration renamed it.
  [[nodiscard]] bool undoesRename(const ast::QualifiedName& table, std::string_view column,
                                  std::string_view newName) const;
  // Index names are looked up in every table's namespace of the schema.
  [[nodiscard]] bool isNewIndex(const ast::QualifiedName& name) const { return isNewObject(ObjectKind::Index, name); }
  // Whether the object existed before the current migration, as far as the model knows.
  [[nodiscard]] bool existedBefore(ObjectKind kind, const ast::QualifiedName& name) const;

  // "table `orders`, created in 20240101000000_init" or "table `orders`" when the
  // origin is unknown; "materialized view `x`, ..." for a Table that is one.
  [[nodiscard]] std::string describe(ObjectKind kind, const ast::QualifiedName& name) const;
  // "column `email` of table `users`, added in 20240105000000_email".
  [[nodiscard]] std::string describeColumn(const ast::QualifiedName& table, std::string_view column) const;

  // The id under which nothing counts as new: the schema as code that runs later (a
  // function body) sees it. beginMigration(kLater) and back switches the view cheaply.
  static constexpr std::string_view kLater = "\x01later";

 private:
  // What each effect of a statement does to the model.
  void createTable(const NewTable& table) override;
  void createObject(const NewObject& object) override;
  void replaceObject(const NewObject& object) override;
  void createIndex(const NewIndex& index) override;
  void addColumn(const AlteredTable& table, const PgQuery__ColumnDef* column) override;
  void dropColumn(const AlteredTable& table, const DroppedMember& column) override;
  void alterColumnType(const AlteredTable& table, std::string_view column, const PgQuery__TypeName* type) override;
  void setColumnDefault(const AlteredTable& table, std::string_view column, bool set) override;
  void setColumnNotNull(const AlteredTable& table, std::string_view column, bool notNull) override;
  void setColumnIdentity(const AlteredTable& table, std::string_view column, bool identity) override;
  void addConstraint(const AlteredTable& table, const NewConstraint& constraint) override;
  void validateConstraint(const AlteredTable& table, std::string_view constraint) override;
  void dropConstraint(const AlteredTable& table, const DroppedMember& constraint) override;
  void inheritColumns(const AlteredTable& table) override;
  void alterTableOther(const AlteredTable& table, std::string_view name) override;
  void rename(const Renaming& rename) override;
  void drop(const Dropping& drop) override;
  void setSchema(const AlteredObject& object, std::string_view schema) override;
  void addEnumValue(const ast::QualifiedName& type, std::string_view value) override;
  void renameEnumValue(const ast::QualifiedName& type, std::string_view from, std::string_view to) override;
  void alterObject(const AlteredObject& object) override;
  void changeData(const DataChange& change) override;

  void defineTable(ModelTable& stored, const PgQuery__CreateStmt* create);
  void storeConstraint(ModelTable& table, const NewConstraint& constraint);
  void addObject(ObjectKind kind, const ast::QualifiedName& name, std::string tableKey = {});
  void dropTable(const std::string& key);
  // The objects of table `oldKey` (indexes, triggers...) follow it to `newKey`.
  void retable(const std::string& oldKey, const std::string& newKey);
  void dropFunction(const Dropping& dropping);
  void renameColumnTypes(const ast::QualifiedName& type, const std::string& newName);
  void removeColumn(ModelTable& table, std::string_view column);
  // Moves an object to another key (rename, SET SCHEMA).
  void moveObject(ObjectKind kind, const ast::QualifiedName& from, const std::string& newSchema,
                  const std::string& newName);
  ModelTable* mutableTable(const ast::QualifiedName& name);
  static ModelTable* writable(std::shared_ptr<ModelTable>& table);
  static ModelObject* writable(std::shared_ptr<ModelObject>& object);
  // The table named by an ALTER, recorded as inferred when the model never saw it; null
  // for ALTER TABLE IF EXISTS of a table it never saw.
  ModelTable* tableForAlter(const AlteredTable& table);

  std::string current_;
  // By QualifiedName::key(). Shared between copies of the model (the engine copies it
  // for every rollback file) and copied on write.
  LayeredMap<std::shared_ptr<ModelTable>> tables_;
  LayeredMap<std::shared_ptr<ModelObject>> objects_;  // by kind + ":" + key, shared like tables_
};

}  // namespace sluice
