#pragma once
// What differs between two catalog snapshots (catalog.hpp), said the way a
// reviewer would say it about a rollback: "rollback leaves column `orders.note`",
// "index `x` recreated with a different definition". The children of a table that is
// missing or left over as a whole (its columns, indexes, constraints, triggers) are not
// listed one by one.

#include <string>
#include <vector>

#include "verify/catalog.hpp"

namespace sluice {

struct SchemaDifference {
  enum class Kind { Left, Missing, Changed };
  Kind kind = Kind::Changed;
  std::string objectKind;  // "column"
  std::string objectName;  // "orders.note"
  std::string property;    // for Changed: "type", "definition", "values", ...
  std::string before;      // the property before the migration (Changed)
  std::string after;       // the property after the rollback (Changed)
  bool minor = false;      // only a column position: PostgreSQL cannot put a re-added column back in place
  std::string message;     // one line for people
};

// Differences from `before` (the schema before the migration) to `after` (after the
// migration and its rollback), sorted by object.
std::vector<SchemaDifference> diffSchemas(const CatalogSnapshot& before, const CatalogSnapshot& after);

}  // namespace sluice
