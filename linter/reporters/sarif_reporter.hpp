#pragma once

#include "linter/reporters/reporter.hpp"

namespace sluice {

// SARIF 2.1.0 (OASIS), the format GitHub code scanning ingests
// (github/codeql-action/upload-sarif). One run; tool.driver lists every rule with its
// documentation link so that an alert explains itself; results point at 1-based regions
// of files named relative to the directory sluice ran in.
class SarifReporter final : public Reporter {
 public:
  explicit SarifReporter(const ReportOptions& options) : options_(options) {}
  void write(const LintReport& report, std::ostream& out) override;
  [[nodiscard]] bool showsFixes() const override { return true; }

 private:
  ReportOptions options_;
};

// A file path as a SARIF artifact URI: relative to `baseDir` when it lies below it,
// percent-encoded (spaces and other reserved characters), `/`-separated.
std::string sarifArtifactUri(const std::string& path, const std::filesystem::path& baseDir);

}  // namespace sluice
