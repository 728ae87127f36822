#include "cli/deploy_outcome.hpp"

#include <algorithm>

#include "cli/metrics.hpp"

namespace sluice::cli {
namespace {

bool succeeded(RunOutcome outcome) { return outcome == RunOutcome::Applied || outcome == RunOutcome::UpToDate; }

std::string migrationOf(const RunReport& report) {
  std::string last;
  for (const MigrationReport& migration : report.migrations) {
    if (migration.status == MigrationOutcome::Failed || migration.status == MigrationOutcome::Partial) {
      return migration.id;
    }
    if (migration.status == MigrationOutcome::Applied) last = migration.id;
  }
  return last;
}

int applied(const RunReport& report) {
  return static_cast<int>(std::count_if(report.migrations.begin(), report.migrations.end(),
                                        [](const auto& m) { return m.status == MigrationOutcome::Applied; }));
}

void notifyAll(RunReport& report, const DeployOutcomeSinks& sinks) {
  if (sinks.notifier == nullptr || report.dryRun) return;
  notify::Event event;
  event.database = sinks.database;
  event.durationSeconds = report.durationMs / 1000.0;
  event.exitCode = static_cast<int>(report.exitCode);
  event.migration = migrationOf(report);
  if (report.snapshotTaken) event.snapshot = report.snapshotTaken->id;
  auto send = [&](const notify::Event& what) {
    for (std::string& warning : sinks.notifier->send(what)) report.warnings.push_back(std::move(warning));
  };
  if (sinks.snapshot != nullptr && sinks.snapshot->restored()) {
    const auto& restore = *sinks.snapshot->restored();
    notify::Event restoreEvent = event;
    restoreEvent.kind = restore.ok ? notify::EventKind::SnapshotRestored : notify::EventKind::RestoreFailed;
    restoreEvent.snapshot = restore.snapshotId;
    restoreEvent.durationSeconds = restore.seconds;
    restoreEvent.error = restore.error;
    restoreEvent.summary = restore.ok ? "deploy failed and restored snapshot " + restore.snapshotId
                                      : "deploy failed and could not restore snapshot " + restore.snapshotId;
    send(restoreEvent);
  }
  if (succeeded(report.outcome)) {
    event.kind = notify::EventKind::DeploySucceeded;
    int count = applied(report);
    event.summary = count == 0 ? "up to date, nothing to apply"
                               : "applied " + std::to_string(count) + (count == 1 ? " migration" : " migrations");
  } else {
    event.kind = notify::EventKind::DeployFailed;
    event.summary = "deploy " + std::string(spell(report.outcome));
    if (report.error) event.error = report.error->message;
  }
  send(event);
}

void writeMetrics(RunReport& report, const DeployOutcomeSinks& sinks) {
  if (!sinks.metricsFile) return;
  PrometheusText metrics;
  addRunMetrics(metrics, "deploy", static_cast<int>(report.exitCode), report.durationMs / 1000.0);
  const auto* restore =
      sinks.snapshot != nullptr && sinks.snapshot->restored() ? &*sinks.snapshot->restored() : nullptr;
  // A restored snapshot undid what the run applied: everything it planned is pending again.
  int appliedNow = restore != nullptr && restore->ok ? 0 : applied(report);
  int pending = report.dryRun ? static_cast<int>(report.migrations.size())
                              : static_cast<int>(report.migrations.size()) - appliedNow;
  metrics.gauge("sluice_deploy_migrations_applied", "Migrations the last deploy applied", appliedNow);
  metrics.gauge("sluice_deploy_migrations_pending", "Migrations still pending after the last deploy", pending);
  if (sinks.snapshot != nullptr && sinks.snapshot->takeSeconds()) {
    MetricLabels labels{{"command", "deploy"}};
    metrics.gauge("sluice_snapshot_duration_seconds", "How long the last snapshot took", *sinks.snapshot->takeSeconds(),
                  labels);
    metrics.gauge("sluice_snapshot_timestamp_seconds", "When the last snapshot was taken (Unix time)", unixNow(),
                  labels);
  }
  if (restore != nullptr) {
    MetricLabels labels{{"command", "deploy"}};
    metrics.gauge("sluice_restore_duration_seconds", "How long the last restore took", restore->seconds, labels);
    metrics.gauge("sluice_restore_success", "1 when the last restore succeeded, else 0", restore->ok ? 1 : 0, labels);
  }
  if (auto written = writeMetricsFile(*sinks.metricsFile, metrics); !written) {
    report.warnings.push_back("metrics file not written: " + written.error().message);
  }
}

}  // namespace

void reportDeployOutcome(RunReport& report, const DeployOutcomeSinks& sinks) {
  notifyAll(report, sinks);
  writeMetrics(report, sinks);
}

}  // namespace sluice::cli
