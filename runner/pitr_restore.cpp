#include "runner/pitr_restore.hpp"

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "common/pg_session.hpp"
#include "common/subprocess.hpp"
#include "common/text.hpp"
#include "runner/deploy_snapshot.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The server's arguments from postmaster.opts (each one double-quoted after the
// executable), without -D, which pg_ctl adds: as one -o string for pg_ctl's shell.
Expected<std::string> startOptions(const fs::path& dataDir) {
  std::ifstream file(dataDir / "postmaster.opts");
  if (!file) {
    return Error(ErrorCode::Input, (dataDir / "postmaster.opts").string() + " is missing",
                 "start the server once with pg_ctl (it records its options there), or use --service");
  }
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::vector<std::string> arguments;
  for (std::size_t open = text.find('"'); open != std::string::npos; open = text.find('"', open)) {
    std::size_t close = text.find('"', open + 1);
    if (close == std::string::npos) break;
    arguments.push_back(text.substr(open + 1, close - open - 1));
    open = close + 1;
  }
  std::vector<std::string> words;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == "-D") {
      ++i;
      continue;
    }
    words.push_back(shellWord(arguments[i]));
  }
  return join(words, " ");
}

class Steps {
 public:
  Steps(const PitrRestoreOptions& options, const std::function<void(const std::string&)>& note)
      : options_(options), note_(note) {
    spawn_.runAsUser = options.runAs;
  }

  Status run(const std::string& what, const std::vector<std::string>& argv) {
    note_(what + ": " + join(argv, " "));
    auto result = runProcess(argv, spawn_);
    if (!result) return result.takeError();
    if (!result->success()) {
      return Error(
          ErrorCode::Unrecoverable,
          what + " failed (exit " + std::to_string(result->exitCode) + "): " + lastLines(result->err + result->out, 8),
          "fix the cause and run the same `sluice pitr restore` again (the restore is --delta: it "
          "starts over safely)");
    }
    return {};
  }

  [[nodiscard]] bool serverRunning() const {
    auto status = runProcess({options_.pgCtl->string(), "-D", options_.dataDir.string(), "status"}, spawn_);
    return status && status->success();
  }

 private:
  const PitrRestoreOptions& options_;
  const std::function<void(const std::string&)>& note_;
  SpawnOptions spawn_;
};

// After the start: connect (the server may still be replaying) until it is a primary.
Expected<std::string> waitForPromotion(const PitrRestoreOptions& options) {
  auto deadline = Clock::now() + options.recoveryTimeout;
  std::string last = "no connection yet";
  while (Clock::now() < deadline) {
    auto session = PgSession::open(*options.verify, "sluice pitr restore");
    if (session) {
      SqlResult state = session->exec(
          "SELECT pg_is_in_recovery(), CASE WHEN pg_is_in_recovery() THEN '' ELSE "
          "substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8) END");
      if (state.ok() && state.value(0, 0) == "f") return std::to_string(std::stoul(state.value(0, 1), nullptr, 16));
      last = state.ok() ? "still in recovery" : state.error().summary();
    } else {
      last = session.error().message;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return Error(ErrorCode::Unrecoverable,
               "the server did not finish recovery within " +
                   humanDuration(static_cast<double>(options.recoveryTimeout.count())) + " (" + last + ")",
               "see the server log: recovery to a named point stops with an error when the archive lacks WAL up to "
               "the point");
}

}  // namespace

Expected<PitrRestoreResult> pitrRestore(const PitrRestoreOptions& options,
                                        const std::function<void(const std::string&)>& note) {
  std::error_code ec;
  if (!fs::exists(options.dataDir / "PG_VERSION", ec)) {
    return Error(ErrorCode::Usage, options.dataDir.string() + " is not a PostgreSQL data directory (no PG_VERSION)",
                 "give the data directory of the cluster to recover with --data-dir");
  }
  if (options.pgCtl.has_value() == options.service.has_value()) {
    return Error(ErrorCode::Usage, "say how to stop and start the server: --pg-ctl PATH or --service NAME (one)",
                 "sluice stops the server only when told how");
  }
  if (options.verify == nullptr) {
    return Error(ErrorCode::Usage, "no database to verify the recovery with",
                 "give --database-url (or DATABASE_URL) for the recovered server");
  }
  auto start = Clock::now();
  Steps steps(options, note);
  std::vector<std::string> startCommand;
  if (options.pgCtl) {
    auto serverOptions = startOptions(options.dataDir);
    if (!serverOptions) return serverOptions.takeError();
    fs::path log = options.dataDir.parent_path() / "sluice-pitr-restore.log";
    startCommand = {options.pgCtl->string(),
                    "-D",
                    options.dataDir.string(),
                    "-w",
                    "-t",
                    std::to_string(options.recoveryTimeout.count()),
                    "-l",
                    log.string(),
                    "-o",
                    *serverOptions,
                    "start"};
    if (steps.serverRunning()) {
      if (auto stopped = steps.run("stopping the server", {options.pgCtl->string(), "-D", options.dataDir.string(),
                                                           "-m", "fast", "-w", "stop"});
          !stopped) {
        return stopped.error();
      }
    }
  } else {
    if (auto stopped = steps.run("stopping the server", {"systemctl", "stop", *options.service}); !stopped) {
      return stopped.error();
    }
    startCommand = {"systemctl", "start", *options.service};
  }
  std::vector<std::string> restore{options.pitr.pgbackrest,
                                   "--stanza=" + options.pitr.stanza,
                                   "--pg1-path=" + options.dataDir.string(),
                                   "--type=name",
                                   "--target=" + options.pointName,
                                   "--target-action=promote",
                                   "--delta",
                                   "restore"};
  if (auto restored = steps.run("restoring to " + options.pointName, restore); !restored) return restored.error();
  if (auto started = steps.run("starting the server (it replays the WAL up to the point, then promotes)", startCommand);
      !started) {
    return started.error();
  }
  auto timeline = waitForPromotion(options);
  if (!timeline) return timeline.takeError();
  return PitrRestoreResult{*timeline, std::chrono::duration<double>(Clock::now() - start).count()};
}

}  // namespace sluice
