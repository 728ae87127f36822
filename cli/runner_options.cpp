#include "cli/runner_options.hpp"

#include <unistd.h>

#include <iostream>

#include "cli/error_output.hpp"
#include "cli/migrations_dir.hpp"
#include "common/text.hpp"
#include "linter/engine.hpp"
#include "linter/layout.hpp"
#include "rules/registry.hpp"
#include "runner/audit_log.hpp"
#include "runner/duration.hpp"
#include "runner/report.hpp"

namespace sluice::cli {
namespace fs = std::filesystem;

void addFolderFlags(CLI::App& command, RunnerFlags& flags) {
  command.add_option("--dir", flags.dir,
                     "Migrations folder (default: [migrations] dir in .sluice.toml, else prisma/migrations, "
                     "migrations or db/migrations)");
  command.add_option("--layout", flags.layout, "Override layout detection")->check(CLI::IsMember(formatNameList()));
  command.add_option("--config", flags.config, "Configuration file (default: .sluice.toml found upward)");
}

void addDatabaseFlags(CLI::App& command, RunnerFlags& flags) {
  command.add_option("--database-url", flags.databaseUrl,
                     "PostgreSQL URL or keyword string (default: DATABASE_URL, else DATABASE_HOST/PORT/NAME/USER/"
                     "PASSWORD)");
  command.add_option("--history-schema", flags.historySchema,
                     "Schema of the history table (default: [migrations] history_schema, else the tool's: public, "
                     "drizzle for Drizzle, sqitch for sqitch; Prisma: the URL's ?schema=)");
}

Expected<RunnerSetup> resolveRunnerSetup(const RunnerFlags& flags) {
  RunnerSetup setup;
  std::optional<fs::path> file = flags.config.empty() ? findConfig(fs::current_path()) : fs::path(flags.config);
  std::vector<const RuleMeta*> metas = ruleMetas(rules::allRules());
  if (file) {
    auto config = loadConfig(*file, metas);
    if (!config) return config.takeError();
    setup.config = std::move(*config);
  } else {
    setup.config = defaultConfig(metas);
  }
  if (!flags.dir.empty()) {
    setup.project.dir = flags.dir;
  } else {
    auto dir = defaultMigrationsDir(flags.config);
    if (!dir) return dir.takeError();
    setup.project.dir = *dir;
  }
  std::string layout = flags.layout;
  const TomlValue* configured = setup.config.value("migrations", "layout");
  if (layout.empty() && configured != nullptr) layout = configured->string;
  if (!layout.empty()) {
    setup.project.layout = findFormat(layout);
    if (setup.project.layout == nullptr || layout == "file") {
      return Error(ErrorCode::Config, "unknown layout `" + layout + "`", "one of " + formatNames() + " but file",
                   configured != nullptr && flags.layout.empty() ? setup.config.where(*configured) : std::string());
    }
  }
  if (!flags.historySchema.empty()) {
    setup.project.historySchema = flags.historySchema;
  } else if (const TomlValue* schema = setup.config.value("migrations", "history_schema")) {
    setup.project.historySchema = schema->string;
  }
  if (const TomlValue* table = setup.config.value("migrations", "history_table")) {
    setup.project.historyTable = table->string;
  }
  return setup;
}

Expected<ConnectionSettings> resolveDatabase(const RunnerFlags& flags) {
  return ConnectionSettings::resolve(flags.databaseUrl.empty() ? std::nullopt
                                                               : std::optional<std::string>(flags.databaseUrl));
}

Expected<std::optional<std::int64_t>> durationSetting(const std::string& flag, const std::string& flagName,
                                                      const RunnerSetup& setup, std::string_view key) {
  if (!flag.empty()) {
    auto parsed = parseDuration(flag, flagName);
    if (!parsed) return parsed.takeError();
    return std::optional<std::int64_t>(*parsed);
  }
  const TomlValue* value = setup.deploy(key);
  if (value == nullptr) return std::optional<std::int64_t>();
  if (value->kind == TomlValue::Kind::Integer) return std::optional<std::int64_t>(value->integer);
  auto parsed = parseDuration(value->string, "[deploy] " + std::string(key));
  if (!parsed) {
    Error error = parsed.takeError();
    error.code = ErrorCode::Config;
    error.location = setup.config.where(*value);
    return error;
  }
  return std::optional<std::int64_t>(*parsed);
}

void TextProgress::planned(const RunReport& report) {
  std::string verb = report.command == "rollback" ? "roll back" : "apply";
  out_ << style_.bold("sluice " + report.command) << ": " << report.dir << " (" << report.layout << ") on "
       << report.database << " (PostgreSQL " << report.serverVersion << ")\n";
  out_ << "  history " << report.historyTable << ", lock " << report.lockKey;
  if (report.command == "deploy") out_ << ", " << report.txMode << " transactions";
  if (report.lockTimeoutMs) out_ << ", lock_timeout " << *report.lockTimeoutMs << " ms";
  if (report.statementTimeoutMs) out_ << ", statement_timeout " << *report.statementTimeoutMs << " ms";
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
  std::string mark =
      migration.status == "applied" || migration.status == "rolled back" ? style_.green("✓") : style_.red("✗");
  out_ << mark << " " << migration.id << "  " << migration.status << " (" << migration.statementsRun << "/"
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

ExitCode finishRun(const RunReport& report, const RunnerSetup& setup, const std::string& auditLogFlag, bool json,
                   const Style& style) {
  Style errorStyle(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  const TomlValue* configured = setup.deploy("audit_log");
  std::string auditPath = !auditLogFlag.empty() ? auditLogFlag : configured != nullptr ? configured->string : "";
  if (!auditPath.empty()) {
    if (auto logged = appendAuditLog(auditPath, report); !logged) printError(logged.error(), std::cerr, errorStyle);
  }
  if (json) {
    writeJsonReport(report, std::cout);
  } else {
    writeTextSummary(report, std::cout, style);
  }
  std::cout.flush();
  if (report.error) printError(*report.error, std::cerr, errorStyle);
  return report.exitCode;
}

}  // namespace sluice::cli
