#include "linter/history_edit.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "common/path_string.hpp"
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

const std::string& PathNormalizer::spelling(const fs::path& path) {
  const std::string& spelled = path.native();
  if (spelled.empty()) return paths_.try_emplace(std::string(), normalPath(path).native()).first->second;
  const std::string* absolute = &spelled;
  if (spelled.front() != '/') {
    if (!currentDir_) {
      std::error_code ec;
      fs::path current = fs::current_path(ec);
      if (ec) return paths_.try_emplace(spelled, normalPath(path).native()).first->second;
      currentDir_ = current.native();
    }
    // What fs::absolute gives, without asking for the current directory each time.
    absolute_.assign(*currentDir_);
    appendPathName(absolute_, spelled);
    absolute = &absolute_;
  }
  if (auto known = paths_.find(*absolute); known != paths_.end()) return known->second;
  std::string resolved = resolve(*absolute);
  return paths_.emplace(*absolute, std::move(resolved)).first->second;
}

std::string PathNormalizer::resolve(std::string_view absolute) {
  std::size_t slash = absolute.rfind('/');
  std::string_view name = absolute.substr(slash + 1);
  std::string_view parent = slash == 0 ? std::string_view("/") : absolute.substr(0, slash);
  // A doubled slash leaves the parent ending in one: its own name is empty then.
  bool unusual = name.empty() || name == "." || name == "..";
  struct stat status {};
  std::string terminated(absolute);
  if (unusual || (::lstat(terminated.c_str(), &status) == 0 && S_ISLNK(status.st_mode))) {
    return normalPath(fs::path(std::move(terminated))).native();
  }
  std::string joined = folder(parent);
  appendPathName(joined, name);
  return joined;
}

const std::string& PathNormalizer::folder(std::string_view absolute) {
  if (auto known = folders_.find(absolute); known != folders_.end()) return known->second;
  std::string resolved = resolve(absolute);
  return folders_.emplace(std::string(absolute), std::move(resolved)).first->second;
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
