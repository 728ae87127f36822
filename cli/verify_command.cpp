#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/error_output.hpp"
#include "cli/runner_options.hpp"
#include "cli/text_progress.hpp"
#include "common/ephemeral_cluster.hpp"
#include "common/version.hpp"
#include "linter/reporters/reporter.hpp"
#include "rules/registry.hpp"
#include "runner/interrupt.hpp"
#include "verify/report.hpp"
#include "verify/verify.hpp"

namespace sluice::cli {
namespace {

struct VerifyFlags {
  RunnerFlags runner;
  std::string positionalDir;
  std::string scratchUrl;
  std::vector<std::string> only;
  std::string since;
  std::string seed;
  std::string seedAfter;
  std::string format = "text";
  bool quiet = false;
  bool allLocks = false;
};

ExitCode runVerify(VerifyFlags flags) {
  if (!flags.positionalDir.empty()) {
    if (!flags.runner.dir.empty() && flags.runner.dir != flags.positionalDir) {
      throw SluiceException(Error(ErrorCode::Usage, "give the migrations folder once: as DIR or as --dir"));
    }
    flags.runner.dir = flags.positionalDir;
  }
  SettingFlags settingFlags;
  settingFlags.add("verify.scratch_url", flags.scratchUrl, "--scratch-url");
  settingFlags.add("verify.seed", flags.seed, "--seed");
  settingFlags.add("verify.seed_after", flags.seedAfter, "--seed-after");
  config::Settings configured = orThrow(loadRunnerSettings(flags.runner, settingFlags));
  if (flags.runner.printConfig) return printSettings(configured, flags.format == "json");
  const config::VerifySection& verify = configured.verify;
  VerifyOptions options;
  options.project = orThrow(projectOptions(configured));
  options.only = flags.only;
  if (!flags.since.empty()) options.since = flags.since;
  options.seedFile = verify.seed;
  options.seedAfter = verify.seedAfter;
  if (options.seedAfter && !options.seedFile) {
    throw SluiceException(Error(ErrorCode::Usage, "--seed-after (seed_after) needs --seed FILE (seed)"));
  }
  options.rules = &rules::allRules();

  bool structured = flags.format != "text";
  Style errorStyle(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  std::optional<EphemeralCluster> cluster;
  ConnectionSettings scratch;
  if (verify.scratchUrl) {
    scratch = orThrow(ConnectionSettings::parse(verify.scratchUrl->reveal()));
  } else {
    cluster.emplace(orThrow(EphemeralCluster::start()));
    orThrow(cluster->createDatabase("sluice_verify"));
    scratch = ConnectionSettings::fromString(cluster->conninfo("sluice_verify"));
    if (!structured && !flags.quiet) {
      std::cout << "throwaway PostgreSQL server on port " << cluster->port() << " (removed when sluice exits)\n";
      std::cout.flush();
    }
  }

  InterruptGuard interrupts;
  // Progress only above the text report: JSON, SARIF-like and gcc output stay clean.
  std::optional<VerifyProgress> progress;
  if (!structured && !flags.quiet) {
    progress.emplace(std::cout, canRedraw(STDOUT_FILENO), terminalColumns(STDOUT_FILENO));
    options.observer = &*progress;
  }
  VerifyReport report = verifyMigrations(options, scratch);
  if (progress) progress->done();
  if (flags.format == "json") {
    writeVerifyJson(report, std::cout, kVersion);
  } else if (flags.format == "text") {
    VerifyTextOptions text;
    text.color = colorEnabled(STDOUT_FILENO, ColorChoice::Auto);
    text.allLocks = flags.allLocks;
    text.summaryOnly = flags.quiet;
    writeVerifyText(report, std::cout, text);
  } else {
    ReportOptions reportOptions;
    reportOptions.toolVersion = kVersion;
    makeReporter(flags.format, reportOptions)->write(report.findings, std::cout);
  }
  std::cout.flush();
  if (report.error) printError(*report.error, std::cerr, errorStyle);
  return report.exitCode;
}

}  // namespace

void addVerifyCommand(CLI::App& app, Commands& commands) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* verify = app.add_subcommand(
      "verify", "Prove on a scratch database that every rollback undoes its migration; show each statement's locks.");
  verify->footer(
      "Every migration applies in order on a scratch database (a throwaway local PostgreSQL unless\n"
      "--scratch-url names an empty database). For each one with a rollback: the schema is dumped, the\n"
      "migration applies, the rollback applies, the schema is compared with the dump, and the migration\n"
      "applies again; then the database is put back in its state after the migration (a rolled-back\n"
      "transaction, or a copy of the database when a file cannot run in one), so that the migrations after\n"
      "a bad rollback are still checked. Differences are findings on the rollback file. While each\n"
      "migration applies, the table locks of every statement (pg_locks of its own session) and table\n"
      "rewrites are recorded and compared with the linter's verdicts.\n"
      "Examples:\n"
      "  sluice verify prisma/migrations                 every rollback (down.sql) of a Prisma project\n"
      "  sluice verify migrations --only 20240301120000_add_orders\n"
      "  sluice verify --since 20240301 --format json    rollbacks of migrations from March 2024 on\n"
      "  sluice verify --seed seed.sql --seed-after 20240101000000_init\n"
      "                                                  also check that rows survive each round trip\n"
      "  sluice verify --scratch-url postgres://localhost/scratch --all-locks\n"
      "Exit codes: 0 every checked rollback undoes its migration, 1 findings (a rollback leaves the schema\n"
      "different, fails, loses data, or a migration does not apply), 2 usage/config/input error (also: the\n"
      "scratch database is not empty), 3 the scratch database is unreachable, 4 interrupted.");
  verify->add_option("DIR", flags->positionalDir, "Migrations folder (same as --dir)");
  addFolderFlags(*verify, flags->runner);
  verify->add_option("--scratch-url", flags->scratchUrl,
                     "An empty database to verify in (default: a throwaway local PostgreSQL server); the role "
                     "needs CREATEDB to copy it around rollbacks that cannot run in a transaction");
  verify->add_option("--only", flags->only,
                     "Check only the rollback of this migration (id, name or version); repeatable");
  verify->add_option("--since", flags->since, "Check only rollbacks of migrations from this version on");
  verify->add_option("--seed", flags->seed, "SQL file that fills tables, run once after --seed-after");
  verify->add_option("--seed-after", flags->seedAfter, "The migration after which the seed runs");
  verify->add_flag("--all-locks", flags->allLocks,
                   "Show every lock (default: locks stronger than ROW EXCLUSIVE on existing tables, and rewrites)");
  verify->add_option("--format", flags->format, "Report format (github and gcc print only the findings)")
      ->check(CLI::IsMember({"text", "json", "github", "gcc"}));
  addQuietFlag(*verify, flags->quiet);
  commands.push_back({verify, [flags] { return runVerify(*flags); }});
}

}  // namespace sluice::cli
