#pragma once

#include <filesystem>
#include <string>

#include "common/error.hpp"

namespace sluice::cli {

// The migrations folder when none is given: [migrations] dir in the configuration,
// else the first of prisma/migrations, migrations, db/migrations that exists.
Expected<std::filesystem::path> defaultMigrationsDir(const std::string& configFile);

}  // namespace sluice::cli
