#pragma once

#include <string>
#include <string_view>

#include "linter/reporters/reporter.hpp"

namespace sluice {

// JUnit XML, which CI systems (GitLab, Jenkins, Azure Pipelines, CircleCI) show as a test
// report: one test case per linted migration file, failing when the file has findings
// at or above the failure level; one test case with an <error> per input that could not
// be linted. Findings below the failure level are listed in the case's <system-out>.
class JunitReporter final : public Reporter {
 public:
  explicit JunitReporter(const ReportOptions& /*options*/) {}
  void write(const LintReport& report, std::ostream& out) override;
};

// Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry.
std::string escapeXml(std::string_view text);

}  // namespace sluice
