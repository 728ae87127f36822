#pragma once
// One accessor per format file; registry.cpp lists them, sorted by name.

#include "linter/formats/format.hpp"

namespace sluice::formats {

const MigrationFormat& dbmateFormat();
const MigrationFormat& drizzleFormat();
const MigrationFormat& fileFormat();
const MigrationFormat& flywayFormat();
const MigrationFormat& golangMigrateFormat();
const MigrationFormat& gooseFormat();
const MigrationFormat& pairedFormat();
const MigrationFormat& plainFormat();
const MigrationFormat& prismaFormat();
const MigrationFormat& sqitchFormat();
const MigrationFormat& updownFilesFormat();
const MigrationFormat& updownFoldersFormat();

}  // namespace sluice::formats
