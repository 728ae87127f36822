#pragma once
// Loading a folder of migrations in a test that is about one format.
#include <filesystem>
#include <gtest/gtest.h>
#include <optional>
#include <string>
#include <string_view>

#include "linter/layout.hpp"

namespace sluice::testing {

// The set of migrations in `dir`, which must load in `format`: nothing, and a failure
// that says why, when it does not.
inline std::optional<MigrationSet> loadInFormat(const std::filesystem::path& dir, std::string_view format) {
  auto set = loadMigrationSet(dir);
  if (!set.ok()) {
    ADD_FAILURE() << dir << " does not load: " << set.error().message;
    return std::nullopt;
  }
  if (set->format->name() != format) {
    ADD_FAILURE() << dir << " loads as " << set->format->name() << ", not " << format;
    return std::nullopt;
  }
  return std::move(*set);
}

// The file name of the migration's rollback, empty when it has none: one comparison
// checks that it has one and which.
inline std::string rollbackFileName(const Migration& migration) {
  return migration.rollback ? migration.rollback->filename().string() : std::string();
}

}  // namespace sluice::testing
