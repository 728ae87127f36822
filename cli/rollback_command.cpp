#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/error_output.hpp"
#include "cli/runner_options.hpp"
#include "common/version.hpp"
#include "runner/interrupt.hpp"
#include "runner/rollback.hpp"

namespace sluice::cli {
namespace {

struct RollbackFlags {
  RunnerFlags runner;
  int steps = 0;
  std::string to;
  bool dryRun = false;
  std::string lockTimeout;
  std::string statementTimeout;
  std::string lockWait;
  std::string format = "text";
  std::string auditLog;
};

ExitCode runRollback(const RollbackFlags& flags) {
  if ((flags.steps > 0) == !flags.to.empty()) {
    throw SluiceException(Error(ErrorCode::Usage, "give exactly one of --steps N and --to NAME",
                                "--steps 1 undoes the newest applied migration; --to NAME undoes everything after "
                                "NAME"));
  }
  SettingFlags settingFlags;
  settingFlags.add("deploy.lock_timeout", flags.lockTimeout, "--lock-timeout");
  settingFlags.add("deploy.statement_timeout", flags.statementTimeout, "--statement-timeout");
  settingFlags.add("deploy.lock_wait", flags.lockWait, "--lock-wait");
  settingFlags.add("deploy.audit_log", flags.auditLog, "--audit-log");
  bool json = flags.format == "json";
  config::Settings configured = orThrow(loadRunnerSettings(flags.runner, settingFlags));
  if (flags.runner.printConfig) return printSettings(configured, json);
  RollbackOptions options;
  options.project = orThrow(projectOptions(configured));
  if (flags.steps > 0) options.steps = flags.steps;
  if (!flags.to.empty()) options.to = flags.to;
  options.dryRun = flags.dryRun;
  options.toolVersion = kVersion;
  options.execution = executionSettings(configured.deploy);
  options.lockWait = configured.deploy.lockWait.chrono();
  ConnectionSettings settings = orThrow(resolveDatabase(flags.runner, configured));
  Style style(!json && colorEnabled(STDOUT_FILENO, ColorChoice::Auto));
  InterruptGuard interrupts;
  TextProgress text(std::cout, style);
  RunObserver quiet;
  RunReport report = rollbackMigrations(options, settings, json ? static_cast<RunObserver&>(quiet) : text);
  return finishRun(report, configured.deploy, json, style);
}

}  // namespace

void addRollbackCommand(CLI::App& app, Commands& commands) {
  auto flags = std::make_shared<RollbackFlags>();
  CLI::App* rollback = app.add_subcommand("rollback", "Run the rollback files of the newest applied migrations.");
  rollback->footer(
      "Each rollback file runs in a transaction with its history change, newest migration first. Every\n"
      "rollback file is checked before the first runs: a missing or empty one refuses the whole command.\n"
      "Exit codes as for deploy: 0 done, 2 refused, 3 unreachable or lock not obtained, 4 failed and\n"
      "nothing changed, 5 failed after part of it was done.");
  rollback->add_option("--steps", flags->steps, "Roll back the newest N applied migrations")
      ->check(CLI::PositiveNumber);
  rollback->add_option("--to", flags->to, "Roll back every migration applied after NAME (NAME stays applied)");
  addFolderFlags(*rollback, flags->runner);
  addDatabaseFlags(*rollback, flags->runner);
  rollback->add_flag("--dry-run", flags->dryRun, "Print what would be rolled back");
  rollback->add_option("--lock-timeout", flags->lockTimeout, "lock_timeout per rollback file");
  rollback->add_option("--statement-timeout", flags->statementTimeout, "statement_timeout per rollback file");
  rollback->add_option("--lock-wait", flags->lockWait, "How long to wait for the migration lock (default 60s)");
  rollback->add_option("--format", flags->format, "Report format")->check(CLI::IsMember({"text", "json"}));
  rollback->add_option("--audit-log", flags->auditLog, "Append one JSON line to this file");
  addRollbackGenerateCommand(*rollback, commands);
  commands.push_back({rollback, [flags] { return runRollback(*flags); }});
}

}  // namespace sluice::cli
