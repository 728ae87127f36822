#include "rules/style/column_definitions.hpp"

#include <algorithm>

#include "rules/statement_tokens.hpp"

namespace sluice::rules {

std::vector<ColumnDefinition> columnDefinitions(const StatementContext& context) {
  std::vector<ColumnDefinition> columns;
  if (context.role() == FileRole::Rollback) return columns;
  const ast::Node* node = context.node();
  if (node->node_case == PG_QUERY__NODE__NODE_CREATE_STMT) {
    const auto* create = node->create_stmt;
    if (create->relation == nullptr || create->relation->relpersistence[0] == 't') return columns;
    for (size_t i = 0; i < create->n_table_elts; ++i) {
      const ast::Node* element = create->table_elts[i];
      if (element->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF || element->column_def->type_name == nullptr) continue;
      const auto* def = element->column_def;
      columns.push_back({def->colname, def->type_name, def, create, create->relation, false});
    }
    return columns;
  }
  const auto* alter = SLUICE_NODE_AS(context, ALTER_TABLE_STMT, alter_table_stmt);
  if (!altersTable(alter)) return columns;
  bool checkedTemporary = false;
  for (const auto* command : alterCommands(alter)) {
    if (command->def == nullptr || command->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
    const auto* def = command->def->column_def;
    if (def->type_name == nullptr) continue;
    if (!checkedTemporary) {
      const ModelTable* model = context.schema().table(ast::relationName(alter->relation));
      if (model != nullptr && model->temporary) return columns;
      checkedTemporary = true;
    }
    if (command->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn) {
      columns.push_back({def->colname, def->type_name, def, nullptr, alter->relation, false});
    } else if (command->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType) {
      columns.push_back({command->name, def->type_name, def, nullptr, alter->relation, true});
    }
  }
  return columns;
}

std::string ColumnDefinition::describe() const {
  return "column " + rules::quoted(name) + " of table " + rules::quoted(table().display());
}

std::string_view builtinTypeName(const PgQuery__TypeName* type) {
  if (type == nullptr || type->n_names == 0) return {};
  if (type->n_names >= 2 && ast::stringValue(type->names[type->n_names - 2]) != "pg_catalog") return {};
  return ast::stringValue(type->names[type->n_names - 1]);
}

Span typeSpan(const StatementContext& context, const ColumnDefinition& column) {
  if (column.type != nullptr && column.type->location >= 0) return context.spanAt(column.type->location);
  if (column.def != nullptr && column.def->location >= 0) return context.spanAt(column.def->location);
  return context.span();
}

std::shared_ptr<const Fix> typeNameFix(const StatementContext& context, const ColumnDefinition& column,
                                       std::string_view newName) {
  if (!context.settings().fixes) return nullptr;
  if (column.create == nullptr || column.type == nullptr || column.type->location < 0 ||
      context.migration().format->name() == "prisma") {
    return nullptr;
  }
  Span name = context.spanAt(column.type->location);
  std::vector<SqlToken> tokens = statementTokens(context);
  auto at =
      std::find_if(tokens.begin(), tokens.end(), [&](const SqlToken& token) { return token.span.end == name.end; });
  if (at == tokens.end()) return nullptr;
  auto fix = std::make_shared<Fix>();
  fix->description = "change the type of " + column.describe() + " to " + std::string(newName);
  fix->edits.push_back({name, std::string(newName)});
  // timestamp(3) without time zone: skip the modifier, drop the zone words.
  ++at;
  if (at != tokens.end() && at->kind == PG_QUERY__TOKEN__ASCII_40) {
    while (at != tokens.end() && at->kind != PG_QUERY__TOKEN__ASCII_41) ++at;
    if (at != tokens.end()) ++at;
  }
  if (std::distance(at, tokens.end()) >= 3 && at->value == "without" && (at + 1)->value == "time" &&
      (at + 2)->value == "zone") {
    std::size_t from = (at - 1)->span.end;
    fix->edits.push_back({{from, (at + 2)->span.end}, ""});
  }
  return fix;
}

}  // namespace sluice::rules
