#pragma once
// The migrations of a folder as the runner needs them: their text and checksums.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "linter/migration.hpp"
#include "runner/history.hpp"

namespace sluice {

struct MigrationFile {
  const Migration* migration = nullptr;
  // What deploy runs: the forward part of the forward file (the file itself, or its Up
  // section with the rest blanked), and how its tool sends it.
  std::shared_ptr<const std::string> text;
  PartExecution execution;
  Span lines;                                   // the part's lines in the file; {0, 0}: all of it
  std::shared_ptr<const std::string> fileText;  // the forward file's bytes (the same object as `text` when whole)
  std::string checksum;                         // lowercase hex SHA-256 of those bytes (Prisma's checksum)
  std::optional<std::string> rollbackChecksum;
  std::optional<SqitchChange> sqitch;  // a sqitch change as the registry records it (runner/history/sqitch_changes.hpp)
  [[nodiscard]] const std::string& id() const { return migration->id; }
  [[nodiscard]] const std::string& bytes() const { return fileText ? *fileText : *text; }
};

// Reads every forward file (and hashes the rollback files) of `set`, in apply order.
// Both parts of every migration are read as its format reads them, so that what the
// format refuses is refused here, before anything touches a database.
Expected<std::vector<MigrationFile>> readMigrationFiles(const MigrationSet& set);

// Refuses (Input error, at the statement's file:line:column) a file the command may run
// that holds a statement too deep to analyse (linter/parser.hpp: kMaxNesting): commands
// that run migrations call it before they connect, because sluice does not run what it
// could not read. Every migration is checked: which are pending is known only later.
enum class FilesRun { ForwardAndRollback, RollbackOnly };
Status checkRunnable(const std::vector<MigrationFile>& files, FilesRun run);

// Whether a recorded checksum belongs to `text`: the exact bytes, or the same file with
// CRLF line ends turned into LF or the reverse (a checkout on another OS), as Prisma
// accepts.
bool checksumMatches(const std::string& recorded, const std::string& text);

// Short checksums of each statement's text, to say where an applied migration was edited.
std::string statementChecksum(std::string_view statementText);

}  // namespace sluice
