#pragma once
// The definitions the history wrote, as parse-tree nodes: what a rollback needs to write
// back something a migration dropped or changed (a column's type and default, a
// constraint, an index, a view or function as it was). The schema model knows that an
// object exists and what it is made of; this store keeps how it was written. The parse
// trees of every replayed file must outlive the store.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "linter/ast.hpp"
#include "linter/object_kinds.hpp"
#include "linter/schema_model.hpp"

namespace sluice::rollback {

struct ColumnDefinition {
  const PgQuery__ColumnDef* column = nullptr;  // as created
  const PgQuery__TypeName* type = nullptr;     // its latest type
  const ast::Node* defaultValue = nullptr;     // its latest default, null when none
};

// Column names as a definition wrote them, to the names the columns have now (only those
// renamed since).
using ColumnRenames = std::map<std::string, std::string, std::less<>>;

struct ConstraintDefinition {
  const PgQuery__Constraint* constraint = nullptr;
  std::string column;               // a column constraint: the column that declared it, under its current name
  std::string name;                 // the name it has in the model (PostgreSQL's default when unnamed)
  ast::QualifiedName references;    // a foreign key: the table it references, under its current name
  ColumnRenames columns;            // its own table's columns (keys, fk_attrs, INCLUDE)
  ColumnRenames referencedColumns;  // a foreign key: the referenced table's columns (pk_attrs)
};

// The current name of a column a definition wrote as `written`.
std::string currentColumn(const ColumnRenames& renames, std::string_view written);

class Definitions {
 public:
  // Learns what `statement` defines; `before` and `after` are the model around it.
  void learn(const ast::Node* statement, const SchemaModel& before, const SchemaModel& after);

  [[nodiscard]] const ColumnDefinition* column(const ast::QualifiedName& table, std::string_view column) const;
  [[nodiscard]] const ConstraintDefinition* constraint(const ast::QualifiedName& table, std::string_view name) const;
  // The statement that created (or last replaced) the object.
  [[nodiscard]] const ast::Node* object(ObjectKind kind, const ast::QualifiedName& name) const;
  // The columns of the index's table renamed since the index was created.
  [[nodiscard]] const ColumnRenames& indexColumns(const ast::QualifiedName& name) const;
  // The comment set on a target ("COMMENT ON TABLE x"), if any.
  [[nodiscard]] std::optional<std::string> comment(const std::string& target) const;

 private:
  void learnTable(const PgQuery__CreateStmt* create, const SchemaModel& after);
  void learnAlterTable(const PgQuery__AlterTableStmt* alter, const SchemaModel& before, const SchemaModel& after);
  void learnColumn(const ast::QualifiedName& table, const PgQuery__ColumnDef* column);
  void learnRename(const PgQuery__RenameStmt* rename, const SchemaModel& before);
  void renameColumn(const ast::QualifiedName& table, const std::string& from, const std::string& to,
                    const SchemaModel& before);
  void moveTable(const std::string& from, const std::string& to);

  std::map<std::string, ColumnDefinition> columns_;          // table key + "\n" + column
  std::map<std::string, ConstraintDefinition> constraints_;  // table key + "\n" + name
  std::map<std::string, const ast::Node*> objects_;          // kind + ":" + key
  std::map<std::string, ColumnRenames> indexColumns_;        // by the index's object key
  std::map<std::string, std::optional<std::string>> comments_;
};

// "COMMENT ON TABLE \"x\"" for a COMMENT statement: the target without its text.
std::optional<std::string> commentTarget(const PgQuery__CommentStmt* comment);

}  // namespace sluice::rollback
