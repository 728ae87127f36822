#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/error_output.hpp"
#include "cli/runner_options.hpp"
#include "cli/status_metrics.hpp"
#include "runner/audit_log.hpp"
#include "runner/status.hpp"

namespace sluice::cli {
namespace {

struct StatusFlags {
  RunnerFlags runner;
  std::string format = "text";
  bool json = false;  // --json, the older spelling of --format json
};

ExitCode runStatus(const StatusFlags& flags) {
  Style errorStyle(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  config::Settings configured = orThrow(loadRunnerSettings(flags.runner));
  if (flags.runner.printConfig) return printSettings(configured, flags.json);
  ProjectOptions project = orThrow(projectOptions(configured));
  auto settings = resolveDatabase(flags.runner, configured);
  StatusReport report;
  if (!settings) {
    report.error = settings.takeError();
    report.exitCode = exitCodeFor(report.error->code);
    report.dir = project.dir.lexically_normal().string();
  } else {
    report = migrationStatus(project, *settings);
  }
  if (configured.deploy.auditLog) report.lastRestorePoint = lastRestorePoint(*configured.deploy.auditLog);
  if (flags.format == "prometheus") {
    std::cout << statusMetrics(report, configured.snapshot.dir).text();
  } else if (flags.json || flags.format == "json") {
    writeStatusJson(report, std::cout);
  } else if (report.reachable) {
    writeStatusText(report, std::cout, Style(colorEnabled(STDOUT_FILENO, ColorChoice::Auto)));
  }
  std::cout.flush();
  if (report.error) printError(*report.error, std::cerr, errorStyle);
  return report.exitCode;
}

}  // namespace

void addStatusCommand(CLI::App& app, Commands& commands) {
  auto flags = std::make_shared<StatusFlags>();
  CLI::App* status = app.add_subcommand("status", "Applied, pending, failed, edited and missing migrations.");
  status->footer(
      "With --format json it doubles as a health check: outcome is checked, unreachable or error; when\n"
      "checked, status is healthy (nothing pending or failed), degraded (pending or edited migrations) or\n"
      "unhealthy (a migration failed). An unreachable database gets no verdict, only the error.\n"
      "Exit codes: 0 healthy or degraded, 2 usage/config/input error, 3 unreachable, 5 a migration is\n"
      "recorded as failed. --format prometheus prints the counts and the newest snapshot's age and size as\n"
      "Prometheus gauges (docs/operations.md), with the same exit codes.");
  addFolderFlags(*status, flags->runner);
  addDatabaseFlags(*status, flags->runner);
  status
      ->add_option("--format", flags->format,
                   "Report format: text, json (health, latency and counts) or prometheus (the same and the newest "
                   "snapshot's age, as gauges)")
      ->check(CLI::IsMember({"text", "json", "prometheus"}));
  status->add_flag("--json", flags->json, "Same as --format json");
  commands.push_back({status, [flags] { return runStatus(*flags); }});
}

}  // namespace sluice::cli
