#pragma once
// Live text output of deploy, rollback and verify: the plan, a line per migration as it ends, and
// while one runs, its statement and time (cli/live_status.hpp: redrawn on a terminal, a
// line every 10 s in a log).

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/live_status.hpp"
#include "common/terminal.hpp"
#include "runner/run_observer.hpp"
#include "verify/verify.hpp"

namespace sluice::cli {

// "statement 2 of 5" and the statement on one line, for status lines.
std::string statementLabel(const FilePlan& plan, std::size_t index);
std::string statementLogText(const FilePlan& plan, std::size_t index);
// "waiting 3 s for a lock", or empty below a second.
std::string lockWaitDetail(std::chrono::milliseconds lockWait);

class TextProgress : public RunObserver {
 public:
  TextProgress(std::ostream& out, const Style& style, bool terminal, int columns = 80)
      : style_(style), status_(out, terminal, columns) {}
  void planned(const RunReport& report) override;
  void started(const MigrationReport& migration) override;
  void finished(const MigrationReport& migration) override;
  void note(const std::string& text) override;
  void working(const std::string& what, const std::string& status, std::chrono::milliseconds elapsed) override;
  void waitingForLock(const std::vector<Blocker>& blockers, std::chrono::milliseconds waited) override;
  void retryingAfterLockTimeout(const LockTimeoutWait& wait, int attempts, std::chrono::milliseconds delay) override;
  void statementStarted(const FilePlan& plan, std::size_t index) override;
  void statementRunning(const FilePlan& plan, std::size_t index, std::chrono::milliseconds elapsed,
                        std::chrono::milliseconds lockWait) override;

 private:
  const Style& style_;
  LiveStatus status_;
  std::string verb_ = "applying";
  std::string migration_;  // the one running: "20240101_init (2 of 5)"
  std::size_t started_ = 0;
  std::size_t total_ = 0;
  std::string work_;  // the long step working() reports on
};

// Live text output of verify: each step of each migration and the statement it runs.
class VerifyProgress : public VerifyObserver {
 public:
  VerifyProgress(std::ostream& out, bool terminal, int columns = 80) : status_(out, terminal, columns) {}
  void stepStarted(const std::string& migration, std::string_view step) override;
  void statementStarted(const FilePlan& plan, std::size_t index) override;
  void statementRunning(const FilePlan& plan, std::size_t index, std::chrono::milliseconds elapsed,
                        std::chrono::milliseconds lockWait) override;
  void done() { status_.clear(); }

 private:
  LiveStatus status_;
  std::string step_;  // "20240101_init: roll back"
};

// What deploy and rollback print through: TextProgress on standard output (redrawn when it
// is a terminal), or nothing while they run (JSON, --quiet: the report or summary comes at
// the end).
std::unique_ptr<RunObserver> runObserver(bool silent, const Style& style);

// --quiet of deploy, rollback and verify.
void addQuietFlag(CLI::App& command, bool& quiet);

}  // namespace sluice::cli
