#pragma once
// Which migrations a folder holds, in which order, with which rollbacks, and which part
// of which file runs: through the folder's format (linter/formats/). Shared by the
// linter and the runner.

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "common/error.hpp"
#include "linter/formats/format.hpp"
#include "linter/migration.hpp"

namespace sluice {

struct DetectedFormat {
  const MigrationFormat* format = nullptr;
  std::string evidence;  // "migration_lock.toml", "`-- +goose Up` in 6 of 6 .sql files"
};

// The format of a folder that holds migrations directly; nullopt when it holds none.
std::optional<DetectedFormat> detectFormat(const std::filesystem::path& dir);
// The same for a folder already listed.
std::optional<DetectedFormat> detectFormat(const FolderListing& listing);
// The same, the format only.
const MigrationFormat* detectLayout(const std::filesystem::path& dir);

// Loads the migrations of one folder in apply order. `layout` overrides detection.
Expected<MigrationSet> loadMigrationSet(const std::filesystem::path& dir, const MigrationFormat* layout = nullptr);
// The same with what detectFormat(dir) already said (a null format: it found none), so
// that the folder is not listed and detected a second time.
Expected<MigrationSet> loadDetectedSet(const std::filesystem::path& dir, const DetectedFormat& detected);

// Every migrations folder at or below `dir` (a repository may hold several).
std::vector<std::filesystem::path> findMigrationRoots(const std::filesystem::path& dir);

// For a file inside a layout, the migrations folder it belongs to.
std::optional<std::filesystem::path> migrationRootOf(const std::filesystem::path& file);
// The same with another detector (e.g. one that remembers folders it has listed).
using LayoutDetector = std::function<const MigrationFormat*(const std::filesystem::path&)>;
std::optional<std::filesystem::path> migrationRootOf(const std::filesystem::path& file, const LayoutDetector& detect);

// The file that holds `role` of `migration` (its forward file, or its rollback file,
// which is the same file for formats with sections).
const std::filesystem::path& fileOf(const Migration& migration, FileRole role);
// Reads that file whole and returns the part its tool runs as `role`; refuses (Input
// error with file, line and hint) what the tool would refuse or sluice cannot place.
Expected<MigrationPart> readMigrationPart(const Migration& migration, FileRole role);
// The same for the file's text, already read.
Expected<MigrationPart> migrationPart(const Migration& migration, FileRole role, std::string fileText);

// Where the format looks for the rollback of `migration` (down.sql, x_rollback.sql,
// x.down.sql, the file itself for goose), whether or not it exists.
std::filesystem::path rollbackPathFor(const Migration& migration);

// Orders two versions as most runners do: all-digit versions numerically, anything
// else by bytes. A format may have its own order (MigrationFormat::versionLess).
bool versionLess(std::string_view a, std::string_view b);

// Splits a folder name or file stem into version and name ("0001-init" -> 0001, init).
void splitVersionAndName(std::string_view stem, std::string& version, std::string& name);

}  // namespace sluice
