#pragma once
// `sluice status --format prometheus`: the migration state and the newest snapshot as
// Prometheus gauges, for a cron job writing a textfile or a sidecar serving them.

#include <filesystem>

#include "cli/metrics.hpp"
#include "runner/status.hpp"

namespace sluice::cli {

// The snapshots are read from `snapshotDir` (a missing folder means none).
PrometheusText statusMetrics(const StatusReport& report, const std::filesystem::path& snapshotDir);

}  // namespace sluice::cli
