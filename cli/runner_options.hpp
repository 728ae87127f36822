#pragma once
// What the runner commands (deploy, status, rollback, resolve, new) share on the command
// line: the migrations folder and layout, the database, the history schema and the
// configuration file, resolved against .sluice.toml ([migrations], [deploy]). Flags win
// over the file.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "cli/settings.hpp"
#include "common/connection.hpp"
#include "common/exit_code.hpp"
#include "config/settings.hpp"
#include "runner/executor.hpp"
#include "runner/pitr_archive.hpp"
#include "runner/project.hpp"
#include "runner/run_observer.hpp"

namespace sluice::cli {

struct RunnerFlags {
  std::string dir;
  std::string layout;
  std::string databaseUrl;
  std::string historySchema;
  std::string config;
  bool printConfig = false;
};

void addFolderFlags(CLI::App& command, RunnerFlags& flags);    // --dir, --layout, --config, --print-config
void addDatabaseFlags(CLI::App& command, RunnerFlags& flags);  // --database-url, --history-schema

// The configuration with the runner flags (--dir, --layout, --history-schema) and the
// command's own setting flags applied. Reserved keys that are set are printed as
// warnings unless --print-config shows them.
Expected<config::Settings> loadRunnerSettings(const RunnerFlags& flags, SettingFlags commandFlags = {});
// The project from the [migrations] section; a Usage error when there is no folder.
Expected<ProjectOptions> projectOptions(const config::Settings& settings);
// --database-url, else the variable [migrations] database_url_env names (or Prisma 7's
// prisma.config.ts: datasource.url = env("NAME")), else DATABASE_URL and its kin.
Expected<ConnectionSettings> resolveDatabase(const RunnerFlags& flags, const config::Settings& settings);

// What the executor takes from [deploy]: the per-migration timeouts.
ExecutionSettings executionSettings(const config::DeploySection& deploy);

// What the restore-point safety net and `sluice pitr` take from [pitr].
PitrSettings pitrSettings(const config::PitrSection& pitr);

// The end of a run that changes the database (deploy, rollback): a line in the audit log
// ([deploy] audit_log or --audit-log), the report as JSON or as a text summary, the
// error on standard error. Returns the run's exit code.
ExitCode finishRun(const RunReport& report, const config::DeploySection& deploy, bool json, const Style& style);

// Appends the run to the audit log when one is configured; a failure is printed, not fatal.
void appendToAuditLog(const RunReport& report, const config::DeploySection& deploy);

// Live text output of deploy and rollback.
class TextProgress : public RunObserver {
 public:
  TextProgress(std::ostream& out, const Style& style) : out_(out), style_(style) {}
  void planned(const RunReport& report) override;
  void started(const MigrationReport& migration) override;
  void finished(const MigrationReport& migration) override;
  void note(const std::string& text) override;
  void waitingForLock(const std::vector<Blocker>& blockers, std::chrono::milliseconds waited) override;
  void retryingAfterLockTimeout(const LockTimeoutWait& wait, int attempts, std::chrono::milliseconds delay) override;

 private:
  std::ostream& out_;
  const Style& style_;
};

}  // namespace sluice::cli
