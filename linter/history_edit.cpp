#include "linter/history_edit.hpp"

#include <algorithm>

#include "linter/context.hpp"
#include "linter/engine.hpp"

namespace sluice {
namespace fs = std::filesystem;

fs::path normalPath(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return path.lexically_normal();
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

fs::path PathNormalizer::operator()(const fs::path& path) {
  std::error_code ec;
  if (!currentDir_ && !path.is_absolute()) {
    fs::path current = fs::current_path(ec);
    if (ec) return normalPath(path);
    currentDir_ = std::move(current);
  }
  // What fs::absolute gives, without asking for the current directory each time.
  fs::path absolute = path.is_absolute() ? path : *currentDir_ / path;
  if (auto known = paths_.find(absolute.native()); known != paths_.end()) return known->second;
  fs::path resolved =
      isSpecial(absolute) ? normalPath(path) : fs::path(folder(absolute.parent_path())) / absolute.filename();
  paths_.emplace(absolute.native(), resolved.native());
  return resolved;
}

// A component that is a symlink, `.` or `..` (which means the parent of a symlink's
// target when it follows one) takes the full resolution; anything else is its resolved
// parent plus its name.
bool PathNormalizer::isSpecial(const fs::path& absolute) {
  fs::path name = absolute.filename();
  std::error_code ec;
  return name.empty() || name == "." || name == ".." || !absolute.has_relative_path() ||
         fs::is_symlink(fs::symlink_status(absolute, ec));
}

// Folders only, as strings: a hook passes thousands of files of the same few folders,
// and a cached fs::path would hold a vector of its components.
const std::string& PathNormalizer::folder(const fs::path& absolute) {
  if (auto known = folders_.find(absolute.native()); known != folders_.end()) return known->second;
  std::string resolved = isSpecial(absolute)
                             ? normalPath(absolute).native()
                             : (fs::path(folder(absolute.parent_path())) / absolute.filename()).native();
  return folders_.emplace(absolute.native(), std::move(resolved)).first->second;
}

void reportHistoryEdit(const HistoryEdit& edit, const std::vector<ActiveRule>& rules, FileReport& report) {
  auto rule = std::find_if(rules.begin(), rules.end(),
                           [](const ActiveRule& active) { return active.definition->meta.name == "edited-migration"; });
  if (rule == rules.end() || rule->severity == Severity::Off) return;
  const SourceFile& source = *report.source;
  const LineIndex& lines = source.lines();
  std::uint32_t line =
      std::clamp<std::uint32_t>(edit.firstChangedLine, 1, std::max<std::uint32_t>(lines.lineCount(), 1));
  // A change past the end (lines deleted at the end) lands on the last line with text.
  if (line > 1 && line == lines.lineCount() && lines.lineText(line).empty()) --line;
  std::size_t begin = lines.lineStart(line);
  Span span{begin, begin + lines.lineText(line).size()};
  std::string migration = report.migrationId.empty() ? source.path() : "`" + report.migrationId + "`";
  std::string message;
  std::string help;
  if (edit.kind == HistoryEdit::Kind::Modified) {
    message = "migration " + migration + " was already merged in " + edit.base +
              " and has been changed since (first change on this line); databases that applied it recorded its "
              "old checksum, so the next deploy stops";
    help = "restore the file as it is in " + edit.base + " and put the change in a new migration";
  } else {
    span = Span{0, lines.lineText(1).size()};
    message = "migration " + migration + " was already merged in " + edit.base +
              " and has been deleted since; databases that applied it still list it in their history, and new "
              "databases will be built without it";
    help = "restore the file as it is in " + edit.base + "; to undo its effect, add a new migration";
  }
  std::size_t first = report.findings.size();
  FindingSink sink(rule->definition->meta, report.findings);
  sink.report(span, std::move(message), std::move(help));
  for (std::size_t i = first; i < report.findings.size(); ++i) {
    Finding& finding = report.findings[i];
    finding.severity = rule->severity;
    finding.start = lines.position(finding.span.begin);
    finding.end = lines.position(finding.span.end);
  }
  std::stable_sort(report.findings.begin(), report.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.rule->name < b.rule->name;
  });
}

}  // namespace sluice
