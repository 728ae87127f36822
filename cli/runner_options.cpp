#include "cli/runner_options.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/error_output.hpp"
#include "common/text.hpp"
#include "linter/layout.hpp"
#include "runner/audit_log.hpp"
#include "runner/report.hpp"

namespace sluice::cli {
namespace fs = std::filesystem;

void addFolderFlags(CLI::App& command, RunnerFlags& flags) {
  command.add_option("--dir", flags.dir,
                     "Migrations folder (default: [migrations] dir in .sluice.toml, else migrations.path in Prisma "
                     "7's prisma.config.ts, else prisma/migrations, migrations or db/migrations; --print-config says "
                     "which)");
  command.add_option("--layout", flags.layout, "Override layout detection")->check(CLI::IsMember(formatNameList()));
  command.add_option("--config", flags.config, "Configuration file (default: .sluice.toml found upward)");
  addPrintConfigFlag(command, flags.printConfig);
}

void addDatabaseFlags(CLI::App& command, RunnerFlags& flags) {
  command.add_option("--database-url", flags.databaseUrl,
                     "PostgreSQL URL or keyword string (default: the variable of [migrations] database_url_env or of "
                     "prisma.config.ts's datasource.url = env(\"NAME\"), else DATABASE_URL, else "
                     "DATABASE_HOST/PORT/NAME/USER/PASSWORD)");
  command.add_option("--history-schema", flags.historySchema,
                     "Schema of the history table (default: [migrations] history_schema, else the tool's: public, "
                     "drizzle for Drizzle, sqitch for sqitch; Prisma: the URL's ?schema=)");
}

Expected<config::Settings> loadRunnerSettings(const RunnerFlags& flags, SettingFlags commandFlags) {
  commandFlags.add("migrations.dir", flags.dir, "--dir");
  commandFlags.add("migrations.layout", flags.layout, "--layout");
  commandFlags.add("migrations.history_schema", flags.historySchema, "--history-schema");
  auto settings = loadSettings(flags.config, commandFlags);
  if (settings && !flags.printConfig) printWarnings(settings->warnings);
  return settings;
}

Expected<ProjectOptions> projectOptions(const config::Settings& settings) {
  ProjectOptions project;
  auto dir = migrationsDir(settings);
  if (!dir) return dir.takeError();
  project.dir = *dir;
  if (settings.migrations.layout) {
    const std::string& layout = *settings.migrations.layout;
    project.layout = findFormat(layout);
    if (project.layout == nullptr || layout == "file") {
      return Error(ErrorCode::Config, "unknown layout `" + layout + "`", "one of " + formatNames() + " but file");
    }
  }
  project.historySchema = settings.migrations.historySchema;
  project.historyTable = settings.migrations.historyTable;
  return project;
}

Expected<ConnectionSettings> resolveDatabase(const RunnerFlags& flags, const config::Settings& settings) {
  if (!flags.databaseUrl.empty()) return ConnectionSettings::resolve(flags.databaseUrl);
  const config::MigrationsSection& migrations = settings.migrations;
  if (migrations.databaseUrlProblem) return *migrations.databaseUrlProblem;
  if (migrations.databaseUrlEnv && *migrations.databaseUrlEnv != "DATABASE_URL") {
    const std::string& variable = *migrations.databaseUrlEnv;
    const char* url = std::getenv(variable.c_str());
    std::string where = settings.where("migrations.database_url_env");
    if (url == nullptr || *url == '\0') {
      return Error(ErrorCode::Usage, "no database given: " + variable + " is not set",
                   "set " + variable + " (named by " + where + ") or pass --database-url");
    }
    auto parsed = ConnectionSettings::resolve(std::string(url));
    if (!parsed) {
      Error error = parsed.takeError();
      error.message = variable + ": " + error.message;
      return error;
    }
    return parsed;
  }
  return ConnectionSettings::resolve(std::nullopt);
}

PitrSettings pitrSettings(const config::PitrSection& pitr) {
  PitrSettings settings;
  settings.stanza = pitr.stanza.value_or("");
  settings.maxBackupAge = std::chrono::duration_cast<std::chrono::seconds>(pitr.maxBackupAge.chrono());
  settings.archiveTimeout = pitr.archiveTimeout.chrono();
  return settings;
}

ExecutionSettings executionSettings(const config::DeploySection& deploy) {
  ExecutionSettings execution;
  execution.lockTimeout = deploy.lockTimeout;
  execution.statementTimeout = deploy.statementTimeout;
  execution.lockRetry.retries = deploy.lockRetries;
  execution.lockRetry.firstDelay = deploy.lockRetryDelay;
  return execution;
}

void TextProgress::planned(const RunReport& report) {
  std::string verb = report.command == "rollback" ? "roll back" : "apply";
  out_ << style_.bold("sluice " + report.command) << ": " << report.dir << " (" << report.layout << ") on "
       << report.database << " (PostgreSQL " << report.serverVersion << ")\n";
  out_ << "  history " << report.historyTable << ", lock " << report.lockKey;
  if (report.command == "deploy") out_ << ", " << report.txMode << " transactions";
  if (report.lockTimeout) out_ << ", lock_timeout " << report.lockTimeout->milliseconds() << " ms";
  if (report.statementTimeout) out_ << ", statement_timeout " << report.statementTimeout->milliseconds() << " ms";
  out_ << "\n";
  if (report.command == "deploy") out_ << "  snapshot: " << report.snapshot << "\n";
  if (report.migrations.empty()) return;
  out_ << "  " << report.migrations.size() << " to " << verb << (report.dryRun ? " (dry run)" : "") << ":\n";
  std::size_t width = 0;
  for (const MigrationReport& migration : report.migrations) width = std::max(width, migration.id.size());
  for (std::size_t i = 0; i < report.migrations.size(); ++i) {
    const MigrationReport& migration = report.migrations[i];
    out_ << "  " << std::to_string(i + 1) << ". " << migration.id << std::string(width - migration.id.size() + 2, ' ');
    if (!migration.mode.empty()) out_ << style_.dim(planLine(migration));
    out_ << "\n";
  }
  out_.flush();
}

void TextProgress::started(const MigrationReport&) {}

void TextProgress::finished(const MigrationReport& migration) {
  std::string mark = migration.status == MigrationOutcome::Applied || migration.status == MigrationOutcome::RolledBack
                         ? style_.green("✓")
                         : style_.red("✗");
  out_ << mark << " " << migration.id << "  " << spell(migration.status) << " (" << migration.statementsRun << "/"
       << migration.statements << " statements, " << humanDuration(migration.durationMs / 1000.0);
  if (migration.lockWaitMs > 0) out_ << ", waited " << humanDuration(migration.lockWaitMs / 1000.0) << " for locks";
  out_ << ")\n";
  for (const std::string& notice : migration.notices) out_ << "    " << style_.dim(notice) << "\n";
  out_.flush();
}

void TextProgress::note(const std::string& text) {
  out_ << "  " << text << "\n";
  out_.flush();
}

void TextProgress::waitingForLock(const std::vector<Blocker>& blockers, std::chrono::milliseconds waited) {
  for (const Blocker& blocker : blockers) {
    out_ << "  " << style_.yellow("waiting") << " " << waited.count() / 1000 << " s for a lock held by "
         << blocker.describe() << "\n";
  }
  out_.flush();
}

void TextProgress::retryingAfterLockTimeout(const LockTimeoutWait& wait, int attempts,
                                            std::chrono::milliseconds delay) {
  out_ << "  " << style_.yellow(describeLockRetry(wait, attempts, delay)) << "\n";
  out_.flush();
}

void appendToAuditLog(const RunReport& report, const config::DeploySection& deploy) {
  if (!deploy.auditLog) return;
  if (auto logged = appendAuditLog(*deploy.auditLog, report); !logged) {
    printError(logged.error(), std::cerr, Style(colorEnabled(STDERR_FILENO, ColorChoice::Auto)));
  }
}

ExitCode finishRun(const RunReport& report, const config::DeploySection& deploy, bool json, const Style& style) {
  appendToAuditLog(report, deploy);
  if (json) {
    writeJsonReport(report, std::cout);
  } else {
    writeTextSummary(report, std::cout, style);
  }
  std::cout.flush();
  if (report.error) printError(*report.error, std::cerr, Style(colorEnabled(STDERR_FILENO, ColorChoice::Auto)));
  return report.exitCode;
}

}  // namespace sluice::cli
