#pragma once
// The end of a snapshot command (create, restore, prune): its notification and its
// metrics file, once the outcome is settled. Either failing is a warning on standard
// error; the command's exit code stays its own.

#include <chrono>
#include <string>
#include <string_view>

#include "cli/metrics.hpp"
#include "config/settings.hpp"
#include "notify/notifier.hpp"

namespace sluice::cli {

class SnapshotOutcome {
 public:
  // Reads [notify] (a missing signing secret is a Config error, thrown before any work).
  SnapshotOutcome(std::string_view command, const config::Settings& settings, std::string metricsFile);

  // The command's own figures beside the run metrics.
  PrometheusText& metrics() { return metrics_; }
  [[nodiscard]] double seconds() const;

  // Sends `event` (duration and exit code filled in) and writes the metrics file.
  void finish(notify::Event event, int exitCode);

 private:
  std::string command_;
  notify::Notifier notifier_;
  std::string metricsFile_;
  PrometheusText metrics_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace sluice::cli
