#pragma once
// What rule files include: the rule API plus small helpers that many rules share.

#include <optional>
#include <string>
#include <string_view>

#include "linter/ast.hpp"
#include "linter/context.hpp"
#include "linter/object_kinds.hpp"
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

// What ALTER TABLE, ALTER MATERIALIZED VIEW and ALTER INDEX change, as the schema model
// keeps it; nullopt for the other objects the statement can alter (views, sequences,
// foreign tables, composite types), whose locks the locking rules do not judge.
inline std::optional<ObjectKind> alteredRelationKind(const PgQuery__AlterTableStmt* alter) {
  switch (alter->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: return ObjectKind::Table;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: return ObjectKind::MaterializedView;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: return ObjectKind::Index;
    default: return std::nullopt;
  }
}

// An ALTER TABLE of a table that existed before this migration, with the table's name.
// A table the migration created is empty and unseen until commit: its locks and
// rewrites cost nothing, and the locking rules leave it alone.
struct AlteredTable {
  const PgQuery__AlterTableStmt* alter = nullptr;
  ast::QualifiedName table;
};
inline std::optional<AlteredTable> alteredExistingTable(const StatementContext& context) {
  const auto* alter = SLUICE_NODE_AS(context, ALTER_TABLE_STMT, alter_table_stmt);
  if (!altersTable(alter)) return std::nullopt;
  ast::QualifiedName table = ast::relationName(alter->relation);
  if (context.schema().isNewTable(table)) return std::nullopt;
  return AlteredTable{alter, std::move(table)};
}

// `name` in backticks, the way messages quote identifiers. A function object, not a
// function: with a std::string argument, argument-dependent lookup would otherwise
// pick std::quoted. Named as the function it stands for.
// Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) about
// "`" + std::string(...) once it is inlined at -O2.
inline constexpr auto quoted =  // NOLINT(readability-identifier-naming)
    [](std::string_view name) {
      std::string out;
      out.reserve(name.size() + 2);
      out += '`';
      out += name;
      out += '`';
      return out;
    };

// A description from SchemaModel::describe as the subject of a sentence: an origin
// clause ("table `t`, created in x") gets its closing comma.
inline std::string asSubject(std::string described) {
  if (described.find(", created in ") != std::string::npos) described += ",";
  return described;
}

// A table whose contents nobody else depends on: created earlier in this migration, or
// temporary (gone at the end of the session, invisible to other sessions).
inline bool isScratchTable(const SchemaModel& schema, const ast::QualifiedName& name) {
  if (schema.isNewTable(name)) return true;
  const ModelTable* table = schema.table(name);
  return (table != nullptr && table->temporary) || name.schema == "pg_temp";
}

// A column added earlier in this migration. The schema model follows the columns of
// the tables it knows; for a table it never saw created (linted without its history,
// or created by a statement it could not parse) the ALTER TABLE ... ADD COLUMN
// statements earlier in this file decide.
inline bool isNewColumn(const StatementContext& context, const ast::QualifiedName& table, std::string_view column) {
  if (context.schema().isNewColumn(table, column)) return true;
  if (context.schema().table(table) != nullptr) return false;
  const auto& statements = context.parsed().statements;
  std::string key = table.key();
  for (std::size_t i = 0; i < context.index() && i < statements.size(); ++i) {
    const Node* node = statements[i].node;
    if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) continue;
    const auto* alter = node->alter_table_stmt;
    if (alter->relation == nullptr || ast::relationName(alter->relation).key() != key) continue;
    for (const auto* command : alterCommands(alter)) {
      // ADD COLUMN IF NOT EXISTS may have found the column there already.
      if (command->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn || command->missing_ok ||
          command->def == nullptr || command->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
        continue;
      if (column == command->def->column_def->colname) return true;
    }
  }
  return false;
}

// "column `email` of table `users`, created in 20240101000000_init", with the column's
// own origin when it was added later than its table.
inline std::string describeColumn(const SchemaModel& schema, const ast::QualifiedName& table, std::string_view column) {
  std::string out = "column " + quoted(column) + " of " + schema.describe(ObjectKind::Table, table);
  const ModelTable* model = schema.table(table);
  const ModelColumn* modelColumn = model != nullptr ? model->column(column) : nullptr;
  if (modelColumn != nullptr && !modelColumn->origin.empty() && modelColumn->origin != model->origin) {
    out += modelColumn->origin == schema.currentMigration() ? " (column added in this migration)"
                                                            : " (column added in " + modelColumn->origin + ")";
  }
  return out;
}

}  // namespace sluice::rules
