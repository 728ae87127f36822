#pragma once
// Layout detection: which migrations a folder holds, in which order, with which
// rollbacks. Shared by the linter and the runner.

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "common/error.hpp"
#include "linter/migration.hpp"

namespace sluice {

// The layout of a folder that holds migrations directly; nullopt when it holds none.
std::optional<LayoutKind> detectLayout(const std::filesystem::path& dir);

// Loads the migrations of one folder in apply order. `layout` overrides detection.
Expected<MigrationSet> loadMigrationSet(const std::filesystem::path& dir,
                                        std::optional<LayoutKind> layout = std::nullopt);

// Every migrations folder at or below `dir` (a repository may hold several).
std::vector<std::filesystem::path> findMigrationRoots(const std::filesystem::path& dir);

// For a file inside a layout, the migrations folder it belongs to.
std::optional<std::filesystem::path> migrationRootOf(const std::filesystem::path& file);
// The same with another detector (e.g. one that remembers folders it has listed).
using LayoutDetector = std::function<std::optional<LayoutKind>(const std::filesystem::path&)>;
std::optional<std::filesystem::path> migrationRootOf(const std::filesystem::path& file, const LayoutDetector& detect);

// Where the layout looks for the rollback of `migration` (down.sql, x_rollback.sql,
// x.down.sql), whether or not it exists.
std::filesystem::path rollbackPathFor(const Migration& migration);

// Orders two versions as the runners do: all-digit versions numerically, anything
// else by bytes.
bool versionLess(std::string_view a, std::string_view b);

// Splits a folder name or file stem into version and name ("0001-init" -> 0001, init).
void splitVersionAndName(std::string_view stem, std::string& version, std::string& name);

}  // namespace sluice
