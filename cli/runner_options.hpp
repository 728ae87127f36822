#pragma once
// What the runner commands (deploy, status, rollback, resolve, new) share on the command
// line: the migrations folder and layout, the database, the history schema and the
// configuration file, resolved against .sluice.toml ([migrations], [deploy]). Flags win
// over the file.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "common/connection.hpp"
#include "common/exit_code.hpp"
#include "linter/config.hpp"
#include "runner/project.hpp"
#include "runner/run_observer.hpp"

namespace sluice::cli {

struct RunnerFlags {
  std::string dir;
  std::string layout;
  std::string databaseUrl;
  std::string historySchema;
  std::string config;
};

void addFolderFlags(CLI::App& command, RunnerFlags& flags);    // --dir, --layout, --config
void addDatabaseFlags(CLI::App& command, RunnerFlags& flags);  // --database-url, --history-schema

struct RunnerSetup {
  ProjectOptions project;
  Config config;  // defaults when there is no .sluice.toml
  [[nodiscard]] const TomlValue* deploy(std::string_view key) const { return config.value("deploy", key); }
};

Expected<RunnerSetup> resolveRunnerSetup(const RunnerFlags& flags);
Expected<ConnectionSettings> resolveDatabase(const RunnerFlags& flags);

// A duration from a flag, else from [deploy] `key`, else nullopt.
Expected<std::optional<std::int64_t>> durationSetting(const std::string& flag, const std::string& flagName,
                                                      const RunnerSetup& setup, std::string_view key);

// The end of a run that changes the database (deploy, rollback): a line in the audit log
// (`--audit-log`, else [deploy] audit_log), the report as JSON or as a text summary, the
// error on standard error. Returns the run's exit code.
ExitCode finishRun(const RunReport& report, const RunnerSetup& setup, const std::string& auditLogFlag, bool json,
                   const Style& style);

// Live text output of deploy and rollback.
class TextProgress : public RunObserver {
 public:
  TextProgress(std::ostream& out, const Style& style) : out_(out), style_(style) {}
  void planned(const RunReport& report) override;
  void started(const MigrationReport& migration) override;
  void finished(const MigrationReport& migration) override;
  void note(const std::string& text) override;
  void waitingForLock(const std::vector<Blocker>& blockers, std::chrono::milliseconds waited) override;

 private:
  std::ostream& out_;
  const Style& style_;
};

}  // namespace sluice::cli
