#include "cli/text_progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "common/duration.hpp"
#include "common/text.hpp"
#include "runner/lock_retry.hpp"
#include "runner/report.hpp"

namespace sluice::cli {

std::string statementLabel(const FilePlan& plan, std::size_t index) {
  return "statement " + std::to_string(index + 1) + " of " + std::to_string(plan.statements.size());
}

std::string statementLogText(const FilePlan& plan, std::size_t index) { return oneLine(plan.statementText(index), 80); }

std::string lockWaitDetail(std::chrono::milliseconds lockWait) {
  if (lockWait < std::chrono::seconds(1)) return {};
  return "waiting " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(lockWait).count()) +
         " s for a lock";
}

void TextProgress::planned(const RunReport& report) {
  verb_ = report.command == "rollback" ? "rolling back" : "applying";
  total_ = report.dryRun ? 0 : report.migrations.size();
  std::ostringstream out;
  std::string verb = report.command == "rollback" ? "roll back" : "apply";
  out << style_.bold("sluice " + report.command) << ": " << report.dir << " (" << report.layout << ") on "
      << report.database << " (PostgreSQL " << report.serverVersion << ")\n";
  out << "  history " << report.historyTable << ", lock " << report.lockKey;
  if (report.command == "deploy") out << ", " << report.txMode << " transactions";
  if (report.lockTimeout) out << ", lock_timeout " << formatDuration(*report.lockTimeout);
  if (report.lockTimeout && report.lockTimeout->milliseconds() > 0 && report.lockRetries > 0) {
    out << " (retried up to " << report.lockRetries << " time" << (report.lockRetries == 1 ? "" : "s") << ", from "
        << formatDuration(report.lockRetryDelay) << ")";
  }
  if (report.statementTimeout) out << ", statement_timeout " << formatDuration(*report.statementTimeout);
  if (report.command == "deploy") out << "\n  snapshot: " << report.snapshot;
  if (!report.migrations.empty()) {
    out << "\n  " << report.migrations.size() << " to " << verb << (report.dryRun ? " (dry run)" : "") << ":";
    std::size_t width = 0;
    for (const MigrationReport& migration : report.migrations) width = std::max(width, migration.id.size());
    for (std::size_t i = 0; i < report.migrations.size(); ++i) {
      const MigrationReport& migration = report.migrations[i];
      out << "\n  " << std::to_string(i + 1) << ". " << migration.id
          << std::string(width - migration.id.size() + 2, ' ');
      if (!migration.mode.empty()) out << style_.dim(planLine(migration));
    }
  }
  status_.line(out.str());
}

void TextProgress::started(const MigrationReport& migration) {
  ++started_;
  migration_ = migration.id;
  if (total_ > 0) migration_ += " (" + std::to_string(started_) + " of " + std::to_string(total_) + ")";
  // A terminal shows it in the status line; a log needs the line, with the time it began.
  if (!status_.terminal()) status_.line("→ " + verb_ + " " + migration_ + ", started " + utcNow());
  status_.begin(migration_, migration.id);
  status_.tick(std::chrono::milliseconds(0));
}

void TextProgress::finished(const MigrationReport& migration) {
  status_.clear();
  std::string mark = migration.status == MigrationOutcome::Applied || migration.status == MigrationOutcome::RolledBack
                         ? style_.green("✓")
                         : style_.red("✗");
  std::ostringstream out;
  out << mark << " " << migration.id << "  " << spell(migration.status) << " (" << migration.statementsRun << "/"
      << migration.statements << " statements, " << humanDuration(migration.durationMs / 1000.0);
  if (migration.lockWaitMs > 0) out << ", waited " << humanDuration(migration.lockWaitMs / 1000.0) << " for locks";
  out << ")";
  for (const std::string& notice : migration.notices) out << "\n    " << style_.dim(notice);
  status_.line(out.str());
  migration_.clear();
}

void TextProgress::note(const std::string& text) {
  status_.line("  " + text);
  work_.clear();
}

void TextProgress::working(const std::string& what, const std::string& status, std::chrono::milliseconds elapsed) {
  if (what != work_) {
    work_ = what;
    status_.begin(what, what);
  }
  status_.tick(elapsed, status);
}

void TextProgress::waitingForLock(const std::vector<Blocker>& blockers, std::chrono::milliseconds waited) {
  for (const Blocker& blocker : blockers) {
    status_.line("  " + style_.yellow("waiting") + " " + std::to_string(waited.count() / 1000) +
                 " s for a lock held by " + blocker.describe());
  }
}

void TextProgress::retryingAfterLockTimeout(const LockTimeoutWait& wait, int attempts,
                                            std::chrono::milliseconds delay) {
  status_.line("  " + style_.yellow(describeLockRetry(wait, attempts, delay)));
}

void TextProgress::statementStarted(const FilePlan& plan, std::size_t index) {
  std::string label = migration_.empty() ? plan.path : migration_;
  status_.begin(label + ": " + statementLabel(plan, index), statementLogText(plan, index));
}

void TextProgress::statementRunning(const FilePlan&, std::size_t, std::chrono::milliseconds elapsed,
                                    std::chrono::milliseconds lockWait) {
  status_.tick(elapsed, lockWaitDetail(lockWait));
}

void VerifyProgress::stepStarted(const std::string& migration, std::string_view step) {
  step_ = migration + ": " + std::string(step);
  if (!status_.terminal()) status_.line("→ " + step_);
  status_.begin(step_, step_);
  status_.tick(std::chrono::milliseconds(0));
}

void VerifyProgress::statementStarted(const FilePlan& plan, std::size_t index) {
  status_.begin(step_ + ", " + statementLabel(plan, index), statementLogText(plan, index));
}

void VerifyProgress::statementRunning(const FilePlan&, std::size_t, std::chrono::milliseconds elapsed,
                                      std::chrono::milliseconds lockWait) {
  status_.tick(elapsed, lockWaitDetail(lockWait));
}

std::unique_ptr<RunObserver> runObserver(bool silent, const Style& style) {
  if (silent) return std::make_unique<RunObserver>();
  return std::make_unique<TextProgress>(std::cout, style, canRedraw(STDOUT_FILENO), terminalColumns(STDOUT_FILENO));
}

void addQuietFlag(CLI::App& command, bool& quiet) {
  command.add_flag("--quiet,-q", quiet,
                   "Print the summary alone: no plan, no progress (errors still go to standard error)");
}

}  // namespace sluice::cli
