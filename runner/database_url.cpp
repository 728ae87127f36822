#include "runner/database_url.hpp"

namespace sluice {

DatabaseTarget databaseTarget(const ConnectionSettings& settings) {
  DatabaseTarget target{settings, settings.foreignParameter("schema")};
  if (target.schema && target.schema->empty()) target.schema.reset();
  return target;
}

}  // namespace sluice
