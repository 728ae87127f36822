#include "linter/reporters/github_reporter.hpp"

#include "linter/rule_docs.hpp"

namespace sluice {
namespace {

std::string escape(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string escapeCommandData(std::string_view text) { return escape(text, false); }
std::string escapeCommandProperty(std::string_view text) { return escape(text, true); }

void GithubReporter::write(const LintReport& report, std::ostream& out) {
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      out << (finding.severity == Severity::Error ? "::error " : "::warning ");
      out << "file=" << escapeCommandProperty(file.source->path()) << ",line=" << finding.start.line;
      // GitHub accepts columns only for an annotation on one line, and its end column
      // is inclusive where ours is exclusive.
      if (finding.end.line == finding.start.line) {
        std::uint32_t endColumn = std::max(finding.start.column, finding.end.column > 1 ? finding.end.column - 1 : 1);
        out << ",col=" << finding.start.column << ",endLine=" << finding.start.line << ",endColumn=" << endColumn;
      } else {
        // An end at column 1 means the span stopped at the end of the previous line.
        std::uint32_t lastLine = finding.end.column == 1 ? finding.end.line - 1 : finding.end.line;
        out << ",endLine=" << lastLine;
      }
      std::string title = "sluice " + std::string(finding.rule->name) + " (" + std::string(finding.rule->code) + ")";
      out << ",title=" << escapeCommandProperty(title) << "::";
      std::string message = finding.message;
      for (const std::string& note : finding.notes) message += "\nnote: " + note;
      if (!finding.helpText().empty()) message += "\nhelp: " + std::string(finding.helpText());
      message += "\nsee " + ruleDocUrl(*finding.rule);
      out << escapeCommandData(message) << "\n";
    }
  }
  for (const Error& error : report.errors) {
    out << "::error ";
    if (!error.location.empty()) {
      std::string file = error.location.substr(0, error.location.find(':'));
      out << "file=" << escapeCommandProperty(file) << ",";
    }
    out << "title=" << escapeCommandProperty("sluice: input not linted") << "::";
    out << escapeCommandData(error.hint.empty() ? error.message : error.message + "\nhint: " + error.hint) << "\n";
  }
  out << summaryLine(report) << "\n";
}

}  // namespace sluice
