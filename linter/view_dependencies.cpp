#include "linter/view_dependencies.hpp"

#include <algorithm>
#include <map>

#include "linter/schema_model.hpp"

namespace sluice {
namespace {

// A column reference: its qualifier ("o" of o.total, or schema.table) and its name, or
// "*" for o.* and *.
struct ColumnUse {
  std::vector<std::string> qualifier;
  std::string column;
};

ColumnUse columnUse(const PgQuery__ColumnRef* ref) {
  ColumnUse use;
  for (size_t i = 0; i < ref->n_fields; ++i) {
    const ast::Node* field = ref->fields[i];
    std::string part = field->node_case == PG_QUERY__NODE__NODE_A_STAR ? "*" : std::string(ast::stringValue(field));
    if (i + 1 == ref->n_fields) {
      use.column = std::move(part);
    } else {
      use.qualifier.push_back(std::move(part));
    }
  }
  return use;
}

void addDependency(std::vector<ViewDependency>& out, const std::string& tableKey, const std::string& column) {
  bool known = std::any_of(out.begin(), out.end(),
                           [&](const ViewDependency& d) { return d.tableKey == tableKey && d.column == column; });
  if (!known) out.push_back({tableKey, column});
}

void addColumns(std::vector<ViewDependency>& out, const ModelTable& table, const std::string& column) {
  if (column != "*") {
    if (table.column(column) != nullptr) addDependency(out, table.name.key(), column);
    return;
  }
  for (const ModelColumn& each : table.columns) addDependency(out, table.name.key(), each.name);
}

}  // namespace

std::vector<ViewDependency> viewDependencies(const ast::Node* query, const SchemaModel& schema) {
  std::map<std::string, const ModelTable*> byAlias;  // alias or bare table name -> table
  std::vector<const ModelTable*> tables;
  std::vector<ColumnUse> uses;
  ast::forEachNode(query, [&](const ast::Node* node) {
    if (node->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
      const PgQuery__RangeVar* range = node->range_var;
      const ModelTable* table = schema.table(ast::relationName(range));
      if (table == nullptr) return true;
      if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
      std::string alias =
          range->alias != nullptr && range->alias->aliasname != nullptr && *range->alias->aliasname != '\0'
              ? range->alias->aliasname
              : range->relname;
      byAlias[alias] = table;
    } else if (node->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
      uses.push_back(columnUse(node->column_ref));
    }
    return true;
  });

  std::vector<ViewDependency> out;
  for (const ModelTable* table : tables) addDependency(out, table->name.key(), "");
  for (const ColumnUse& use : uses) {
    if (!use.qualifier.empty()) {
      // o.total, orders.total or public.orders.total: the last qualifier names the table.
      auto it = byAlias.find(use.qualifier.back());
      if (it != byAlias.end()) addColumns(out, *it->second, use.column);
      continue;
    }
    if (use.column == "*") {
      for (const ModelTable* table : tables) addColumns(out, *table, "*");
      continue;
    }
    const ModelTable* owner = nullptr;
    int owners = 0;
    for (const ModelTable* table : tables) {
      if (table->column(use.column) == nullptr) continue;
      owner = table;
      ++owners;
    }
    if (owners == 1) addColumns(out, *owner, use.column);
  }
  return out;
}

}  // namespace sluice
