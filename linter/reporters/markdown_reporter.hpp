#pragma once

#include <string>
#include <string_view>

#include "linter/reporters/reporter.hpp"

namespace sluice {

// GitHub-flavoured Markdown: a heading with the summary and a table of findings whose
// rule names link to the rule's documentation. Made for job summaries
// ($GITHUB_STEP_SUMMARY) and pull-request comments.
class MarkdownReporter final : public Reporter {
 public:
  explicit MarkdownReporter(const ReportOptions& /*options*/) {}
  void write(const LintReport& report, std::ostream& out) override;
};

// Text safe inside a Markdown table cell: pipes, HTML and line breaks escaped.
std::string escapeMarkdownCell(std::string_view text);

}  // namespace sluice
