#pragma once
// SQL text for generated rollbacks: quoted names, and statements rebuilt from parse-tree
// nodes with libpg_query's deparser (pg_query_deparse_protobuf), so that a definition
// the history wrote is written back exactly as PostgreSQL reads it.

#include <functional>
#include <memory>
#include <optional>
#include <pg_query/pg_query.pb-c.h>
#include <string>
#include <string_view>
#include <vector>

#include "linter/ast.hpp"

namespace sluice::rollback {

// "name" with embedded quotes doubled; every name is quoted, so that case and
// keywords never matter.
std::string quoteName(std::string_view name);
// "schema"."name", or "name" when unqualified.
std::string quoteName(const ast::QualifiedName& name);
// 'text' with embedded quotes doubled.
std::string quoteLiteral(std::string_view text);

// Nodes built to be deparsed. Whatever make() and text() return lives as long as the
// arena; nodes taken from a parse tree are only pointed at, never changed.
class NodeArena {
 public:
  template <class T>
  T* make(void (*init)(T*)) {
    auto owned = std::make_shared<T>();
    init(owned.get());
    owned_.push_back(owned);
    return owned.get();
  }
  // A copy of `source`'s fields (the children are shared with it).
  template <class T>
  T* copy(const T& source) {
    auto owned = std::make_shared<T>(source);
    owned_.push_back(owned);
    return owned.get();
  }
  char* text(std::string_view value);
  // A constraint or index name for a node: libpg_query 15-4's deparser writes these two
  // kinds of names unquoted, which would fold "Order_userId_fkey" to lower case. The node
  // gets a placeholder that deparse() replaces with the quoted name.
  char* objectName(std::string_view name);
  // `sql` with every placeholder of objectName() replaced by its quoted name.
  [[nodiscard]] std::string withNames(std::string sql) const;
  ast::Node** list(std::vector<ast::Node*> items);

  ast::Node* stringNode(std::string_view value);
  // A list of column names (String nodes, or an index's IndexElem nodes) with each name
  // passed through `rename`; other nodes are kept as they are.
  ast::Node** renamedColumns(ast::Node* const* items, std::size_t count,
                             const std::function<std::string(std::string_view)>& rename);
  PgQuery__RangeVar* rangeVar(const ast::QualifiedName& name);
  ast::Node* wrap(PgQuery__Constraint* constraint) {
    return wrapAs(constraint, PG_QUERY__NODE__NODE_CONSTRAINT, &ast::Node::constraint);
  }
  ast::Node* wrap(PgQuery__ColumnDef* column) {
    return wrapAs(column, PG_QUERY__NODE__NODE_COLUMN_DEF, &ast::Node::column_def);
  }
  ast::Node* wrap(PgQuery__AlterTableStmt* statement) {
    return wrapAs(statement, PG_QUERY__NODE__NODE_ALTER_TABLE_STMT, &ast::Node::alter_table_stmt);
  }
  // ALTER TABLE `table` with one command.
  ast::Node* alterTable(const ast::QualifiedName& table, PgQuery__AlterTableType subtype, ast::Node* definition,
                        std::string_view name = {});

 private:
  // A Node of `kind` whose `field` (the member of the node's union for that kind) is `value`.
  template <class T>
  ast::Node* wrapAs(T* value, PgQuery__Node__NodeCase kind, T* ast::Node::*field) {
    auto* node = make(pg_query__node__init);
    node->node_case = kind;
    node->*field = value;
    return node;
  }

  std::vector<std::shared_ptr<void>> owned_;
  std::vector<std::shared_ptr<std::string>> texts_;
  std::vector<std::shared_ptr<std::vector<ast::Node*>>> lists_;
  std::vector<std::string> names_;  // objectName(): by placeholder number
};

// The statement as SQL (without a terminating semicolon), or nullopt when the deparser
// refuses it. `names` is the arena the statement was built in, when it used objectName().
std::optional<std::string> deparse(const ast::Node* statement, const NodeArena* names = nullptr);

// A type as SQL ("varchar(255)", "\"Role\"[]").
std::optional<std::string> typeSql(const PgQuery__TypeName* type);

}  // namespace sluice::rollback
