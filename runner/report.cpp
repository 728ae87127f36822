#include "runner/report.hpp"

#include <ctime>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/text.hpp"

namespace sluice {
namespace {

using nlohmann::json;

double rounded(double milliseconds) { return static_cast<double>(static_cast<long long>(milliseconds * 100)) / 100; }

json blockerJson(const Blocker& blocker) {
  return {{"pid", blocker.pid},     {"application", blocker.application},
          {"user", blocker.user},   {"state", blocker.state},
          {"query", blocker.query}, {"transaction_seconds", blocker.transactionSeconds}};
}

json lockWaitJson(const LockTimeoutWait& wait) {
  json blockedBy = json::array();
  for (const Blocker& blocker : wait.blockers) blockedBy.push_back(blockerJson(blocker));
  return {{"attempt", wait.attempt},
          {"relation", wait.relation},
          {"waited_ms", rounded(wait.waitedMs)},
          {"statement_text", wait.statement},
          {"blocked_by", blockedBy}};
}

}  // namespace

std::string utcNow() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::ostringstream out;
  out << std::put_time(&utc, "%Y-%m-%dT%H:%M:%S") << '.' << std::setw(3) << std::setfill('0') << millis << 'Z';
  return out.str();
}

std::string listMigrations(const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  if (ids.size() == 1) return ids.front();
  if (ids.size() <= 4) {
    std::vector<std::string> head(ids.begin(), ids.end() - 1);
    return join(head, ", ") + " and " + ids.back();
  }
  return std::to_string(ids.size()) + " migrations (" + ids.front() + " ... " + ids.back() + ")";
}

std::string describeFailure(const StatementFailure& failure) {
  std::string out;
  if (failure.kind != "error") out += failure.kind + ": ";
  out += failure.error.summary();
  if (!failure.location.empty()) out += " at " + failure.location;
  if (!failure.error.detail.empty()) out += "\n  detail: " + failure.error.detail;
  if (!failure.error.hint.empty()) out += "\n  server hint: " + failure.error.hint;
  if (!failure.statementText.empty()) out += "\n  statement: " + failure.statementText;
  for (const Blocker& blocker : failure.blockers) out += "\n  blocked by " + blocker.describe();
  if (failure.kind == "lock timeout" && failure.blockers.empty()) {
    out += "\n  (the session holding the lock could not be identified before the timeout)";
  }
  return out;
}

std::string describeRecovery(const Recovery& recovery) {
  std::string out = "recovery: " + std::string(spell(recovery.action));
  if (recovery.action != RecoveryAction::Restore) return out;
  std::vector<std::string> cost;
  if (!recovery.snapshotTakenAt.empty()) cost.push_back("snapshot taken at " + recovery.snapshotTakenAt);
  if (recovery.otherCommits) {
    cost.push_back(std::to_string(*recovery.otherCommits) + " transaction" + (*recovery.otherCommits == 1 ? "" : "s") +
                   " committed by other sessions since then were discarded");
  }
  if (!cost.empty()) out += " (" + join(cost, ", ") + ")";
  return out;
}

std::string planLine(const MigrationReport& migration) {
  std::string out = migration.mode + ", " + std::to_string(migration.statements) + " statement" +
                    (migration.statements == 1 ? "" : "s");
  if (!migration.source.empty()) out += " of " + migration.source;
  if (!migration.reason.empty()) out += " (" + migration.reason + ")";
  return out;
}

void finish(RunReport& report, Error error, RunOutcome outcome) {
  report.exitCode = exitCodeFor(error.code);
  report.outcome = outcome;
  report.error = std::move(error);
}

void writeJsonReport(const RunReport& report, std::ostream& out) {
  json migrations = json::array();
  for (const MigrationReport& migration : report.migrations) {
    json item = {{"id", migration.id},
                 {"status", spell(migration.status)},
                 {"mode", migration.mode},
                 {"statements", migration.statements},
                 {"statements_run", migration.statementsRun},
                 {"statements_committed", migration.statementsCommitted},
                 {"duration_ms", rounded(migration.durationMs)},
                 {"lock_wait_ms", rounded(migration.lockWaitMs)}};
    if (!migration.reason.empty()) item["reason"] = migration.reason;
    if (!migration.source.empty()) item["source"] = migration.source;
    json blockers = json::array();
    for (const Blocker& blocker : migration.blockers) blockers.push_back(blockerJson(blocker));
    item["blockers"] = blockers;
    item["attempts"] = migration.attempts;
    json waits = json::array();
    for (const LockTimeoutWait& wait : migration.lockWaits) waits.push_back(lockWaitJson(wait));
    item["lock_waits"] = waits;
    if (!migration.cleanedUp.empty()) item["cleaned_up"] = migration.cleanedUp;
    if (migration.failure) {
      const StatementFailure& failure = *migration.failure;
      json blockedBy = json::array();
      for (const Blocker& blocker : failure.blockers) blockedBy.push_back(blockerJson(blocker));
      item["error"] = {{"kind", failure.kind},
                       {"statement", failure.statement + 1},
                       {"location", failure.location},
                       {"sqlstate", failure.error.sqlstate},
                       {"message", failure.error.message},
                       {"detail", failure.error.detail},
                       {"hint", failure.error.hint},
                       {"statement_text", failure.statementText},
                       {"blocked_by", blockedBy}};
    }
    if (!migration.residue.empty()) item["residue"] = migration.residue;
    if (!migration.notices.empty()) item["notices"] = migration.notices;
    migrations.push_back(std::move(item));
  }
  json document = {
      {"tool", "sluice"},
      {"command", report.command},
      {"dry_run", report.dryRun},
      {"outcome", spell(report.outcome)},
      {"exit_code", static_cast<int>(report.exitCode)},
      {"started_at", report.startedAt},
      {"duration_ms", rounded(report.durationMs)},
      {"database",
       {{"target", report.database}, {"server_version", report.serverVersion}, {"user", report.databaseUser}}},
      {"migrations_dir", report.dir},
      {"layout", report.layout},
      {"history_table", report.historyTable},
      {"lock", {{"key", report.lockKey}, {"wait_ms", rounded(report.lockWaitMs)}}},
      {"tx_mode", report.txMode},
      {"snapshot", {{"plan", report.snapshot}}},
      {"already_applied", report.alreadyApplied},
      {"migrations", migrations},
      {"warnings", report.warnings},
      {"lint", {{"errors", report.lintErrors}, {"warnings", report.lintWarnings}}}};
  if (report.snapshotTaken) {
    document["snapshot"]["id"] = report.snapshotTaken->id;
    document["snapshot"]["path"] = report.snapshotTaken->path;
    if (!report.snapshotTaken->takenAt.empty()) document["snapshot"]["taken_at"] = report.snapshotTaken->takenAt;
    if (!report.snapshotTaken->lsn.empty()) document["snapshot"]["lsn"] = report.snapshotTaken->lsn;
  }
  auto milliseconds = [](const std::optional<Duration>& duration) {
    return duration ? json(duration->milliseconds()) : json(nullptr);
  };
  document["lock_timeout_ms"] = milliseconds(report.lockTimeout);
  if (report.command == "deploy") {
    document["lock_retries"] = report.lockRetries;
    document["lock_retry_delay_ms"] = report.lockRetryDelay.milliseconds();
  }
  document["statement_timeout_ms"] = milliseconds(report.statementTimeout);
  if (!report.state.empty()) document["state"] = report.state;
  if (report.command == "deploy") {
    json recovery = {{"action", spell(report.recovery.action)}};
    if (!report.recovery.snapshotTakenAt.empty()) recovery["snapshot_taken_at"] = report.recovery.snapshotTakenAt;
    if (report.recovery.otherCommits) recovery["other_sessions_commits"] = *report.recovery.otherCommits;
    document["recovery"] = recovery;
  }
  if (report.error) document["error"] = {{"message", report.error->message}, {"hint", report.error->hint}};
  out << document.dump(2) << "\n";
}

void writeTextSummary(const RunReport& report, std::ostream& out, const Style& style) {
  int applied = 0;
  int rolledBack = 0;
  double lockWait = 0;
  for (const MigrationReport& migration : report.migrations) {
    if (migration.status == MigrationOutcome::Applied) ++applied;
    if (migration.status == MigrationOutcome::RolledBack) ++rolledBack;
    lockWait += migration.lockWaitMs;
  }
  for (const std::string& warning : report.warnings) out << style.yellow("warning") << ": " << warning << "\n";
  std::string took = humanDuration(report.durationMs / 1000.0);
  if (report.outcome == RunOutcome::Applied) {
    out << style.green("✓") << " " << applied << " migration" << (applied == 1 ? "" : "s") << " applied in " << took;
    if (lockWait > 0) out << " (waited " << humanDuration(lockWait / 1000.0) << " for locks)";
    out << "\n";
    if (report.snapshotTaken && !report.snapshotTaken->lsn.empty()) {
      out << "  restore point before this deploy: " << report.snapshotTaken->id << " at LSN "
          << report.snapshotTaken->lsn << " (" << report.snapshotTaken->path << ")\n";
    } else if (report.snapshotTaken) {
      out << "  snapshot before this deploy: " << report.snapshotTaken->id << " (" << report.snapshotTaken->path
          << ")\n";
    }
  } else if (report.outcome == RunOutcome::RolledBack) {
    out << style.green("✓") << " " << rolledBack << " migration" << (rolledBack == 1 ? "" : "s") << " rolled back in "
        << took << "\n";
  } else if (report.outcome == RunOutcome::UpToDate) {
    out << style.green("✓") << " nothing to " << (report.command == "rollback" ? "roll back" : "apply") << " ("
        << report.alreadyApplied << " migration" << (report.alreadyApplied == 1 ? " is" : "s are") << " applied)\n";
  } else if (report.outcome == RunOutcome::Planned) {
    out << "dry run: nothing was changed\n";
  } else if (report.outcome == RunOutcome::Failed && report.command == "deploy") {
    for (const MigrationReport& migration : report.migrations) {
      for (const std::string& index : migration.cleanedUp) {
        out << "  " << migration.id << ": dropped the INVALID index " << index << " its failed statement left\n";
      }
    }
    out << describeRecovery(report.recovery) << "\n";
  }
}

}  // namespace sluice
