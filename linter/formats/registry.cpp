// Every migration format, sorted by name. Adding a format: its file in this folder, its
// accessor in registry.hpp, one line here, fixtures in tests/formats/.
#include "linter/formats/registry.hpp"

namespace sluice {

const std::vector<const MigrationFormat*>& migrationFormats() {
  static const std::vector<const MigrationFormat*> formats{
      &formats::dbmateFormat(), &formats::drizzleFormat(),       &formats::fileFormat(),
      &formats::flywayFormat(), &formats::golangMigrateFormat(), &formats::gooseFormat(),
      &formats::pairedFormat(), &formats::plainFormat(),         &formats::prismaFormat(),
      &formats::sqitchFormat(), &formats::updownFilesFormat(),   &formats::updownFoldersFormat(),
  };
  return formats;
}

}  // namespace sluice
