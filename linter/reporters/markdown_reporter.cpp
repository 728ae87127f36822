#include "linter/reporters/markdown_reporter.hpp"

#include "linter/rule_docs.hpp"

namespace sluice {
namespace {

// GitHub refuses job summaries over 1 MiB; a table this long is read by nobody anyway.
constexpr std::size_t kMaxRows = 500;

}  // namespace

std::string escapeMarkdownCell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\r': break;
      case '\n': out += "<br>"; break;
      default: out += c;
    }
  }
  return out;
}

void MarkdownReporter::write(const LintReport& report, std::ostream& out) {
  std::string icon = report.failed() ? ":x:" : report.warningCount > 0 ? ":warning:" : ":white_check_mark:";
  out << "### " << icon << " sluice lint: " << summaryLine(report) << "\n\n";
  std::size_t rows = 0;
  std::size_t total = 0;
  for (const FileReport& file : report.files) total += file.findings.size();
  if (total > 0) {
    out << "| | rule | location | finding |\n|---|---|---|---|\n";
    for (const FileReport& file : report.files) {
      for (const Finding& finding : file.findings) {
        if (rows == kMaxRows) break;
        ++rows;
        out << "| " << (finding.severity == Severity::Error ? ":x: error" : ":warning: warning") << " | ["
            << finding.rule->name << "](" << ruleDocUrl(*finding.rule) << ") `" << finding.rule->code << "` | `"
            << escapeMarkdownCell(file.source->path()) << ":" << finding.start.line << ":" << finding.start.column
            << "` | " << escapeMarkdownCell(finding.message);
        if (!finding.helpText().empty()) out << "<br>**Instead:** " << escapeMarkdownCell(finding.helpText());
        out << " |\n";
      }
    }
    if (rows < total) out << "\n" << total - rows << " more findings are not shown; see the job log.\n";
    out << "\n";
  }
  if (!report.errors.empty()) {
    out << "**Not linted:**\n\n";
    for (const Error& error : report.errors) {
      out << "- " << (error.location.empty() ? std::string() : "`" + escapeMarkdownCell(error.location) + "`: ")
          << escapeMarkdownCell(error.message);
      if (!error.hint.empty()) out << " (" << escapeMarkdownCell(error.hint) << ")";
      out << "\n";
    }
    out << "\n";
  }
  if (report.failed()) {
    out << "Findings at or above `" << severityName(report.failOn)
        << "` fail this check. To accept one deliberately, add `-- sluice:ignore <rule> -- <why>` on the line "
           "before the statement.\n";
  }
}

}  // namespace sluice
