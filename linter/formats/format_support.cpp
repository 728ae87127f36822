#include "linter/formats/format_support.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "common/line_index.hpp"
#include "common/sql_file.hpp"
#include "common/text.hpp"
#include "linter/layout.hpp"
#include "linter/parser.hpp"

namespace sluice::formats {
namespace fs = std::filesystem;

bool isRegularFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool isDirectory(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

bool isRegularFile(const FolderEntry& entry) {
  if (!entry.isSymlink()) return entry.type() == fs::file_type::regular;
  return isRegularFile(entry.path());
}

bool isDirectory(const FolderEntry& entry) {
  if (!entry.isSymlink()) return entry.type() == fs::file_type::directory;
  return isDirectory(entry.path());
}

namespace {

// What the listings and OpenFolder tell apart; a fifo, socket or device is neither file
// nor folder.
fs::file_type typeOfMode(mode_t mode) {
  if (S_ISREG(mode)) return fs::file_type::regular;
  if (S_ISDIR(mode)) return fs::file_type::directory;
  if (S_ISLNK(mode)) return fs::file_type::symlink;
  return fs::file_type::unknown;
}

// The type the listing gave (d_type) of an entry of `stream`'s folder; a file system that
// gives none is asked, the link itself and not what it leads to.
fs::file_type listedType(DIR* stream, const dirent& item) {
  switch (item.d_type) {
    case DT_REG: return fs::file_type::regular;
    case DT_DIR: return fs::file_type::directory;
    case DT_LNK: return fs::file_type::symlink;
    case DT_UNKNOWN: {
      struct stat status {};
      if (::fstatat(::dirfd(stream), item.d_name, &status, AT_SYMLINK_NOFOLLOW) != 0) return fs::file_type::not_found;
      return typeOfMode(status.st_mode);
    }
    default: return fs::file_type::unknown;
  }
}

}  // namespace

std::vector<FolderEntry> entriesOf(const fs::path& dir) {
  std::vector<FolderEntry> entries;
  std::unique_ptr<DIR, int (*)(DIR*)> stream(::opendir(dir.c_str()), ::closedir);
  if (!stream) return entries;
  std::string prefix = dir.native();
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  while (const dirent* item = ::readdir(stream.get())) {
    std::string_view name = item->d_name;
    if (name == "." || name == "..") continue;
    std::string path = prefix;
    path += name;
    entries.emplace_back(std::move(path), prefix.size(), listedType(stream.get(), *item));
  }
  // By name: every entry is `dir/<name>`, so the whole strings order as the names do.
  std::sort(entries.begin(), entries.end(),
            [](const FolderEntry& a, const FolderEntry& b) { return a.pathString() < b.pathString(); });
  return entries;
}

std::vector<FolderEntry> sqlFilesOf(const fs::path& dir) {
  std::vector<FolderEntry> entries = entriesOf(dir);
  std::erase_if(entries,
                [](const FolderEntry& entry) { return !entry.name().ends_with(".sql") || !isRegularFile(entry); });
  return entries;
}

OpenFolder::OpenFolder(const fs::path& dir) : fd_(::open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)) {}

OpenFolder::~OpenFolder() {
  if (fd_ >= 0) ::close(fd_);
}

fs::file_type OpenFolder::linkType(const std::string& relative) const { return typeAt(relative, AT_SYMLINK_NOFOLLOW); }

fs::file_type OpenFolder::type(const std::string& relative) const { return typeAt(relative, 0); }

fs::file_type OpenFolder::typeAt(const std::string& relative, int flags) const {
  struct stat status {};
  if (fd_ < 0 || ::fstatat(fd_, relative.c_str(), &status, flags) != 0) return fs::file_type::not_found;
  return typeOfMode(status.st_mode);
}

bool allDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string_view withoutLeadingZeros(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return digits;
}

int compareNumbers(std::string_view a, std::string_view b) {
  a = withoutLeadingZeros(a);
  b = withoutLeadingZeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}

Migration makeMigration(std::string id, const MigrationFormat& format, fs::path forward) {
  Migration migration;
  migration.id = std::move(id);
  migration.format = &format;
  migration.forward = std::move(forward);
  splitVersionAndName(migration.id, migration.version, migration.name);
  return migration;
}

Error refusal(const fs::path& path, std::string_view text, std::size_t offset, std::string message, std::string hint) {
  LineIndex lines(text);
  TextPosition at = lines.position(offset);
  return Error(ErrorCode::Input, std::move(message), std::move(hint),
               path.lexically_normal().string() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column));
}

Detection detectMarkedSqlFiles(const FolderListing& folder, bool (*isMarked)(std::string_view head),
                               std::string_view marker) {
  std::size_t sql = 0;
  std::size_t marked = 0;
  for (const std::string& name : folder.files()) {
    if (!name.ends_with(".sql")) continue;
    ++sql;
    if (isMarked(folder.head(name))) ++marked;
  }
  if (marked == 0 || marked * 2 < sql) return {};
  return {kMarkedStrength - 10 + static_cast<int>(marked * 10 / sql),
          std::string(marker) + " in " + std::to_string(marked) + " of " + std::to_string(sql) + " .sql files"};
}

MigrationSet emptySet(const fs::path& dir, const MigrationFormat& format) {
  MigrationSet set;
  set.root = dir;
  set.format = &format;
  return set;
}

void sortByVersion(std::vector<Migration>& migrations, const MigrationFormat& format) {
  std::stable_sort(migrations.begin(), migrations.end(), [&format](const Migration& a, const Migration& b) {
    if (a.repeatable != b.repeatable) return b.repeatable;
    if (a.version != b.version) return format.versionLess(a.version, b.version);
    return a.id < b.id;
  });
}

Status sortUniqueVersions(std::vector<Migration>& migrations, const MigrationFormat& format) {
  sortByVersion(migrations, format);
  for (std::size_t i = 1; i < migrations.size(); ++i) {
    const Migration& before = migrations[i - 1];
    const Migration& migration = migrations[i];
    if (migration.repeatable || migration.version.empty() || before.version.empty()) continue;
    if (format.versionLess(before.version, migration.version)) continue;
    std::string same = before.version == migration.version
                           ? "the same version " + before.version
                           : "versions " + before.version + " and " + migration.version + ", which " +
                                 std::string(format.traits().tool) + " takes for the same";
    return Error(ErrorCode::Input,
                 std::string(format.traits().tool) + " refuses two migrations with " + same + ": " +
                     before.forward.filename().string() + " and " + migration.forward.filename().string(),
                 "give one of them a version of its own (before it is applied anywhere)",
                 migration.forward.lexically_normal().string() + ":1:1");
  }
  return {};
}

std::vector<Line> linesOf(std::string_view text) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  std::uint32_t number = 1;
  while (begin < text.size()) {
    std::size_t newline = text.find('\n', begin);
    Line line;
    line.begin = begin;
    line.number = number++;
    if (newline == std::string_view::npos) {
      line.end = text.size();
      line.next = text.size();
    } else {
      line.end = newline > begin && text[newline - 1] == '\r' ? newline - 1 : newline;
      line.next = newline + 1;
    }
    lines.push_back(line);
    begin = line.next;
  }
  return lines;
}

std::string keepOnly(std::string_view text, std::size_t begin, std::size_t end) {
  std::string out(text);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i >= begin && i < end) continue;
    if (out[i] != '\n' && out[i] != '\r') out[i] = ' ';
  }
  return out;
}

Span lineRange(std::string_view text, std::size_t begin, std::size_t end) {
  LineIndex lines(text);
  std::size_t last = end > begin ? end - 1 : begin;
  return {lines.position(begin).line, lines.position(last).line};
}

namespace {

std::string_view trimmedLeft(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  return line;
}

}  // namespace

std::string_view foreignMarker(std::string_view line, std::string_view format) {
  line = trimmedLeft(line);
  if (!line.starts_with("--")) return {};
  if (line.starts_with("--> statement-breakpoint")) return format == "drizzle" ? "" : "drizzle";
  std::string_view rest = trimmedLeft(line.substr(2));
  if (rest.starts_with("+goose ")) return format == "goose" ? "" : "goose";
  if (rest.starts_with("migrate:up") || rest.starts_with("migrate:down")) return format == "dbmate" ? "" : "dbmate";
  return {};
}

Status refuseForeignMarkers(const fs::path& path, std::string_view text, std::string_view format) {
  // Cheap test first: most files hold none of the markers.
  if (text.find("+goose") == std::string_view::npos && text.find("migrate:") == std::string_view::npos &&
      text.find("statement-breakpoint") == std::string_view::npos) {
    return {};
  }
  for (const Line& line : linesOf(text)) {
    std::string_view marker = foreignMarker(text.substr(line.begin, line.end - line.begin), format);
    if (marker.empty()) continue;
    std::string shown(trimmedLeft(text.substr(line.begin, line.end - line.begin)));
    return refusal(path, text, line.begin,
                   "`" + shown + "` is a " + std::string(marker) + " marker, but the folder is read as " +
                       std::string(format) + ": " + std::string(marker) + " would run only one section of this file, " +
                       std::string(format) + " would run all of it",
                   "pass --layout " + std::string(marker) + " (or set [migrations] layout) if this is a " +
                       std::string(marker) + " project; otherwise remove the marker");
  }
  return {};
}

Status refuseSplitStatements(const fs::path& path, std::string_view text, const std::vector<Span>& messages,
                             std::string_view why, std::string_view hint) {
  if (messages.empty()) return {};
  ParsedSql parsed = parseSql(text);
  for (const Statement& statement : parsed.statements) {
    if (statement.depth != 0) continue;
    std::size_t begin = skipTrivia(text, statement.span.begin, statement.span.end);
    if (begin >= statement.span.end) continue;
    for (const Span& message : messages) {
      bool starts = message.contains(begin);
      bool ends = statement.span.end > message.begin && statement.span.end <= message.end;
      if (starts == ends) continue;
      std::size_t cut = starts ? message.end : message.begin;
      LineIndex lines(text);
      return refusal(path, text, cut > 0 ? cut - 1 : 0,
                     std::string(why) + " inside the statement that starts at line " +
                         std::to_string(lines.position(begin).line) + ": the tool would send it in pieces",
                     std::string(hint));
    }
  }
  return {};
}

}  // namespace sluice::formats

namespace sluice::formats {

namespace {

// Whether `relative` (below `folder`, which messages spell `prefix`) is a regular file
// (a link to one counts), with one lstat where a stat was: a link is followed, and one
// that leads nowhere is refused.
Expected<bool> followedRegularFile(const OpenFolder& folder, const std::string& prefix, const std::string& relative) {
  fs::file_type type = folder.linkType(relative);
  if (type != fs::file_type::symlink) return type == fs::file_type::regular;
  if (auto followable = checkFollowable(prefix + relative); !followable) return followable.takeError();
  return folder.type(relative) == fs::file_type::regular;
}

}  // namespace

Expected<MigrationSet> loadMigrationFolders(const fs::path& dir, const MigrationFormat& format,
                                            FolderWithoutForward withoutForward) {
  MigrationSet set = emptySet(dir, format);
  std::vector<FolderEntry> entries = entriesOf(dir);
  set.migrations.reserve(entries.size());
  OpenFolder folder(dir);
  for (const auto& entry : entries) {
    if (!isDirectory(entry)) continue;
    std::string name(entry.name());
    // The listing spells the folder `<prefix><name>`; paths are built for files found.
    std::string prefix = entry.pathString().substr(0, entry.pathString().size() - name.size());
    std::string forwardName = name + '/' + std::string(format.traits().forwardFileName);
    std::string rollbackName = name + "/down.sql";
    Expected<bool> hasForward = followedRegularFile(folder, prefix, forwardName);
    if (!hasForward) return hasForward.takeError();
    Expected<bool> hasRollback = followedRegularFile(folder, prefix, rollbackName);
    if (!hasRollback) return hasRollback.takeError();
    if (!*hasForward) {
      if (withoutForward != nullptr) {
        if (auto refused = withoutForward(folder, dir, name)) return std::move(*refused);
      }
      if (*hasRollback) set.orphanRollbacks.emplace_back(prefix + rollbackName);
      continue;
    }
    fs::path forward = prefix + forwardName;
    Migration migration = makeMigration(name, format, std::move(forward));
    if (*hasRollback) migration.rollback = prefix + rollbackName;
    set.migrations.push_back(std::move(migration));
  }
  return set;
}

std::size_t countFiles(const FolderListing& folder, bool (*matches)(std::string_view name)) {
  return static_cast<std::size_t>(std::count_if(folder.files().begin(), folder.files().end(),
                                                [matches](const std::string& name) { return matches(name); }));
}

Detection countedEvidence(int strength, std::size_t count, std::string_view thing, std::string_view after) {
  if (count == 0) return {};
  return {strength, std::to_string(count) + " " + std::string(thing) + (count == 1 ? "" : "s") + std::string(after)};
}

std::size_t countMigrationFolders(const FolderListing& folder, std::string_view forwardFile) {
  std::size_t count = 0;
  for (const std::string& name : folder.folders()) {
    if (isRegularFile(folder.dir() / name / std::string(forwardFile))) ++count;
  }
  return count;
}

}  // namespace sluice::formats
