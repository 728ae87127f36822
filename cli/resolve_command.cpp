#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/error_output.hpp"
#include "cli/runner_options.hpp"
#include "common/version.hpp"
#include "runner/resolve.hpp"

namespace sluice::cli {
namespace {

struct ResolveFlags {
  RunnerFlags runner;
  std::string applied;
  std::string rolledBack;
  std::string lockWait;
  std::string auditLog;
};

ExitCode runResolve(const ResolveFlags& flags) {
  if (flags.applied.empty() == flags.rolledBack.empty()) {
    throw SluiceException(Error(ErrorCode::Usage, "give exactly one of --applied NAME and --rolled-back NAME"));
  }
  SettingFlags settingFlags;
  settingFlags.add("deploy.lock_wait", flags.lockWait, "--lock-wait");
  settingFlags.add("deploy.audit_log", flags.auditLog, "--audit-log");
  config::Settings configured = orThrow(loadRunnerSettings(flags.runner, settingFlags));
  if (flags.runner.printConfig) return printSettings(configured, false);
  ResolveOptions options;
  options.project = orThrow(projectOptions(configured));
  options.applied = !flags.applied.empty();
  options.name = options.applied ? flags.applied : flags.rolledBack;
  options.toolVersion = kVersion;
  options.lockWait = configured.deploy.lockWait.chrono();
  ConnectionSettings settings = orThrow(resolveDatabase(flags.runner, configured));
  Style errorStyle(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  RunReport report = resolveMigration(options, settings);
  appendToAuditLog(report, configured.deploy);
  if (report.error) {
    printError(*report.error, std::cerr, errorStyle);
    return report.exitCode;
  }
  const MigrationReport& migration = report.migrations.front();
  std::cout << migration.id << " is now recorded as " << spell(migration.status) << " in " << report.historyTable
            << (migration.status == MigrationOutcome::RolledBack ? " (it runs again on the next deploy)" : "") << "\n";
  return ExitCode::Success;
}

}  // namespace

void addResolveCommand(CLI::App& app, Commands& commands) {
  auto flags = std::make_shared<ResolveFlags>();
  CLI::App* resolve =
      app.add_subcommand("resolve", "Mark a failed migration as applied or rolled back (after fixing it by hand).");
  resolve->footer(
      "A migration that failed outside a transaction stays recorded as failed and stops every deploy.\n"
      "Put the database right by hand, then tell sluice which way:\n"
      "  sluice resolve --applied NAME       its changes are complete (also: record a migration as applied\n"
      "                                      without running it, to baseline an existing database)\n"
      "  sluice resolve --rolled-back NAME   its changes are undone; it runs again on the next deploy");
  resolve->add_option("--applied", flags->applied, "Record NAME as applied");
  resolve->add_option("--rolled-back", flags->rolledBack, "Record failed NAME as rolled back");
  addFolderFlags(*resolve, flags->runner);
  addDatabaseFlags(*resolve, flags->runner);
  resolve->add_option("--lock-wait", flags->lockWait, "How long to wait for the migration lock (default 60s)");
  resolve->add_option("--audit-log", flags->auditLog, "Append one JSON line to this file");
  commands.push_back({resolve, [flags] { return runResolve(*flags); }});
}

}  // namespace sluice::cli
