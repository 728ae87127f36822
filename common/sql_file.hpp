#pragma once
// A migration file is read whole or refused: never skipped, never cut short.
//
// PostgreSQL (and libpg_query) read a query as a C string, so a NUL byte would silently
// end the migration half-way; the server refuses text that is not valid UTF-8 only when
// the statement runs, after the statements before it did. A symbolic link named like a
// migration that leads nowhere (dangling, or a loop) would otherwise vanish from the
// folder's listing. Each of these is an Input error (exit 2) that names the file, before
// any database is touched. Every reader of migrations (layouts, the linter, the runner)
// goes through these functions.

#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace sluice {

// Reads a migration file (following symbolic links) and checks its text.
Expected<std::string> readSqlFile(const std::filesystem::path& path);

// The checks of readSqlFile for text read elsewhere (standard input read as `path`):
// no NUL byte, valid UTF-8; the error says where (path:line:column and byte offset).
Status checkSqlText(std::string_view text, const std::filesystem::path& path);

// For a directory entry named like a migration: an Input error when it is a symbolic
// link that cannot be followed (its target is missing, or the links loop).
Status checkFollowable(const std::filesystem::path& entry);

}  // namespace sluice
