#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/error_output.hpp"
#include "cli/runner_options.hpp"
#include "runner/status.hpp"

namespace sluice::cli {
namespace {

struct StatusFlags {
  RunnerFlags runner;
  bool json = false;
};

ExitCode runStatus(const StatusFlags& flags) {
  Style errorStyle(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  config::Settings configured = orThrow(loadRunnerSettings(flags.runner));
  if (flags.runner.printConfig) return printSettings(configured, flags.json);
  ProjectOptions project = orThrow(projectOptions(configured));
  auto settings = resolveDatabase(flags.runner);
  StatusReport report;
  if (!settings) {
    report.error = settings.takeError();
    report.exitCode = exitCodeFor(report.error->code);
    report.dir = project.dir.lexically_normal().string();
  } else {
    report = migrationStatus(project, *settings);
  }
  if (flags.json) {
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
      "With --json it doubles as a health check: status is healthy (nothing pending or failed), degraded\n"
      "(pending or edited migrations) or unhealthy (unreachable, or a migration failed).\n"
      "Exit codes: 0 healthy or degraded, 2 usage/config/input error, 3 unreachable, 5 a migration is\n"
      "recorded as failed.");
  addFolderFlags(*status, flags->runner);
  addDatabaseFlags(*status, flags->runner);
  status->add_flag("--json", flags->json, "Machine-readable report with health, latency and counts");
  commands.push_back({status, [flags] { return runStatus(*flags); }});
}

}  // namespace sluice::cli
