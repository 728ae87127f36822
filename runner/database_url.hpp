#pragma once
// Prisma projects keep their connection URL in DATABASE_URL with parameters that only
// Prisma understands (`?schema=app&connection_limit=5`); libpq refuses unknown URL
// parameters. ConnectionSettings sets them aside when it parses the URL; the runner
// reads `schema` (the schema Prisma migrates, and where it keeps _prisma_migrations).

#include <optional>
#include <string>

#include "common/connection.hpp"

namespace sluice {

struct DatabaseTarget {
  ConnectionSettings settings;        // what libpq receives
  std::optional<std::string> schema;  // Prisma's `schema` parameter
};

DatabaseTarget databaseTarget(const ConnectionSettings& settings);

}  // namespace sluice
