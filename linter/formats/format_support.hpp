#pragma once
// What the format files share: folder listings, versions, sections of a file, and
// refusals that point at a file and line.

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "linter/formats/format.hpp"

namespace sluice::formats {

bool isRegularFile(const std::filesystem::path& path);
bool isDirectory(const std::filesystem::path& path);

// One entry of a folder listing: its path as a string and the type the listing gave.
// std::filesystem's iterator builds and parses a path for every entry; listing an
// 820-folder history that way was a tenth of the instructions of linting one of its
// files. The path is built only when asked for.
class FolderEntry {
 public:
  FolderEntry(std::string path, std::size_t nameStart, std::filesystem::file_type type)
      : path_(std::move(path)), nameStart_(nameStart), type_(type) {}
  [[nodiscard]] std::filesystem::path path() const { return path_; }
  [[nodiscard]] const std::string& pathString() const { return path_; }
  [[nodiscard]] std::string_view name() const { return std::string_view(path_).substr(nameStart_); }
  // The entry itself is a symbolic link.
  [[nodiscard]] bool isSymlink() const { return type_ == std::filesystem::file_type::symlink; }
  // The type the listing gave: the link's, not its target's.
  [[nodiscard]] std::filesystem::file_type type() const { return type_; }

 private:
  std::string path_;
  std::size_t nameStart_ = 0;
  std::filesystem::file_type type_ = std::filesystem::file_type::unknown;
};

// What an entry is, from the type the listing gave (no stat unless the entry is a
// symbolic link, which is followed): a history of 800 migration folders was thousands
// of stats.
bool isRegularFile(const FolderEntry& entry);
bool isDirectory(const FolderEntry& entry);
// Files and folders of `dir` (every entry but . and ..), sorted by name; none when it
// cannot be listed.
std::vector<FolderEntry> entriesOf(const std::filesystem::path& dir);
// The regular files of `dir` whose names end in .sql, sorted by name.
std::vector<FolderEntry> sqlFilesOf(const std::filesystem::path& dir);

// A folder held open to ask about names below it (`<subfolder>/migration.sql`) relative
// to it: the kernel walks those two components, not the whole path, and no
// std::filesystem::path is built per question. Asking 820 migration folders about their
// files was most of the path lookups of linting one file of their history.
class OpenFolder {
 public:
  explicit OpenFolder(const std::filesystem::path& dir);
  OpenFolder(const OpenFolder&) = delete;
  OpenFolder& operator=(const OpenFolder&) = delete;
  OpenFolder(OpenFolder&&) = delete;
  OpenFolder& operator=(OpenFolder&&) = delete;
  ~OpenFolder();
  // The type of `relative` itself, a link not followed (`linkType`) or followed (`type`);
  // not_found when it is not there, or the folder could not be opened.
  [[nodiscard]] std::filesystem::file_type linkType(const std::string& relative) const;
  [[nodiscard]] std::filesystem::file_type type(const std::string& relative) const;

 private:
  [[nodiscard]] std::filesystem::file_type typeAt(const std::string& relative, int flags) const;
  int fd_ = -1;
};
bool allDigits(std::string_view text);
// Leading zeros removed ("007" -> "7", "000" -> "0").
std::string_view withoutLeadingZeros(std::string_view digits);
// Compares two all-digit strings as numbers of any size.
int compareNumbers(std::string_view a, std::string_view b);

Migration makeMigration(std::string id, const MigrationFormat& format, std::filesystem::path forward);
// A set of `format` read from `dir`, with no migration yet: where every loader starts.
MigrationSet emptySet(const std::filesystem::path& dir, const MigrationFormat& format);
// Sorts `migrations` by the format's version order, then by id; repeatable ones (Flyway's
// R__) last, in their ids' order. Stable, so equal keys keep the listing's order.
void sortByVersion(std::vector<Migration>& migrations, const MigrationFormat& format);

// An Input error located at `offset` of `text` (path:line:column).
Error refusal(const std::filesystem::path& path, std::string_view text, std::size_t offset, std::string message,
              std::string hint);

// Detection of a layout whose .sql files carry the tool's section markers (goose, dbmate):
// most .sql files must be marked; a few marked files among plain ones are refused by the
// plain reading, with a hint to this layout. `marker` names the marker in the reason.
// Its strength is 60 to 70 (kMarkedStrength), by the share of marked files.
inline constexpr int kMarkedStrength = 70;
Detection detectMarkedSqlFiles(const FolderListing& folder, bool (*isMarked)(std::string_view head),
                               std::string_view marker);

// Sorts `migrations` by the format's version order (then by id), and refuses two
// migrations whose versions the tool cannot tell apart (`what` names the tool's rule).
Status sortUniqueVersions(std::vector<Migration>& migrations, const MigrationFormat& format);

// One line of a file: [begin, end) without its line break, and its 1-based number.
struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;   // before "\n" or "\r\n"
  std::size_t next = 0;  // start of the next line
  std::uint32_t number = 0;
};
std::vector<Line> linesOf(std::string_view text);

// `text` with every byte outside [begin, end) blanked: newlines kept, everything else a
// space, so that offsets, lines and columns inside the range are the file's.
std::string keepOnly(std::string_view text, std::size_t begin, std::size_t end);
// 1-based first and last line of [begin, end) in `text`.
Span lineRange(std::string_view text, std::size_t begin, std::size_t end);

// A line that another tool reads as a marker (`-- +goose Up`, `-- migrate:down`,
// `--> statement-breakpoint`), when the file is read as `format`: the format whose
// marker it is, or empty.
std::string_view foreignMarker(std::string_view line, std::string_view format);
// Refuses a file with another tool's markers than `format`'s: that tool would run only
// one of its sections, `format` would run all of them.
Status refuseForeignMarkers(const std::filesystem::path& path, std::string_view text, std::string_view format);

// Refuses statements that the tool's messages would cut in two: every parsed top-level
// statement of `text` must lie inside one of `messages` or outside all of them.
Status refuseSplitStatements(const std::filesystem::path& path, std::string_view text,
                             const std::vector<Span>& messages, std::string_view why, std::string_view hint);

}  // namespace sluice::formats

namespace sluice::formats {

// A folder per migration (Prisma, Diesel): `<id>/<forwardFile>` and `<id>/down.sql`; a
// folder with only down.sql is an orphan rollback. Unsorted. Either file being a link
// that leads nowhere is an Input error (checkFollowable), found without listing the
// migration folders: loadDetectedSet leaves those two files to this loader.
// `withoutForward`, when given, is asked about each folder without the forward file
// (open `folder`, spelled `dir`, the folder's `name`) and may refuse the set.
using FolderWithoutForward = std::optional<Error> (*)(const OpenFolder& folder, const std::filesystem::path& dir,
                                                      const std::string& name);
Expected<MigrationSet> loadMigrationFolders(const std::filesystem::path& dir, const MigrationFormat& format,
                                            FolderWithoutForward withoutForward = nullptr);

// How many folders hold the format's forward file, for detection.
std::size_t countMigrationFolders(const FolderListing& folder, std::string_view forwardFile);
// How many files of the folder `matches` accepts by name, for detection.
std::size_t countFiles(const FolderListing& folder, bool (*matches)(std::string_view name));
// A detection's evidence that counts what it found ("3 folders with up.sql"); not this
// format when the count is 0.
Detection countedEvidence(int strength, std::size_t count, std::string_view thing, std::string_view after = {});

}  // namespace sluice::formats
