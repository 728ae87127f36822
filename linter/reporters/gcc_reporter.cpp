#include "linter/reporters/gcc_reporter.hpp"

namespace sluice {
namespace {

// A message is one line: an editor reads each line as an entry.
std::string oneLine(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace

void GccReporter::writeFile(const FileReport& file, std::ostream& out) {
  for (const Finding& finding : file.findings) {
    out << file.source->path() << ":" << finding.start.line << ":" << finding.start.column << ": "
        << severityName(finding.severity) << ": " << oneLine(finding.message) << " [" << finding.rule->name << "]\n";
  }
}

void GccReporter::write(const LintReport& report, std::ostream& out) {
  for (const FileReport& file : report.files) writeFile(file, out);
  for (const Error& error : report.errors) {
    out << (error.location.empty() ? std::string("sluice") : error.location) << ": error: " << oneLine(error.message)
        << "\n";
  }
}

}  // namespace sluice
