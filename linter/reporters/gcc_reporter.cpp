#include "linter/reporters/gcc_reporter.hpp"

#include <ostream>
#include <string_view>

namespace sluice {
namespace {

// A message is one line: an editor reads each line as an entry. Written in runs between
// line breaks (a copy a character at a time was 1.6% of linting the corpus).
void writeOneLine(std::ostream& out, std::string_view text) {
  for (std::size_t cut = text.find_first_of("\r\n"); cut != std::string_view::npos; cut = text.find_first_of("\r\n")) {
    out << text.substr(0, cut) << ' ';
    text.remove_prefix(cut + 1);
  }
  out << text;
}

}  // namespace

void GccReporter::writeFile(const FileReport& file, std::ostream& out) {
  for (const Finding& finding : file.findings) {
    out << file.source->path() << ":" << finding.start.line << ":" << finding.start.column << ": "
        << severityName(finding.severity) << ": ";
    writeOneLine(out, finding.message);
    out << " [" << finding.rule->name << "]\n";
  }
}

void GccReporter::write(const LintReport& report, std::ostream& out) {
  for (const FileReport& file : report.files) writeFile(file, out);
  for (const Error& error : report.errors) {
    out << (error.location.empty() ? std::string("sluice") : error.location) << ": error: ";
    writeOneLine(out, error.message);
    out << "\n";
  }
}

}  // namespace sluice
