#include "linter/reporters/junit_reporter.hpp"

namespace sluice {
namespace {

bool fails(const Finding& finding, Severity failOn) {
  return finding.severity == Severity::Error || (failOn == Severity::Warning && finding.severity == Severity::Warning);
}

std::string describe(const std::string& path, const Finding& finding) {
  std::string text = path + ":" + std::to_string(finding.start.line) + ":" + std::to_string(finding.start.column) +
                     ": " + std::string(severityName(finding.severity)) + "[" + std::string(finding.rule->name) + " " +
                     std::string(finding.rule->code) + "]: " + finding.message + "\n";
  for (const std::string& note : finding.notes) text += "  note: " + note + "\n";
  if (!finding.helpText().empty()) text += "  help: " + std::string(finding.helpText()) + "\n";
  return text;
}

}  // namespace

std::string escapeXml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab and line ends are not allowed in XML 1.0.
        if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
        out += c;
    }
  }
  return out;
}

void JunitReporter::write(const LintReport& report, std::ostream& out) {
  std::size_t failures = 0;
  for (const FileReport& file : report.files) {
    for (const Finding& finding : file.findings) {
      if (fails(finding, report.failOn)) {
        ++failures;
        break;
      }
    }
  }
  std::size_t tests = report.files.size() + report.errors.size();
  std::string counts = "tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
                       "\" errors=\"" + std::to_string(report.errors.size()) + "\"";
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"sluice lint\" " << counts << ">\n";
  out << "  <testsuite name=\"sluice lint\" " << counts << " skipped=\"0\">\n";
  for (const FileReport& file : report.files) {
    const std::string& path = file.source->path();
    out << "    <testcase classname=\"sluice.lint\" name=\"" << escapeXml(path) << "\" file=\"" << escapeXml(path)
        << "\"";
    std::string failing;
    std::string other;
    std::size_t failingCount = 0;
    for (const Finding& finding : file.findings) {
      if (fails(finding, report.failOn)) {
        failing += describe(path, finding);
        ++failingCount;
      } else {
        other += describe(path, finding);
      }
    }
    if (failing.empty() && other.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (!failing.empty()) {
      std::string message = std::to_string(failingCount) + (failingCount == 1 ? " finding" : " findings") +
                            " at or above " + std::string(severityName(report.failOn));
      out << "      <failure message=\"" << escapeXml(message) << "\" type=\"sluice.lint\">" << escapeXml(failing)
          << "</failure>\n";
    }
    if (!other.empty()) out << "      <system-out>" << escapeXml(other) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  for (const Error& error : report.errors) {
    std::string name = error.location.empty() ? std::string("input") : error.location;
    out << "    <testcase classname=\"sluice.lint\" name=\"" << escapeXml(name) << "\">\n";
    out << "      <error message=\"" << escapeXml(error.message) << "\" type=\"sluice.input\">" << escapeXml(error.hint)
        << "</error>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace sluice
