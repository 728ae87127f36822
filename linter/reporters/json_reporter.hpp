#pragma once

#include "linter/reporters/reporter.hpp"

namespace sluice {

// The stable machine format (docs/output-formats.md): {"diagnostics": [...], "summary": {...}}.
class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(const ReportOptions& options) : version_(options.toolVersion) {}
  void write(const LintReport& report, std::ostream& out) override;
  [[nodiscard]] bool showsFixes() const override { return true; }

 private:
  std::string version_;
};

}  // namespace sluice
