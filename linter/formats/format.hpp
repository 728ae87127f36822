#pragma once
// A migration format: how one tool lays out, orders, splits and runs migrations. Each
// format is one file in this folder, registered in registry.cpp's sorted list, the way
// a rule is one file in rules/. The linter and the runner both read a folder through
// its format, so that what `sluice lint` judges is what `sluice deploy` runs:
//
//   detect       how strongly a folder looks like this format, and why;
//   load         the migrations of a folder in the tool's order, with their rollbacks;
//                what the tool would refuse (or sluice cannot place) is an Input error
//                with the file, the line and a hint, before any database is touched;
//   part         the part of a file that runs forward or back (goose's Up and Down
//                sections), and how the tool sends it (its transaction model);
//   versionLess  the tool's order of versions, for --since and for messages;
//   traits       names, the history table's tool, and what rules need to know.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "linter/migration.hpp"

namespace sluice {

// A folder as detection sees it: names only, sorted, plus the start of each .sql file
// for formats recognised by their markers.
class FolderListing {
 public:
  explicit FolderListing(std::filesystem::path dir);
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  [[nodiscard]] const std::vector<std::string>& files() const { return files_; }
  [[nodiscard]] const std::vector<std::string>& folders() const { return folders_; }
  [[nodiscard]] bool hasFile(std::string_view name) const;
  // Whether the entry (of files() or folders()) is a symbolic link.
  [[nodiscard]] bool isLink(std::string_view name) const;
  // The first 8 kB of a file of this folder (read once, on first use).
  [[nodiscard]] std::string_view head(const std::string& file) const;

 private:
  std::filesystem::path dir_;
  std::vector<std::string> files_;
  std::vector<std::string> folders_;
  std::vector<std::string> links_;  // sorted, as the listing is
  mutable std::vector<std::pair<std::string, std::string>> heads_;
};

struct Detection {
  int strength = 0;  // 0: not this format; higher wins
  std::string evidence;
};

struct FormatTraits {
  std::string_view name{};         // what --layout takes: "goose"
  std::string_view tool{};         // how messages name the tool: "goose", "Prisma"
  std::string_view historyTool{};  // whose history table deploy reads and writes
  std::string_view summary{};      // one line for --help and the docs
  // One folder per migration (Prisma, Diesel): the forward file's name in it. Empty for
  // formats of files.
  std::string_view forwardFileName{};
  bool ownsSubfolders = false;     // the folder's subfolders belong to it (a folder per migration, deploy/, meta/)
  bool expectsRollback = false;    // migrations normally come with a rollback
  bool versioned = true;           // false: unversioned files stand alone (plain, file)
  bool orderFromNames = true;      // false: a plan or journal orders the migrations (sqitch, Drizzle)
  bool numericVersions = false;    // versions compare as numbers, whatever their width (goose, Flyway)
  bool sharedTransaction = false;  // the tool runs all pending migrations in one transaction (Drizzle)
  // The most that detect() returns. Detection tries the strongest formats first and not
  // one that cannot beat what it has found.
  int detectionStrength = 0;
};

class MigrationFormat {
 public:
  explicit MigrationFormat(const FormatTraits& traits) : traits_(traits) {}
  MigrationFormat(const MigrationFormat&) = delete;
  MigrationFormat& operator=(const MigrationFormat&) = delete;
  MigrationFormat(MigrationFormat&&) = delete;
  MigrationFormat& operator=(MigrationFormat&&) = delete;
  virtual ~MigrationFormat() = default;
  [[nodiscard]] const FormatTraits& traits() const { return traits_; }
  [[nodiscard]] std::string_view name() const { return traits().name; }
  [[nodiscard]] std::string_view historyTool() const { return traits().historyTool; }

  [[nodiscard]] virtual Detection detect(const FolderListing& folder) const = 0;
  [[nodiscard]] virtual Expected<MigrationSet> load(const std::filesystem::path& dir) const = 0;
  // `text` is the whole file that holds `role` of `migration`.
  [[nodiscard]] virtual Expected<MigrationPart> part(const Migration& migration, FileRole role, std::string text) const;
  [[nodiscard]] virtual bool versionLess(std::string_view a, std::string_view b) const;
  // Where the tool looks for the rollback of `migration`, whether or not it exists, and
  // how a message names that place ("`x.down.sql`", "a `-- +goose Down` section").
  [[nodiscard]] virtual std::filesystem::path rollbackPathFor(const Migration& migration) const;
  [[nodiscard]] virtual std::string rollbackPlace(const Migration& migration) const;
  // For a path relative to the folder: whether the tool reads it as a forward migration.
  [[nodiscard]] virtual bool isForwardFile(const std::filesystem::path& relative) const;

 protected:
  // How the tool runs a whole file, for part()'s default.
  [[nodiscard]] virtual PartExecution execution(const Migration& migration, FileRole role) const;

 private:
  FormatTraits traits_;
};

// Every format, sorted by name (registry.cpp).
const std::vector<const MigrationFormat*>& migrationFormats();
const MigrationFormat* findFormat(std::string_view name);
// A file outside any folder layout.
const MigrationFormat& looseFileFormat();
// "dbmate, drizzle, ..." for messages; the names as a list, for option checks.
std::string formatNames();
std::vector<std::string> formatNameList();

}  // namespace sluice
