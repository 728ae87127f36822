#pragma once
// What rule files include: the rule API plus small helpers that many rules share.

#include <string>
#include <string_view>

#include "linter/ast.hpp"
#include "linter/context.hpp"
#include "linter/rule.hpp"

namespace sluice::rules {

using ast::Node;

// The statement as a given node type, or null.
#define SLUICE_NODE_AS(context, CASE, field) \
  ((context).node()->node_case == PG_QUERY__NODE__NODE_##CASE ? (context).node()->field : nullptr)

// The commands of an ALTER TABLE statement as typed pointers.
inline std::vector<const PgQuery__AlterTableCmd*> alterCommands(const PgQuery__AlterTableStmt* alter) {
  std::vector<const PgQuery__AlterTableCmd*> out;
  if (alter == nullptr) return out;
  for (size_t i = 0; i < alter->n_cmds; ++i) {
    if (alter->cmds[i]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD)
      out.push_back(alter->cmds[i]->alter_table_cmd);
  }
  return out;
}

// ALTER TABLE on a table (not an index, view or type).
inline bool altersTable(const PgQuery__AlterTableStmt* alter) {
  return alter != nullptr && alter->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
}

// `name` in backticks, the way messages quote identifiers. A function object, not a
// function: with a std::string argument, argument-dependent lookup would otherwise
// pick std::quoted.
inline constexpr auto quoted = [](std::string_view name) { return "`" + std::string(name) + "`"; };

}  // namespace sluice::rules
