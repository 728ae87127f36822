#include "cli/changed_since.hpp"

#include "common/subprocess.hpp"
#include "common/text.hpp"

namespace sluice::cli {
namespace {

namespace fs = std::filesystem;

Expected<ProcessResult> git(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnOptions options;
  // Plain, stable output whatever the user's configuration says.
  options.setEnv = {{"GIT_PAGER", "cat"}, {"LC_ALL", "C"}, {"GIT_OPTIONAL_LOCKS", "0"}};
  auto result = runProcess(argv, options);
  if (!result) {
    Error error = result.takeError();
    error.message = "--changed-since needs git: " + error.message;
    return error;
  }
  return result;
}

std::string firstLine(std::string_view text) { return std::string(trim(text.substr(0, text.find('\n')))); }

// The first line of the current file that differs from the base, from the first hunk
// header of a zero-context diff: "@@ -a,b +c,d @@".
// nullopt when the content did not change (a mode change).
std::optional<std::uint32_t> firstChangedLine(std::string_view diff) {
  auto hunk = diff.find("\n@@ ");
  if (hunk == std::string_view::npos) return std::nullopt;
  auto plus = diff.find('+', hunk + 4);
  if (plus == std::string_view::npos) return 1;
  std::uint32_t line = 0;
  for (std::size_t i = plus + 1; i < diff.size() && std::isdigit(static_cast<unsigned char>(diff[i])) != 0; ++i) {
    line = line * 10 + static_cast<std::uint32_t>(diff[i] - '0');
  }
  // A pure deletion reports the line before it (0 at the top of the file).
  bool deletionOnly = diff.substr(plus, diff.find(' ', plus) - plus).ends_with(",0");
  if (deletionOnly) ++line;
  return std::max<std::uint32_t>(line, 1);
}

}  // namespace

Expected<ChangedFiles> changedSince(const std::string& ref) {
  auto top = git({"rev-parse", "--show-toplevel"});
  if (!top) return top.takeError();
  if (!top->success()) {
    return Error(ErrorCode::Usage, "--changed-since: " + fs::current_path().string() + " is not in a git repository",
                 "run sluice inside the repository, or lint without --changed-since");
  }
  fs::path root = firstLine(top->out);

  auto resolved = git({"rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}"});
  if (!resolved) return resolved.takeError();
  if (!resolved->success()) {
    return Error(ErrorCode::Usage, "--changed-since: unknown git ref `" + ref + "`",
                 "name a branch, tag or commit that exists locally; in CI, fetch it first (actions/checkout with "
                 "fetch-depth: 0, or git fetch origin " +
                     ref + ")");
  }
  auto mergeBase = git({"merge-base", firstLine(resolved->out), "HEAD"});
  if (!mergeBase) return mergeBase.takeError();
  if (!mergeBase->success()) {
    return Error(ErrorCode::Usage, "--changed-since: `" + ref + "` and HEAD have no common ancestor here",
                 "in a shallow clone, fetch more history (actions/checkout with fetch-depth: 0, or git fetch "
                 "--unshallow)");
  }
  std::string base = firstLine(mergeBase->out);

  ChangedFiles changes;
  changes.base = ref + " (merge base " + base.substr(0, 8) + ")";
  // The working tree against the merge base: committed, staged and unstaged changes.
  // Paths are relative to the top level whatever the current directory.
  auto diff = git({"-C", root.string(), "diff", "--name-status", "-z", "--no-renames", "--no-ext-diff", base, "--"});
  if (!diff) return diff.takeError();
  if (!diff->success()) {
    return Error(ErrorCode::Input, "--changed-since: git diff failed: " + firstLine(diff->err));
  }
  std::vector<std::string_view> fields = split(diff->out, '\0');
  for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
    std::string_view status = fields[i];
    std::string relative(fields[i + 1]);
    if (status.empty()) continue;
    fs::path path = normalPath(root / relative);
    switch (status.front()) {
      case 'A': changes.changed.insert(path); break;
      case 'M':
      case 'T': {
        changes.changed.insert(path);
        HistoryEdit edit;
        edit.kind = HistoryEdit::Kind::Modified;
        edit.path = path;
        edit.base = changes.base;
        auto hunks = git({"-C", root.string(), "diff", "-U0", "--no-color", "--no-ext-diff", base, "--", relative});
        if (hunks && hunks->success()) {
          auto line = firstChangedLine("\n" + hunks->out);
          if (!line) break;  // only the file mode changed: the content deployed is the same
          edit.firstChangedLine = *line;
        }
        changes.edits.push_back(std::move(edit));
        break;
      }
      case 'D': {
        HistoryEdit edit;
        edit.kind = HistoryEdit::Kind::Deleted;
        edit.path = path;
        edit.base = changes.base;
        auto old = git({"-C", root.string(), "show", base + ":" + relative});
        if (old && old->success()) edit.baseText = std::move(old->out);
        changes.edits.push_back(std::move(edit));
        break;
      }
      default: break;
    }
  }
  // New files that are not staged yet are part of the change too.
  auto untracked = git({"-C", root.string(), "ls-files", "--others", "--exclude-standard", "-z"});
  if (untracked && untracked->success()) {
    for (std::string_view relative : split(untracked->out, '\0')) {
      if (!relative.empty()) changes.changed.insert(normalPath(root / std::string(relative)));
    }
  }
  return changes;
}

}  // namespace sluice::cli
