#pragma once
// What a statement does to the schema, said once.
//
// visitEffects() reads one statement's syntax tree against the schema as it is just
// before the statement and tells an EffectVisitor each thing the statement does:
// "creates table `t`", "adds column `c` to `t`", "replaces function `f`", "drops view
// `v`", "deletes from `t`". What the syntax means is decided here: whether IF NOT EXISTS
// or OR REPLACE finds its object, which table a trigger belongs to, which columns an
// index or a constraint uses, what counts as a write to the application's data. The
// schema model (SchemaModel::apply) and the change log (statementChanges in
// linter/changes.hpp) are its visitors: a new statement kind is taught here and both
// follow it, and a new kind of effect is a new pure virtual method that neither can
// forget.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/ast.hpp"
#include "linter/object_kinds.hpp"
#include "linter/view_dependencies.hpp"

namespace sluice {

class SchemaModel;

// The table an ALTER TABLE command changes.
struct AlteredTable {
  ast::QualifiedName name;
  bool ifExists = false;  // ALTER TABLE IF EXISTS
};

struct NewTable {
  ast::QualifiedName name;
  bool temporary = false;
  // CREATE TABLE: columns, constraints, INHERITS, LIKE, PARTITION BY. Null for CREATE
  // TABLE AS and SELECT INTO, whose columns come from a query.
  const PgQuery__CreateStmt* definition = nullptr;
};

// A view, materialized view, sequence, type, function, extension, schema or trigger.
// A function's input arguments, which tell its overloads apart.
struct FunctionSignature {
  std::vector<std::string> arguments;  // input argument types (signatureType() in linter/function_calls.hpp)
  std::size_t defaults = 0;            // trailing arguments with a DEFAULT, which a call may leave out
  bool variadic = false;               // the last argument takes any number of values
  // Whether a call with `count` arguments can call it.
  [[nodiscard]] bool accepts(std::size_t count) const;
};

struct NewObject {
  ChangeTarget target = ChangeTarget::View;
  ast::QualifiedName name;   // triggers: {their table's schema, trigger name}
  ast::QualifiedName table;  // triggers: their table
  bool ifNotExists = false;  // as written
  bool isEnum = false;
  std::vector<std::string_view> enumValues;   // CREATE TYPE ... AS ENUM, in order
  std::optional<ast::Volatility> volatility;  // functions: as declared (VOLATILE when not)
  FunctionSignature signature;                // functions
  // Sequences: the column of `table` that owns it (OWNED BY); the sequence goes with it.
  std::string ownerColumn;
  std::vector<ViewDependency> reads;  // views: the tables and columns the query reads
};

// A sequence's OWNED BY: table and column, or neither for OWNED BY NONE.
struct SequenceOwner {
  ast::QualifiedName table;
  std::string column;
};

struct NewIndex {
  ast::QualifiedName name;  // empty name: PostgreSQL chooses one
  ast::QualifiedName table;
  bool unique = false;
  std::vector<std::string> columns;  // used in its keys or expressions, each once
};

// A table constraint (or a column's, declared with the column).
struct NewConstraint {
  std::string_view name;  // empty when PostgreSQL names it
  PgQuery__ConstrType type = PG_QUERY__CONSTR_TYPE__CONSTR_TYPE_UNDEFINED;
  bool validated = true;             // false for NOT VALID
  std::vector<std::string> columns;  // its column, its keys, its FK columns, what a CHECK names
  std::string_view indexName;        // UNIQUE / PRIMARY KEY ... USING INDEX: the index it takes over
  ast::QualifiedName references;     // FOREIGN KEY: the table it references
};
// `column`: the column whose definition holds the constraint, empty for a table constraint.
NewConstraint describeConstraint(const PgQuery__Constraint* constraint, std::string_view column = {});

// DROP COLUMN / DROP CONSTRAINT.
struct DroppedMember {
  std::string_view name;
  bool ifExists = false;
  bool cascade = false;
};

struct Renaming {
  ChangeTarget target = ChangeTarget::Table;
  ast::QualifiedName object;  // the object; for columns and constraints, their table
  ast::QualifiedName table;   // triggers: their table
  std::string_view member;    // columns and constraints: the old name
  std::string_view newName;
  bool ifExists = false;
};

struct Dropping {
  ChangeTarget target = ChangeTarget::Table;
  ast::QualifiedName name;   // triggers: {their table's schema, trigger name}
  ast::QualifiedName table;  // triggers: their table
  bool ifExists = false;
  bool cascade = false;
  // DROP FUNCTION f(args): the input argument types of the overload it drops; nullopt
  // when the statement names no argument list (then f must have only one overload).
  std::optional<std::vector<std::string>> arguments;
};

// Any other change to an existing object: ALTER SEQUENCE, DOMAIN, FUNCTION, INDEX, VIEW
// ..., SET SCHEMA, CLUSTER, REINDEX, REFRESH MATERIALIZED VIEW.
struct AlteredObject {
  ChangeTarget target = ChangeTarget::Table;
  ast::QualifiedName name;
  std::optional<ast::Volatility> volatility;  // ALTER FUNCTION ... STABLE
  // ALTER FUNCTION f(args): the input argument types; nullopt when the statement names
  // no argument list (then the function's only overload).
  std::optional<std::vector<std::string>> arguments;
  std::optional<SequenceOwner> owner;  // ALTER SEQUENCE ... OWNED BY
};

// A write to a table's rows. Writes to the system catalogs are not the application's
// data and are not reported.
struct DataChange {
  enum class Kind { Truncate, Delete, Update, Insert };
  Kind kind = Kind::Update;
  ast::QualifiedName table;
  bool hasWhere = false;                     // DELETE / UPDATE
  bool fromQuery = false;                    // INSERT ... SELECT, COPY FROM, MERGE (not VALUES)
  std::vector<std::string_view> setColumns;  // UPDATE: the columns it assigns, in order
};

class EffectVisitor {
 public:
  virtual ~EffectVisitor() = default;

  // CREATE TABLE, CREATE TABLE AS, SELECT INTO (not an IF NOT EXISTS that finds it).
  virtual void createTable(const NewTable& table) = 0;
  // CREATE of any other object the schema keeps (not an IF NOT EXISTS that finds it;
  // extensions and schemas that exist are not created again).
  virtual void createObject(const NewObject& object) = 0;
  // CREATE OR REPLACE of a view, function or trigger that exists.
  virtual void replaceObject(const NewObject& object) = 0;
  virtual void createIndex(const NewIndex& index) = 0;

  // The commands of ALTER TABLE, one call each, in order.
  // A column the table does not have (as far as the schema knows).
  virtual void addColumn(const AlteredTable& table, const PgQuery__ColumnDef* column) = 0;
  virtual void dropColumn(const AlteredTable& table, const DroppedMember& column) = 0;
  // `type` is null when the command does not say it in a way the linter reads.
  virtual void alterColumnType(const AlteredTable& table, std::string_view column, const PgQuery__TypeName* type) = 0;
  virtual void setColumnDefault(const AlteredTable& table, std::string_view column, bool set) = 0;
  virtual void setColumnNotNull(const AlteredTable& table, std::string_view column, bool notNull) = 0;
  virtual void setColumnIdentity(const AlteredTable& table, std::string_view column, bool identity) = 0;
  virtual void addConstraint(const AlteredTable& table, const NewConstraint& constraint) = 0;
  virtual void validateConstraint(const AlteredTable& table, std::string_view constraint) = 0;
  virtual void dropConstraint(const AlteredTable& table, const DroppedMember& constraint) = 0;
  // INHERIT / OF: the table takes columns the statement does not list.
  virtual void inheritColumns(const AlteredTable& table) = 0;
  // Any other command (storage, options, row security, triggers on/off...); `name` is
  // the column, constraint or trigger it names, if any.
  virtual void alterTableOther(const AlteredTable& table, std::string_view name) = 0;

  virtual void rename(const Renaming& rename) = 0;
  virtual void drop(const Dropping& drop) = 0;
  virtual void setSchema(const AlteredObject& object, std::string_view schema) = 0;
  // A value the type does not have yet (ADD VALUE IF NOT EXISTS of one it has does nothing).
  virtual void addEnumValue(const ast::QualifiedName& type, std::string_view value) = 0;
  virtual void renameEnumValue(const ast::QualifiedName& type, std::string_view from, std::string_view to) = 0;
  virtual void alterObject(const AlteredObject& object) = 0;
  virtual void changeData(const DataChange& change) = 0;

 protected:
  EffectVisitor() = default;
  EffectVisitor(const EffectVisitor&) = default;
  EffectVisitor& operator=(const EffectVisitor&) = default;
  EffectVisitor(EffectVisitor&&) = default;
  EffectVisitor& operator=(EffectVisitor&&) = default;
};

// Tells `visitor` what `statement` does, judged against `schema` as it is before the
// statement. The visitor may be the schema itself, changing as it is told: each effect
// is decided against the schema as the effects before it left it.
void visitEffects(const SchemaModel& schema, const ast::Node* statement, EffectVisitor& visitor);

}  // namespace sluice
