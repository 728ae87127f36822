#pragma once
// `sluice lint --changed-since REF`: which migrations a change touches, from git.
//
// The change is everything between the merge base of REF and HEAD and the working tree:
// commits on the branch, staged and unstaged edits, and new files git does not ignore.
// In CI the working tree is clean, so this is exactly the pull request's diff; on a
// laptop it is what the next push would contain. Renames count as a deletion and an
// addition (a renamed migration is a new migration to every database).

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "linter/history_edit.hpp"

namespace sluice::cli {

struct ChangedFiles {
  std::set<std::filesystem::path> changed;  // added or modified files (normalPath)
  std::vector<HistoryEdit> edits;           // files of the base that were modified or deleted
  std::string base;                         // "REF (merge base 1a2b3c4d)"
};

// Runs git (no shell) in the current directory. Errors: git missing, not a repository,
// unknown ref, no merge base (a shallow clone).
Expected<ChangedFiles> changedSince(const std::string& ref);

}  // namespace sluice::cli
