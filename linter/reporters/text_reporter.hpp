#pragma once

#include "linter/reporters/reporter.hpp"

namespace sluice {

// rustc-style code frames: the rule, the message, the file position, the source lines
// with the span underlined, the safe alternative; then a summary line.
class TextReporter final : public Reporter {
 public:
  explicit TextReporter(const ReportOptions& options) : style_(options.color) {}
  void write(const LintReport& report, std::ostream& out) override;
  [[nodiscard]] bool showsFixes() const override { return true; }

 private:
  void writeFinding(const Finding& finding, const SourceFile& source, std::ostream& out) const;
  Style style_;
};

}  // namespace sluice
