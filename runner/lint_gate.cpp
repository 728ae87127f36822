#include "runner/lint_gate.hpp"

#include <set>

#include "common/version.hpp"
#include "linter/layout.hpp"
#include "linter/reporters/reporter.hpp"

namespace sluice {

LintGate makeLintGate(LintGateSettings settings) {
  return [settings](const MigrationSet& set, const std::vector<std::string>& ids) {
    LintGateResult result;
    LintRequest request;
    request.paths = {set.root.string()};
    request.layout = settings.layout ? settings.layout : std::optional<LayoutKind>(set.layout);
    request.configFile = settings.configFile;
    // Everything before the first pending migration is history: replayed, not reported.
    std::string since;
    std::set<std::string> wanted(ids.begin(), ids.end());
    bool unversioned = false;
    for (const Migration& migration : set.migrations) {
      if (!wanted.contains(migration.id)) continue;
      if (migration.version.empty()) unversioned = true;
      if (since.empty() || versionLess(migration.version, since)) since = migration.version;
    }
    if (!since.empty() && !unversioned) request.since = since;
    auto report = lint(request, *settings.rules);
    if (!report) {
      result.error = report.takeError();
      return result;
    }
    LintReport judged;
    judged.failOn = report->failOn;
    for (FileReport& file : report->files) {
      if (!wanted.contains(file.migrationId)) continue;
      for (const Finding& finding : file.findings) {
        if (finding.severity == Severity::Error) ++judged.errorCount;
        if (finding.severity == Severity::Warning) ++judged.warningCount;
      }
      judged.files.push_back(std::move(file));
    }
    if (!report->errors.empty()) {
      result.error = report->errors.front();
      return result;
    }
    result.errors = judged.errorCount;
    result.warnings = judged.warningCount;
    result.blocked = judged.failed();
    if (settings.out != nullptr && (judged.errorCount > 0 || judged.warningCount > 0)) {
      ReportOptions options;
      options.color = settings.color;
      options.toolVersion = kVersion;
      options.rules = settings.rules;
      if (auto reporter = makeReporter(settings.format, options)) reporter->write(judged, *settings.out);
    }
    return result;
  };
}

}  // namespace sluice
