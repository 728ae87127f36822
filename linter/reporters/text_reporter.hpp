#pragma once

#include "linter/reporters/reporter.hpp"

namespace sluice {

// rustc-style code frames: the rule, the message, the file position, the source lines
// with the span underlined, the safe alternative; then a summary line. Written a file at
// a time as lint finishes them: the first findings show while later sets are linted, and
// a file's text is let go once its frames are written.
class TextReporter final : public Reporter {
 public:
  explicit TextReporter(const ReportOptions& options) : style_(options.color) {}
  void write(const LintReport& report, std::ostream& out) override;
  [[nodiscard]] bool showsFixes() const override { return true; }
  [[nodiscard]] bool streams() const override { return true; }
  void writeFile(const FileReport& file, std::ostream& out) override;

 private:
  void writeFinding(const Finding& finding, const SourceFile& source, std::ostream& out) const;
  Style style_;
  std::size_t filesWritten_ = 0;  // for the summary: a streamed report holds no files
};

}  // namespace sluice
