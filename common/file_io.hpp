#pragma once
// Reading inputs with errors a user can act on, and writing user data atomically:
// temp name in the same directory, fsync of the file, rename, fsync of the directory.

#include <filesystem>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace sluice {

// Reads a whole regular file. Directories, missing files and unreadable files are
// Input errors naming the path.
Expected<std::string> readFile(const std::filesystem::path& path);

// Reads all of standard input.
Expected<std::string> readStdin();

struct AtomicWriteOptions {
  unsigned mode = 0644;  // permission bits of the final file
  bool sync = true;      // fsync the file and its directory
};

// Writes `contents` to `path` so that a reader sees either the old file or the whole
// new one, never a prefix, also across a crash.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                           const AtomicWriteOptions& options = {});

// fsync of a directory, so that a rename or a new entry inside it is durable.
Status syncDirectory(const std::filesystem::path& dir);

// Appends one line (a trailing newline is added) and fsyncs; for audit logs.
Status appendLine(const std::filesystem::path& path, std::string_view line, unsigned mode = 0600);

}  // namespace sluice
