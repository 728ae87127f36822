#include "runner/lint_gate.hpp"

#include <set>

#include "common/version.hpp"
#include "linter/history_edit.hpp"
#include "linter/layout.hpp"
#include "linter/reporters/reporter.hpp"

namespace sluice {

LintGate makeLintGate(LintGateSettings settings) {
  return [settings = std::move(settings)](const MigrationSet& set, const std::vector<std::string>& ids) {
    LintGateResult result;
    LintRequest request;
    request.paths = {set.root.string()};
    request.layout = settings.layout != nullptr ? settings.layout : set.format;
    request.configFile = settings.configFile;
    // Everything before the named migrations is history: replayed, not reported. The
    // files are named, not a --since version, so that the format's own order decides.
    std::set<std::string> wanted(ids.begin(), ids.end());
    std::set<std::filesystem::path> files;
    for (const Migration& migration : set.migrations) {
      if (!wanted.contains(migration.id)) continue;
      files.insert(normalPath(migration.forward));
      if (migration.rollback) files.insert(normalPath(*migration.rollback));
    }
    request.onlyFiles = std::move(files);
    auto report = lint(request, *settings.rules);
    if (!report) {
      result.error = report.takeError();
      return result;
    }
    // What the gated command runs decides: deploy runs forward parts, rollback runs
    // rollback parts. Findings in the other parts are shown, not counted.
    LintReport judged;
    judged.failOn = report->failOn;
    LintReport shown;
    shown.failOn = report->failOn;
    for (FileReport& file : report->files) {
      if (!wanted.contains(file.migrationId)) continue;
      bool gated = file.role == settings.role;
      for (const Finding& finding : file.findings) {
        if (finding.severity == Severity::Error) ++(gated ? judged.errorCount : result.otherErrors);
        if (finding.severity == Severity::Warning && gated) ++judged.warningCount;
        if (finding.severity == Severity::Error) ++shown.errorCount;
        if (finding.severity == Severity::Warning) ++shown.warningCount;
      }
      shown.files.push_back(std::move(file));
    }
    if (!report->errors.empty()) {
      result.error = report->errors.front();
      return result;
    }
    result.errors = judged.errorCount;
    result.warnings = judged.warningCount;
    result.blocked = judged.failed();
    if (settings.out != nullptr && (shown.errorCount > 0 || shown.warningCount > 0)) {
      ReportOptions options;
      options.color = settings.color;
      options.toolVersion = kVersion;
      options.rules = settings.rules;
      if (auto reporter = makeReporter(settings.format, options)) reporter->write(shown, *settings.out);
    }
    return result;
  };
}

}  // namespace sluice
