#include "cli/migrations_dir.hpp"

#include "linter/config.hpp"
#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice::cli {
namespace fs = std::filesystem;

Expected<fs::path> defaultMigrationsDir(const std::string& configFile) {
  std::optional<fs::path> file = configFile.empty() ? findConfig(fs::current_path()) : fs::path(configFile);
  if (file) {
    auto config = loadConfig(*file, ruleMetas(rules::allRules()));
    if (!config) return config.takeError();
    if (const TomlValue* dir = config->value("migrations", "dir")) {
      fs::path path = dir->string;
      return path.is_absolute() ? path : config->baseDir / path;
    }
  }
  for (const char* candidate : {"prisma/migrations", "migrations", "db/migrations"}) {
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) return fs::path(candidate);
  }
  return Error(ErrorCode::Usage, "no migrations folder given and none found",
               "pass it (sluice lint path/to/migrations, --dir for other commands), set [migrations] dir in "
               ".sluice.toml, or run from a project with prisma/migrations, migrations or db/migrations");
}

}  // namespace sluice::cli
