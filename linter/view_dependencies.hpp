#pragma once
// What a view's query reads, as PostgreSQL records it in pg_depend: the tables it selects
// from and, of each, the columns it names (all of them for `*`, which PostgreSQL expands
// when the view is created). DROP TABLE or ALTER TABLE ... DROP COLUMN of one of them
// fails without CASCADE while the view exists.
//
// Names are resolved against the schema model: an alias to its table, an unqualified
// column to the one table of the query that has it. What cannot be resolved (a CTE, a
// subquery's alias, a column two tables have) is left out: a missing dependency only
// means a finding not made.

#include <string>
#include <vector>

#include "linter/ast.hpp"

namespace sluice {

class SchemaModel;

struct ViewDependency {
  std::string tableKey;
  std::string column;  // empty: the table itself
};

std::vector<ViewDependency> viewDependencies(const ast::Node* query, const SchemaModel& schema);

}  // namespace sluice
