#include "linter/rollback/sql_text.hpp"

#include <pg_query.h>

namespace sluice::rollback {

std::string quoteName(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string quoteName(const ast::QualifiedName& name) {
  return name.schema.empty() ? quoteName(name.name) : quoteName(name.schema) + "." + quoteName(name.name);
}

std::string quoteLiteral(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

char* NodeArena::text(std::string_view value) {
  texts_.push_back(std::make_shared<std::string>(value));
  return texts_.back()->data();
}

namespace {
// Lower-case and free of anything quoting could change, so that every deparser writes it
// as it is; the number makes each one unique in a statement.
std::string placeholder(std::size_t number) { return "sluice_object_name_" + std::to_string(number) + "_"; }
}  // namespace

char* NodeArena::objectName(std::string_view name) {
  names_.emplace_back(name);
  return text(placeholder(names_.size() - 1));
}

std::string NodeArena::withNames(std::string sql) const {
  // From the last, so that placeholder 1 never matches inside placeholder 10.
  for (std::size_t i = names_.size(); i-- > 0;) {
    std::string mark = placeholder(i);
    for (std::size_t at = sql.find(mark); at != std::string::npos; at = sql.find(mark, at)) {
      std::string quoted = quoteName(names_[i]);
      sql.replace(at, mark.size(), quoted);
      at += quoted.size();
    }
  }
  return sql;
}

ast::Node** NodeArena::list(std::vector<ast::Node*> items) {
  lists_.push_back(std::make_shared<std::vector<ast::Node*>>(std::move(items)));
  return lists_.back()->data();
}

ast::Node** NodeArena::renamedColumns(ast::Node* const* items, std::size_t count,
                                      const std::function<std::string(std::string_view)>& rename) {
  std::vector<ast::Node*> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    ast::Node* item = items[i];
    if (item != nullptr && item->node_case == PG_QUERY__NODE__NODE_STRING) {
      item = stringNode(rename(item->string->sval != nullptr ? item->string->sval : ""));
    } else if (item != nullptr && item->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM &&
               item->index_elem->name != nullptr) {
      ast::Node* node = copy(*item);
      node->index_elem = copy(*item->index_elem);
      node->index_elem->name = text(rename(item->index_elem->name));
      item = node;
    }
    out.push_back(item);
  }
  return list(std::move(out));
}

ast::Node* NodeArena::stringNode(std::string_view value) {
  auto* string = make(pg_query__string__init);
  string->sval = text(value);
  auto* node = make(pg_query__node__init);
  node->node_case = PG_QUERY__NODE__NODE_STRING;
  node->string = string;
  return node;
}

PgQuery__RangeVar* NodeArena::rangeVar(const ast::QualifiedName& name) {
  auto* relation = make(pg_query__range_var__init);
  relation->schemaname = text(name.schema);
  relation->relname = text(name.name);
  relation->inh = true;
  relation->relpersistence = text("p");
  return relation;
}

ast::Node* NodeArena::alterTable(const ast::QualifiedName& table, PgQuery__AlterTableType subtype,
                                 ast::Node* definition, std::string_view name) {
  auto* command = make(pg_query__alter_table_cmd__init);
  command->subtype = subtype;
  command->def = definition;
  command->behavior = PG_QUERY__DROP_BEHAVIOR__DROP_RESTRICT;
  if (!name.empty()) command->name = text(name);
  auto* commandNode = make(pg_query__node__init);
  commandNode->node_case = PG_QUERY__NODE__NODE_ALTER_TABLE_CMD;
  commandNode->alter_table_cmd = command;
  auto* statement = make(pg_query__alter_table_stmt__init);
  statement->relation = rangeVar(table);
  statement->objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
  statement->n_cmds = 1;
  statement->cmds = list({commandNode});
  return wrap(statement);
}

std::optional<std::string> deparse(const ast::Node* statement, const NodeArena* names) {
  if (statement == nullptr) return std::nullopt;
  PgQuery__RawStmt raw;
  pg_query__raw_stmt__init(&raw);
  raw.stmt = const_cast<ast::Node*>(statement);  // NOLINT(cppcoreguidelines-pro-type-const-cast): pack only reads it
  PgQuery__RawStmt* statements[] = {&raw};
  PgQuery__ParseResult tree;
  pg_query__parse_result__init(&tree);
  tree.version = PG_VERSION_NUM;
  tree.n_stmts = 1;
  tree.stmts = statements;
  std::string packed(pg_query__parse_result__get_packed_size(&tree), '\0');
  pg_query__parse_result__pack(&tree, reinterpret_cast<uint8_t*>(packed.data()));
  PgQueryProtobuf protobuf{packed.size(), packed.data()};
  PgQueryDeparseResult result = pg_query_deparse_protobuf(protobuf);
  std::optional<std::string> out;
  if (result.error == nullptr && result.query != nullptr) out = result.query;
  pg_query_free_deparse_result(result);
  if (out && names != nullptr) out = names->withNames(std::move(*out));
  return out;
}

std::optional<std::string> typeSql(const PgQuery__TypeName* type) {
  if (type == nullptr) return std::nullopt;
  NodeArena arena;
  auto* column = arena.make(pg_query__column_def__init);
  column->type_name = const_cast<PgQuery__TypeName*>(type);  // NOLINT(cppcoreguidelines-pro-type-const-cast): read only
  ast::Node* statement =
      arena.alterTable({"", "t"}, PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType, arena.wrap(column), "c");
  std::optional<std::string> sql = deparse(statement);
  static constexpr std::string_view kPrefix = "ALTER TABLE t ALTER COLUMN c TYPE ";
  if (!sql || !sql->starts_with(kPrefix)) return std::nullopt;
  return sql->substr(kPrefix.size());
}

}  // namespace sluice::rollback
