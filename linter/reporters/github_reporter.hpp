#pragma once

#include <string>
#include <string_view>

#include "linter/reporters/reporter.hpp"

namespace sluice {

// GitHub Actions workflow commands: `::error file=...,line=...::message` per finding,
// which the runner turns into annotations on the pull request's diff.
class GithubReporter final : public Reporter {
 public:
  explicit GithubReporter(const ReportOptions& /*options*/) {}
  void write(const LintReport& report, std::ostream& out) override;
};

// GitHub's escaping of workflow command data: %, \r and \n.
std::string escapeCommandData(std::string_view text);
// Of property values (file=, title=...): additionally : and ,.
std::string escapeCommandProperty(std::string_view text);

}  // namespace sluice
