#include "linter/reporters/text_reporter.hpp"

#include <algorithm>
#include <cstdint>

namespace sluice {
namespace {

// Tabs would misalign the underline; they are shown as four spaces.
std::string expandTabs(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '\t') {
      out += "    ";
    } else {
      out += c;
    }
  }
  return out;
}

std::uint32_t displayWidth(std::string_view text) {
  std::uint32_t width = 0;
  for (char c : text) {
    if (c == '\t') {
      width += 4;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++width;
    }
  }
  return width;
}

std::string_view prefixChars(std::string_view line, std::uint32_t characters) {
  std::size_t i = 0;
  std::uint32_t seen = 0;
  while (i < line.size() && seen < characters) {
    ++i;
    while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    ++seen;
  }
  return line.substr(0, i);
}

constexpr std::uint32_t kMaxFrameLines = 6;

}  // namespace

void TextReporter::writeFinding(const Finding& finding, const SourceFile& source, std::ostream& out) const {
  bool error = finding.severity == Severity::Error;
  std::string label = error ? style_.red("error") : style_.yellow("warning");
  out << label
      << style_.bold("[" + std::string(finding.rule->name) + " " + std::string(finding.rule->code) +
                     "]: " + finding.message)
      << "\n";
  std::string gutter(std::to_string(finding.end.line).size(), ' ');
  out << gutter << style_.blue("--> ") << source.path() << ":" << finding.start.line << ":" << finding.start.column
      << "\n";
  out << gutter << style_.blue(" |") << "\n";
  const LineIndex& lines = source.lines();
  std::uint32_t last = std::max(finding.start.line, finding.end.line);
  // An end at column 1 means the span stopped at the end of the previous line.
  if (last > finding.start.line && finding.end.column == 1) --last;
  std::uint32_t shown = 0;
  for (std::uint32_t line = finding.start.line; line <= last; ++line) {
    // Long spans show their first lines, an ellipsis and the last line.
    if (shown == kMaxFrameLines - 1 && line < last) {
      out << gutter << style_.blue(" |") << " ...\n";
      line = last;
    }
    std::string_view text = lines.lineText(line);
    std::string number = std::to_string(line);
    out << style_.blue(std::string(gutter.size() - number.size(), ' ') + number + " |") << " " << expandTabs(text)
        << "\n";
    // Continuation lines are underlined from their first non-blank character.
    std::uint32_t indent = 0;
    while (indent < text.size() && (text[indent] == ' ' || text[indent] == '\t')) ++indent;
    std::uint32_t fromChar = line == finding.start.line ? finding.start.column - 1 : indent;
    std::uint32_t toChar = line == finding.end.line ? finding.end.column - 1 : UINT32_MAX;
    std::uint32_t padding = displayWidth(prefixChars(text, fromChar));
    std::uint32_t until = displayWidth(prefixChars(text, toChar));
    std::string marks(std::max<std::uint32_t>(until > padding ? until - padding : 0, 1), '^');
    out << gutter << style_.blue(" |") << " " << std::string(padding, ' ')
        << (error ? style_.red(marks) : style_.yellow(marks)) << "\n";
    ++shown;
  }
  for (const std::string& note : finding.notes)
    out << gutter << style_.blue(" = ") << style_.bold("note") << ": " << note << "\n";
  if (!finding.helpText().empty())
    out << gutter << style_.blue(" = ") << style_.bold("help") << ": " << finding.helpText() << "\n";
  if (finding.fix) {
    out << gutter << style_.blue(" = ") << style_.bold("fix") << ": `sluice fix --rule " << finding.rule->name
        << "` can " << finding.fix->description << "\n";
  }
  out << "\n";
}

void TextReporter::writeFile(const FileReport& file, std::ostream& out) {
  for (const Finding& finding : file.findings) writeFinding(finding, *file.source, out);
  ++filesWritten_;
}

void TextReporter::write(const LintReport& report, std::ostream& out) {
  for (const FileReport& file : report.files) writeFile(file, out);
  std::string summary = summaryLine(report, filesWritten_);
  if (report.failed()) {
    out << style_.red(summary) << "\n";
  } else if (report.warningCount > 0) {
    out << style_.yellow(summary) << "\n";
  } else {
    out << style_.green(summary) << "\n";
  }
}

}  // namespace sluice
