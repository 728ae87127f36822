#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/terminal.hpp"
#include "linter/engine.hpp"

namespace sluice {

struct ReportOptions {
  bool color = false;
  std::string toolVersion;
  const RuleList* rules = nullptr;  // every rule (SARIF lists them all)
  // Where relative paths in reports are rooted (SARIF makes absolute paths below it
  // relative); the current directory of the run.
  std::filesystem::path baseDir;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const LintReport& report, std::ostream& out) = 0;
  // Whether the report shows findings' fixes; when none does, lint does not build them.
  [[nodiscard]] virtual bool showsFixes() const { return false; }
  // A report that can be written a file at a time, as lint finishes them (lint's
  // FileReportSink): writeFile() for each file, then write() with the rest.
  [[nodiscard]] virtual bool streams() const { return false; }
  virtual void writeFile(const FileReport& /*file*/, std::ostream& /*out*/) {}
};

// "text", "json", ...; null for an unknown name.
std::unique_ptr<Reporter> makeReporter(std::string_view format, const ReportOptions& options);
std::vector<std::string> reporterNames();

// One line: "2 errors, 1 warning in 3 files".
std::string summaryLine(const LintReport& report);
// The same for a report whose files were written as lint finished them (the report holds
// none of them then): `files` is how many were.
std::string summaryLine(const LintReport& report, std::size_t files);

}  // namespace sluice
