#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/deploy_outcome.hpp"
#include "cli/error_output.hpp"
#include "cli/runner_options.hpp"
#include "cli/settings.hpp"
#include "cli/text_progress.hpp"
#include "common/ephemeral_cluster.hpp"
#include "common/temp_dir.hpp"
#include "common/text.hpp"
#include "common/version.hpp"
#include "rules/registry.hpp"
#include "runner/deploy.hpp"
#include "runner/deploy_snapshot.hpp"
#include "runner/interrupt.hpp"
#include "runner/lint_gate.hpp"
#include "runner/safety_restore_point.hpp"
#include "snapshot/store.hpp"

namespace sluice::cli {
namespace {
namespace fs = std::filesystem;

struct DeployFlags {
  RunnerFlags runner;
  std::optional<std::string> ephemeral;  // set (possibly empty) when --ephemeral was given
  bool dryRun = false;
  std::string target;
  std::string txMode;
  std::string lockTimeout;
  std::string lockRetries;
  std::string lockRetryDelay;
  std::string statementTimeout;
  std::string lockWait;
  std::string reconnectWait;
  bool noLintGate = false;
  bool allowOutOfOrder = false;
  bool allowEdited = false;
  std::string format = "text";
  bool quiet = false;
  std::string auditLog;
  bool noSnapshot = false;
  std::string snapshotDir;
  std::string keyFile;
  std::string onFailure;
  std::string safety;
  std::string metricsFile;
};

SettingFlags settingFlags(const DeployFlags& flags) {
  SettingFlags out;
  out.add("deploy.tx_mode", flags.txMode, "--tx-mode");
  out.add("deploy.lock_timeout", flags.lockTimeout, "--lock-timeout");
  out.add("deploy.lock_retries", flags.lockRetries, "--lock-retries");
  out.add("deploy.lock_retry_delay", flags.lockRetryDelay, "--lock-retry-delay");
  out.add("deploy.statement_timeout", flags.statementTimeout, "--statement-timeout");
  out.add("deploy.lock_wait", flags.lockWait, "--lock-wait");
  out.add("deploy.reconnect_wait", flags.reconnectWait, "--reconnect-wait");
  out.addIf(flags.noLintGate, "deploy.lint_gate", "false", "--no-lint-gate");
  out.addIf(flags.allowOutOfOrder, "deploy.allow_out_of_order", "true", "--allow-out-of-order");
  out.add("deploy.audit_log", flags.auditLog, "--audit-log");
  out.addIf(flags.noSnapshot, "deploy.snapshot", "false", "--no-snapshot");
  out.add("deploy.on_failure", flags.onFailure, "--on-failure");
  out.add("deploy.safety", flags.safety, "--safety");
  out.add("snapshot.dir", flags.snapshotDir, "--snapshot-dir");
  out.add("snapshot.key_file", flags.keyFile, "--key-file");
  return out;
}

// Who turned the snapshot off, for the plan: the flag, or the file's line.
std::string snapshotOffReason(const config::Origin& origin) {
  if (origin.kind == config::Origin::Kind::Flag) return origin.name;
  return "snapshot = false in [deploy] (" + origin.describe() + ")";
}

ExitCode runDeploy(const DeployFlags& flags) {
  if (flags.ephemeral && !flags.runner.databaseUrl.empty()) {
    throw SluiceException(Error(ErrorCode::Usage, "--ephemeral and --database-url exclude each other",
                                "--ephemeral deploys into a throwaway local server; drop one of them"));
  }
  if (flags.ephemeral && !flags.ephemeral->empty()) {
    // `--ephemeral prisma/migrations` reads naturally but names a database; a folder
    // (or anything path-like) there is the migrations folder in the wrong place.
    std::error_code ec;
    const std::string& name = *flags.ephemeral;
    if (fs::is_directory(name, ec) || name.find('/') != std::string::npos) {
      throw SluiceException(
          Error(ErrorCode::Usage,
                "--ephemeral takes the name of a database to create, and `" + name + "` is " +
                    (fs::is_directory(name, ec) ? "a folder" : "a path"),
                "give the migrations folder with --dir: sluice deploy --ephemeral --dir " + shellWord(name)));
    }
  }
  bool json = flags.format == "json";
  config::Settings configured = orThrow(loadRunnerSettings(flags.runner, settingFlags(flags)));
  if (flags.runner.printConfig) return printSettings(configured, json);
  const config::DeploySection& deploySettings = configured.deploy;
  notify::Notifier notifier = orThrow(notify::Notifier::create(configured.notify, configured.baseDir));
  DeployOptions options;
  options.project = orThrow(projectOptions(configured));
  options.dryRun = flags.dryRun;
  if (!flags.target.empty()) options.target = flags.target;
  options.toolVersion = kVersion;
  options.txMode = deploySettings.txMode;
  options.execution = executionSettings(deploySettings);
  options.lockWait = deploySettings.lockWait.chrono();
  options.reconnectWait = deploySettings.reconnectWait.chrono();
  options.allowOutOfOrder = deploySettings.allowOutOfOrder;
  options.allowEdited = flags.allowEdited;
  options.onFailure = deploySettings.onFailure;

  Style style(!json && colorEnabled(STDOUT_FILENO, ColorChoice::Auto));
  Style errorStyle(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  if (deploySettings.lintGate) {
    LintGateSettings gate;
    gate.rules = &rules::allRules();
    if (!flags.runner.config.empty()) gate.configFile = flags.runner.config;
    gate.layout = options.project.layout;
    gate.out = json ? &std::cerr : &std::cout;
    gate.color = json ? errorStyle.enabled() : style.enabled();
    options.lintGate = makeLintGate(gate);
  }
  std::optional<EphemeralCluster> cluster;
  std::optional<TempDir> ephemeralSnapshots;
  ConnectionSettings settings;
  if (!flags.ephemeral) {
    auto resolved = resolveDatabase(flags.runner, configured);
    if (!resolved) {
      Error error = resolved.takeError();
      if (error.code == ErrorCode::Usage) error.hint += ", or deploy into a throwaway local server with --ephemeral";
      throw SluiceException(std::move(error));
    }
    settings = std::move(*resolved);
  }

  std::unique_ptr<SnapshotHook> snapshot;
  config::Safety safety = deploySettings.safety;
  PitrSettings pitr = pitrSettings(configured.pitr);
  if (safety == config::Safety::Auto) {
    SafetyChoice choice = flags.ephemeral ? SafetyChoice{config::Safety::Snapshot, "auto: a throwaway server"}
                                          : chooseSafety(settings, pitr, deploySettings.maxSnapshotSize);
    safety = choice.safety;
    if (!flags.quiet) {
      (json ? std::cerr : std::cout) << "safety net: " << config::spell(safety) << " (" << choice.reason << ")\n";
    }
  }
  if (safety == config::Safety::RestorePoint) {
    snapshot = makeRestorePointHook(pitr, flags.quiet ? nullptr : json ? &std::cerr : &std::cout);
  } else if (!deploySettings.snapshot) {
    snapshot = makeNoSnapshot(snapshotOffReason(deploySettings.snapshotOrigin));
  } else {
    const config::SnapshotSection& stored = configured.snapshot;
    snapshot::useS3Settings(stored.s3);
    DeploySnapshotSettings hook;
    hook.key = orThrow(snapshotKey(stored));
    hook.jobs = stored.jobs.value_or(0);
    hook.compressionLevel = stored.compressionLevel.value_or(0);
    hook.dir = stored.dir;
    hook.offsite = stored.offsite;
    if (flags.ephemeral && flags.snapshotDir.empty()) {
      // The database goes away with the throwaway server; so does its snapshot.
      ephemeralSnapshots.emplace(orThrow(TempDir::create("sluice-snapshots-")));
      hook.dir = ephemeralSnapshots->path();
      hook.dirNote = "temporary, removed with the throwaway server";
      hook.offsite.reset();
      hook.temporary = true;
    }
    std::vector<std::string> retry;
    // The connection string is never printed: the command names what to put there.
    if (!flags.runner.databaseUrl.empty()) {
      retry.push_back("--database-url " + shellWord("<the connection string for " + settings.describe() + ">"));
    }
    if (!flags.keyFile.empty()) retry.push_back("--key-file " + shellWord(fs::absolute(flags.keyFile).string()));
    if (!flags.runner.config.empty())
      retry.push_back("--config " + shellWord(fs::absolute(flags.runner.config).string()));
    hook.retryFlags = join(retry, " ");
    hook.warnings = &std::cerr;
    snapshot = std::make_unique<ObservedSnapshotHook>(makeDeploySnapshot(std::move(hook)));
  }
  options.snapshot = snapshot.get();

  if (flags.ephemeral) {
    cluster.emplace(orThrow(EphemeralCluster::start()));
    std::string database = flags.ephemeral->empty() ? std::string("postgres") : *flags.ephemeral;
    if (database != "postgres") orThrow(cluster->createDatabase(database));
    settings = ConnectionSettings::fromString(cluster->conninfo(database));
    if (!json && !flags.quiet) {
      std::cout << "throwaway PostgreSQL server on port " << cluster->port()
                << " (removed when sluice exits); database " << database << "\n";
    }
  }

  InterruptGuard interrupts;
  RunReport report = deploy(options, settings, *runObserver(json || flags.quiet, style));
  DeployOutcomeSinks sinks;
  sinks.notifier = &notifier;
  sinks.snapshot = dynamic_cast<const ObservedSnapshotHook*>(snapshot.get());
  sinks.database = settings.database();
  if (!flags.metricsFile.empty()) sinks.metricsFile = flags.metricsFile;
  reportDeployOutcome(report, sinks);

  return finishRun(report, deploySettings, json, style);
}

}  // namespace

void addDeployCommand(CLI::App& app, Commands& commands) {
  auto flags = std::make_shared<DeployFlags>();
  CLI::App* deploy = app.add_subcommand(
      "deploy", "Apply pending migrations: lint gate, lock, snapshot, apply, record, restore on failure, report.");
  deploy->footer(
      "Examples:\n"
      "  sluice deploy                                   DATABASE_URL from the environment\n"
      "  sluice deploy --dry-run                         print the plan, change nothing\n"
      "  sluice deploy --ephemeral                       try it on a throwaway local PostgreSQL\n"
      "  sluice deploy --lock-timeout 5s --format json --audit-log deploy.log\n"
      "  sluice deploy --snapshot-dir /var/lib/sluice/snapshots --on-failure rollback\n"
      "Exit codes: 0 applied (or nothing to do), 1 the lint gate stopped it, 2 usage/config/input error,\n"
      "3 database unreachable or lock not obtained, 4 a migration failed and the database is as before,\n"
      "5 a migration failed and the database is not as before: the message says its state and what to run\n"
      "(with --safety restore-point: the exact point-in-time recovery). Exit 3 also when the restore point's\n"
      "checks fail (WAL archive, pgBackRest backup): nothing was changed.");
  addFolderFlags(*deploy, flags->runner);
  addDatabaseFlags(*deploy, flags->runner);
  deploy
      ->add_option_function<std::string>(
          "--ephemeral", [flags](const std::string& name) { flags->ephemeral = name; },
          "Deploy into a throwaway local PostgreSQL (database postgres, or the one named: a name, not a "
          "folder; the migrations folder is --dir), removed afterwards")
      ->expected(0, 1);
  deploy->add_flag("--dry-run", flags->dryRun, "Print the plan (and lint) without changing anything");
  deploy->add_option("--target", flags->target, "Stop after this migration (folder/file name, version or name)");
  deploy
      ->add_option("--tx-mode", flags->txMode,
                   "per-migration (default; Drizzle projects: all, as Drizzle runs them) or all (one transaction for "
                   "everything)")
      ->check(CLI::IsMember({"per-migration", "all"}));
  deploy->add_option("--lock-timeout", flags->lockTimeout,
                     "lock_timeout of each statement, e.g. 2s; 0s waits without limit (default 5s)");
  deploy->add_option("--lock-retries", flags->lockRetries,
                     "Retries after a lock timeout, backing off; 0 fails at once (default 5)");
  deploy->add_option("--lock-retry-delay", flags->lockRetryDelay,
                     "Delay before the first lock retry, doubling each time with jitter, at most 1min (default 1s)");
  deploy->add_option("--statement-timeout", flags->statementTimeout, "statement_timeout per migration, e.g. 10min");
  deploy->add_option("--lock-wait", flags->lockWait, "How long to wait for the migration lock (default 60s)");
  deploy->add_option("--reconnect-wait", flags->reconnectWait,
                     "After a lost connection, how long to try to reconnect to learn what was committed and carry out "
                     "--on-failure (default 30s)");
  deploy->add_flag("--no-lint-gate", flags->noLintGate, "Do not lint the pending migrations first");
  deploy->add_flag("--allow-out-of-order", flags->allowOutOfOrder,
                   "Apply pending migrations that sort before applied ones");
  deploy->add_flag("--allow-edited", flags->allowEdited, "Deploy although applied migrations were edited");
  deploy->add_option("--format", flags->format, "Report format")->check(CLI::IsMember({"text", "json"}));
  addQuietFlag(*deploy, flags->quiet);
  deploy->add_option("--audit-log", flags->auditLog, "Append one JSON line per deploy to this file");
  deploy->add_option("--metrics-file", flags->metricsFile,
                     "Write Prometheus metrics of this run to this file, atomically (node_exporter's textfile "
                     "collector reads *.prom)");
  deploy->add_flag("--no-snapshot", flags->noSnapshot,
                   "Do not snapshot the database before migrating (also [deploy] snapshot = false)");
  deploy->add_option("--snapshot-dir", flags->snapshotDir,
                     "Where the snapshot goes (default: [snapshot] dir in .sluice.toml, else .sluice/snapshots; "
                     "with --ephemeral a temporary directory)");
  deploy->add_option("--key-file", flags->keyFile,
                     "File holding the snapshot key (default: SLUICE_SNAPSHOT_KEY, else [snapshot] key_file)");
  deploy
      ->add_option("--on-failure", flags->onFailure,
                   "When a migration fails after others committed: restore (the snapshot; default), rollback (run "
                   "this deploy's rollback files, newest first; the snapshot if one fails) or keep")
      ->check(CLI::IsMember({"restore", "rollback", "keep"}));
  deploy
      ->add_option("--safety", flags->safety,
                   "The safety net before migrating: snapshot (a logical snapshot; default), restore-point (a named "
                   "point in the pgBackRest WAL archive, see docs/pitr.md) or auto (restore-point above [deploy] "
                   "max_snapshot_size when the archive is healthy)")
      ->check(CLI::IsMember({"snapshot", "restore-point", "auto"}));
  commands.push_back({deploy, [flags] { return runDeploy(*flags); }});
}

}  // namespace sluice::cli
