#pragma once
// Migrations that changed after they were merged. A deployed database recorded each
// applied migration's checksum; a migration edited or deleted afterwards no longer
// matches that history, and the next deploy stops (or, with runners that do not check,
// the databases drift apart). Git knows which files changed; the engine reports them as
// `edited-migration` findings so that severity, --rule and configuration apply as for any
// rule.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linter/active_rules.hpp"
#include "linter/finding.hpp"

namespace sluice {

struct FileReport;

struct HistoryEdit {
  enum class Kind { Modified, Deleted };
  Kind kind = Kind::Modified;
  std::filesystem::path path;          // absolute and normalised (see normalPath)
  std::uint32_t firstChangedLine = 1;  // Modified: the first line of the file that differs
  std::string baseText;                // Deleted: the file as it was at the base
  std::string base;                    // the base as messages name it: "origin/main (merge base 1a2b3c4d)"
};

// An absolute path with symlinks of its existing prefix resolved, so that a path that
// git printed and one that the engine spelled compare equal.
std::filesystem::path normalPath(const std::filesystem::path& path);

// normalPath that remembers what it resolved. Resolving costs a readlink per path
// component, and a hook or an editor passes thousands of files of the same folders.
// Paths are handled as strings: a std::filesystem::path splits itself into components
// on every construction, and that was most of matching thousands of named files to
// their sets. Not thread-safe: one per thread.
class PathNormalizer {
 public:
  std::filesystem::path operator()(const std::filesystem::path& path) { return spelling(path); }
  // The same as a string, without building a path: valid while the normalizer lives.
  const std::string& spelling(const std::filesystem::path& path);

 private:
  // `absolute` resolved: its resolved folder plus its name, or normalPath in full where
  // a component is a symlink, `.` or `..` (which means the parent of a symlink's target
  // when it follows one) or empty (a trailing or doubled slash).
  std::string resolve(std::string_view absolute);
  // Folders only: a hook passes thousands of files of the same few folders.
  const std::string& folder(std::string_view absolute);

  std::map<std::string, std::string, std::less<>> folders_;
  // Whole paths, file or folder, by their absolute spelling: a lint names a set's root
  // once per file it selects.
  std::unordered_map<std::string, std::string> paths_;
  // The current directory, asked once: fs::absolute asks the kernel on every call, and
  // a lint of a corpus named file by file made ~10,000 getcwd calls.
  std::optional<std::string> currentDir_;
  std::string absolute_;  // scratch for the absolute spelling of a relative path
};

// Adds the `edited-migration` finding for `edit` to `report` (whose source is the file as
// it is now, or as it was for a deleted file) when the rule runs.
void reportHistoryEdit(const HistoryEdit& edit, const std::vector<ActiveRule>& rules, FileReport& report);

}  // namespace sluice
