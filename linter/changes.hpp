#pragma once
// What a statement changes, object by object, judged against the schema model as it
// was just before the statement: "creates table `orders`", "drops column `email` of
// `users`, which existed before this migration", "changes the type of
// `orders.total` from int4 to numeric". Rules that reason about a whole migration
// (size, rollback pairs) read these instead of re-deriving them from the syntax tree.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/ast.hpp"
#include "linter/object_kinds.hpp"
#include "linter/parser.hpp"
#include "linter/schema_model.hpp"

namespace sluice {

enum class ChangeAction {
  Create,            // the object did not exist
  Replace,           // CREATE OR REPLACE of an object that existed (function, view, trigger)
  Drop,              //
  Rename,            // object or member -> newName
  AlterType,         // a column's type
  AlterDefault,      // SET / DROP DEFAULT
  AlterNullability,  // SET / DROP NOT NULL
  AddEnumValue,      //
  RenameEnumValue,   //
  AlterOther,        // any other change to an existing object (options, validation, storage...)
  Truncate,          // data changes from here on
  Delete,
  Update,
  Insert,
};

struct Change {
  ChangeAction action = ChangeAction::AlterOther;
  ChangeTarget target = ChangeTarget::Table;
  ast::QualifiedName object;  // the object; for columns and constraints, their table
  ast::QualifiedName table;   // the table it belongs to (columns, constraints, indexes, triggers)
  std::string member;         // column, constraint or enum value; Update: the first column it
                              // overwrites that existed before the migration; empty otherwise
  std::string newName;        // Rename: the new name of the object or member
  // The object (or member) existed before this migration: it is not one the migration
  // created. Objects the model never saw count as existing, unless `known` is false
  // and the statement said IF EXISTS.
  bool existed = false;
  bool known = false;  // the model knew the object (or, for members, their table)
  // Columns, constraints, indexes, triggers and data changes: their table existed
  // before this migration.
  bool onExistingTable = false;
  bool ifExists = false;             // DROP ... IF EXISTS / ALTER ... IF EXISTS
  bool ensure = false;               // CREATE ... IF NOT EXISTS of an object the model did not know
  bool cascade = false;              // DROP ... CASCADE: what depends on the object goes with it
  bool setValue = false;             // AlterDefault: SET DEFAULT; AlterNullability: SET NOT NULL
  bool hasWhere = false;             // Update / Delete
  bool fromQuery = false;            // Insert ... SELECT (not VALUES)
  std::vector<std::string> columns;  // Create Index / Constraint: the columns it uses
  ast::TypeInfo oldType;             // AlterType: as the model knew it (oldTypeKnown)
  bool oldTypeKnown = false;
  ast::TypeInfo newType;
  std::size_t statement = 0;  // index in ParsedSql::statements
  Span span;                  // the statement
};

// What `statement` (index `index` of its file) changes, against `model` as it is
// before the statement runs.
std::vector<Change> statementChanges(const SchemaModel& model, const Statement& statement, std::size_t index);

// Whether a change alters the schema (not only data).
bool isSchemaChange(const Change& change);
// Whether a change touches something that existed before the migration (the changes
// that take locks on live objects and make a migration risky).
bool touchesExisting(const Change& change);

// The net effect of a migration's changes, in order: objects created and then renamed
// appear once under their final name; objects created and dropped again, and changes
// to objects the migration itself created, disappear; an existing object dropped and
// created again under its name is one Replace; data changes are left out. What is
// left is what a rollback has to undo.
std::vector<Change> netSchemaChanges(const std::vector<Change>& changes);

// What a rollback has to undo: netSchemaChanges without unnamed indexes (it cannot
// name them), without CREATE EXTENSION / SCHEMA IF NOT EXISTS of what the history does
// not know (it may well have been there before: such statements only make sure it
// exists), and without columns, constraints, indexes and triggers dropped and created
// again (rebuilt: sluice cannot compare their definitions).
std::vector<Change> changesToUndo(const std::vector<Change>& changes);

// "table `orders`", "column `email` of table `users`", "index `users_email_idx`".
std::string describeChange(const Change& change);
// "creates table `orders`", "drops column `email` of table `users`".
std::string summarizeChange(const Change& change);

}  // namespace sluice
