#include "cli/status_metrics.hpp"

#include <chrono>

#include "snapshot/storage.hpp"

namespace sluice::cli {

PrometheusText statusMetrics(const StatusReport& report, const std::filesystem::path& snapshotDir) {
  PrometheusText metrics;
  metrics.gauge("sluice_status_up", "1 when the database was reached and its history read, else 0",
                report.outcome == CheckOutcome::Checked ? 1 : 0);
  if (report.outcome == CheckOutcome::Checked) {
    metrics.gauge("sluice_status_healthy", "1 when nothing is pending, edited or failed, else 0",
                  report.health == Health::Healthy ? 1 : 0);
    auto count = [&](std::string_view state, int value) {
      metrics.gauge("sluice_migrations", "Migrations by state, folder against history", value,
                    {{"state", std::string(state)}});
    };
    count("applied", report.applied);
    count("pending", report.pending);
    count("failed", report.failed);
    count("edited", report.edited);
    count("missing", report.missing);
  }
  metrics.gauge("sluice_status_connect_seconds", "Time to connect to the database", report.connectMs / 1000.0);
  std::error_code ec;
  if (!std::filesystem::is_directory(snapshotDir, ec)) {
    metrics.gauge("sluice_snapshots", "Snapshots in the snapshot folder", 0);
    return metrics;
  }
  auto snapshots = snapshot::listSnapshots(snapshotDir);
  if (!snapshots) return metrics;
  metrics.gauge("sluice_snapshots", "Snapshots in the snapshot folder", static_cast<double>(snapshots->size()));
  if (!snapshots->empty()) {
    const snapshot::StoredSnapshot& newest = snapshots->back();
    double age = std::chrono::duration<double>(snapshot::Clock::now() - newest.createdAt).count();
    metrics.gauge("sluice_snapshot_newest_age_seconds", "Age of the newest snapshot", age);
    metrics.gauge("sluice_snapshot_newest_size_bytes", "Size on disk of the newest snapshot",
                  static_cast<double>(newest.bytesOnDisk));
  }
  return metrics;
}

}  // namespace sluice::cli
