#pragma once
// Prometheus text exposition format (version 0.0.4), for node_exporter's textfile
// collector (`--metrics-file PATH` on deploy and the snapshot commands) and for
// `sluice status --format prometheus`. Every metric is a gauge named sluice_*; the
// names and what they mean are listed in docs/operations.md ("Metrics").

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace sluice::cli {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class PrometheusText {
 public:
  // Adds one sample; HELP and TYPE are written once per name, samples of a name together.
  void gauge(std::string_view name, std::string_view help, double value, const MetricLabels& labels = {});
  [[nodiscard]] std::string text() const;
  [[nodiscard]] bool empty() const { return families_.empty(); }

 private:
  struct Family {
    std::string name;
    std::string help;
    std::vector<std::string> samples;
  };
  std::vector<Family> families_;
};

// Writes the metrics atomically (a temporary name in the same folder, then a rename), so
// that the collector never reads half a file; the temporary name does not end in .prom.
Status writeMetricsFile(const std::filesystem::path& path, const PrometheusText& metrics);

// The gauges every command with --metrics-file writes: when it ran, whether it
// succeeded, its exit code and its duration, labelled with the command.
void addRunMetrics(PrometheusText& metrics, std::string_view command, int exitCode, double durationSeconds);

// Seconds since the epoch, now.
double unixNow();

}  // namespace sluice::cli
