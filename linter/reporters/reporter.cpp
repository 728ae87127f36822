#include "linter/reporters/reporter.hpp"

#include "linter/reporters/gcc_reporter.hpp"
#include "linter/reporters/github_reporter.hpp"
#include "linter/reporters/json_reporter.hpp"
#include "linter/reporters/junit_reporter.hpp"
#include "linter/reporters/markdown_reporter.hpp"
#include "linter/reporters/sarif_reporter.hpp"
#include "linter/reporters/text_reporter.hpp"

namespace sluice {

std::unique_ptr<Reporter> makeReporter(std::string_view format, const ReportOptions& options) {
  if (format == "text") return std::make_unique<TextReporter>(options);
  if (format == "json") return std::make_unique<JsonReporter>(options);
  if (format == "sarif") return std::make_unique<SarifReporter>(options);
  if (format == "github") return std::make_unique<GithubReporter>(options);
  if (format == "gcc") return std::make_unique<GccReporter>(options);
  if (format == "junit") return std::make_unique<JunitReporter>(options);
  if (format == "markdown") return std::make_unique<MarkdownReporter>(options);
  return nullptr;
}

std::vector<std::string> reporterNames() { return {"text", "json", "sarif", "github", "gcc", "junit", "markdown"}; }

std::string summaryLine(const LintReport& report) { return summaryLine(report, report.files.size()); }

std::string summaryLine(const LintReport& report, std::size_t files) {
  auto plural = [](std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); };
  std::string line = plural(report.errorCount, "error") + ", " + plural(report.warningCount, "warning") + " in " +
                     plural(files, "file");
  if (!report.errors.empty()) line += "; " + plural(report.errors.size(), "input") + " could not be read";
  return line;
}

}  // namespace sluice
