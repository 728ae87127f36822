#pragma once

#include "linter/reporters/reporter.hpp"

namespace sluice {

// One line per finding, `file:line:column: severity: message [rule]`, the format
// compilers print and editors (Vim's quickfix, Emacs' compilation mode, VS Code problem
// matchers) jump from. Lines and columns are 1-based, like every other format.
class GccReporter final : public Reporter {
 public:
  explicit GccReporter(const ReportOptions& /*options*/) {}
  void write(const LintReport& report, std::ostream& out) override;
  [[nodiscard]] bool streams() const override { return true; }
  void writeFile(const FileReport& file, std::ostream& out) override;
};

}  // namespace sluice
