// `sluice pitr restore NAME`: the point-in-time recovery deploy prints after a failure in
// restore-point mode, carried out (runner/pitr_restore.hpp).

#include <iostream>

#include "cli/command.hpp"
#include "cli/runner_options.hpp"
#include "cli/settings.hpp"
#include "common/text.hpp"
#include "runner/pitr_restore.hpp"

namespace sluice::cli {
namespace {

struct PitrRestoreFlags {
  std::string point;
  std::string stanza;
  std::string dataDir;
  std::string pgCtl;
  std::string service;
  std::string runAs;
  std::string databaseUrl;
  std::string config;
  std::string recoveryTimeout = "5min";
};

ExitCode runPitrRestore(const PitrRestoreFlags& flags) {
  SettingFlags settingFlags;
  settingFlags.add("pitr.stanza", flags.stanza, "--stanza");
  config::Settings configured = orThrow(loadSettings(flags.config, settingFlags));
  PitrRestoreOptions options;
  options.pitr = pitrSettings(configured.pitr);
  if (options.pitr.stanza.empty()) {
    throw SluiceException(Error(ErrorCode::Usage, "no pgBackRest stanza to restore from",
                                "give --stanza NAME or set [pitr] stanza in .sluice.toml"));
  }
  options.pointName = flags.point;
  options.dataDir = flags.dataDir;
  if (!flags.pgCtl.empty()) options.pgCtl = flags.pgCtl;
  if (!flags.service.empty()) options.service = flags.service;
  if (!flags.runAs.empty()) options.runAs = flags.runAs;
  options.recoveryTimeout =
      std::chrono::seconds(orThrow(durationFlag(flags.recoveryTimeout, "--recovery-timeout")).secondsRoundedUp());
  RunnerFlags database;
  database.databaseUrl = flags.databaseUrl;
  ConnectionSettings verify = orThrow(resolveDatabase(database, configured));
  options.verify = &verify;
  auto result = pitrRestore(options, [](const std::string& step) { std::cout << step << "\n" << std::flush; });
  orThrow(result);
  std::cout << "recovered to restore point " << flags.point << " in " << humanDuration(result->seconds)
            << ": the server is a primary again, on timeline " << result->timeline << " (" << verify.describe() << ")\n"
            << "check the schema and `sluice status`, then let the application back in\n";
  return ExitCode::Success;
}

}  // namespace

void addPitrCommand(CLI::App& app, Commands& commands) {
  CLI::App* pitr = app.add_subcommand("pitr", "Point-in-time recovery to a restore point deploy created (pgBackRest).");
  pitr->require_subcommand(1);
  auto flags = std::make_shared<PitrRestoreFlags>();
  CLI::App* restore = pitr->add_subcommand(
      "restore",
      "Stop the server, restore it to the named restore point with pgBackRest (--delta), start it, wait until it "
      "is promoted and check it. Every write after the point is lost.");
  restore->footer(
      "Example:\n"
      "  sluice pitr restore sluice-20250131T120000Z --stanza main --data-dir /var/lib/postgresql/15/main \\\n"
      "      --service postgresql@15-main --database-url postgres://localhost/app\n"
      "Exit codes: 0 recovered and checked, 2 usage or configuration error, 5 a step failed (the message says\n"
      "which; the restore is --delta, so running the same command again is safe).");
  restore->add_option("NAME", flags->point, "The restore point (sluice-<deploy id>, printed by deploy)")->required();
  restore->add_option("--stanza", flags->stanza, "pgBackRest stanza (default: [pitr] stanza)");
  restore->add_option("--data-dir", flags->dataDir, "The cluster's data directory")->required();
  restore->add_option("--pg-ctl", flags->pgCtl,
                      "Stop and start the server with this pg_ctl (restarted with the options in postmaster.opts)");
  restore->add_option("--service", flags->service,
                      "Stop and start the server with systemctl (e.g. postgresql@15-main)");
  restore->add_option("--run-as", flags->runAs, "Run pg_ctl and pgbackrest as this user (the server's; needs root)");
  restore->add_option("--database-url", flags->databaseUrl,
                      "The recovered database, to check it (default: DATABASE_URL)");
  restore->add_option("--recovery-timeout", flags->recoveryTimeout,
                      "How long replay and promotion may take (default 5min)");
  restore->add_option("--config", flags->config, "Configuration file (default: .sluice.toml found upward)");
  commands.push_back({restore, [flags] { return runPitrRestore(*flags); }});
}

}  // namespace sluice::cli
