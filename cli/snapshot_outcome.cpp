#include "cli/snapshot_outcome.hpp"

#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/error_output.hpp"

namespace sluice::cli {

SnapshotOutcome::SnapshotOutcome(std::string_view command, const config::Settings& settings, std::string metricsFile)
    : command_(command),
      notifier_(orThrow(notify::Notifier::create(settings.notify, settings.baseDir))),
      metricsFile_(std::move(metricsFile)) {}

double SnapshotOutcome::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void SnapshotOutcome::finish(notify::Event event, int exitCode) {
  event.exitCode = exitCode;
  if (event.durationSeconds == 0) event.durationSeconds = seconds();
  std::vector<std::string> warnings = notifier_.send(std::move(event));
  if (!metricsFile_.empty()) {
    addRunMetrics(metrics_, "snapshot " + command_, exitCode, seconds());
    if (auto written = writeMetricsFile(metricsFile_, metrics_); !written) {
      warnings.push_back("metrics file not written: " + written.error().message);
    }
  }
  Style style(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  for (const std::string& warning : warnings) std::cerr << style.yellow("warning") << ": " << warning << "\n";
}

}  // namespace sluice::cli
