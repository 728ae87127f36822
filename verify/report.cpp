#include "verify/report.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/text.hpp"
#include "linter/reporters/reporter.hpp"

namespace sluice {
namespace {

bool worthShowing(const StatementObservation& statement) {
  if (!statement.rewrites.empty()) return true;
  for (const ObservedLock& lock : statement.locks) {
    if (!lock.newTable && lockStrength(lock.mode) > lockStrength("ROW EXCLUSIVE")) return true;
  }
  return false;
}

std::string lockLine(const StatementObservation& statement, bool all) {
  std::vector<std::string> parts;
  for (const ObservedLock& lock : statement.locks) {
    if (!all && (lock.newTable || lockStrength(lock.mode) <= lockStrength("ROW EXCLUSIVE"))) continue;
    parts.push_back(lock.mode + " on " + lock.table + (lock.newTable ? " (new)" : "") + " for " +
                    humanDuration(lock.heldMs / 1000.0));
  }
  for (const std::string& table : statement.rewrites) parts.push_back("rewrites " + table);
  if (!statement.observed) parts.emplace_back("outside a transaction: locks not observable");
  return join(parts, "; ");
}

std::string mark(const MigrationVerdict& verdict, const Style& style) {
  if (verdict.status == VerifyStatus::Verified) return style.green("✓");
  if (verdict.status == VerifyStatus::NoRollback || verdict.status == VerifyStatus::NotChecked) return style.dim("-");
  if (verdict.status == VerifyStatus::NotReached) return style.dim(" ");
  return style.red("✗");
}

// The header, each migration's verdict and locks, and the disagreements with the linter.
void writeVerifyDetails(const VerifyReport& report, std::ostream& out, const VerifyTextOptions& options) {
  Style style(options.color);
  out << style.bold("sluice verify") << ": " << report.dir;
  if (!report.layout.empty()) out << " (" << report.layout << ")";
  if (!report.database.empty()) out << " on " << report.database;
  if (!report.serverVersion.empty()) out << " (PostgreSQL " << report.serverVersion << ")";
  out << "\n";
  for (const MigrationVerdict& verdict : report.migrations) {
    out << mark(verdict, style) << " " << verdict.id << "  " << spell(verdict.status);
    if (!verdict.failure.empty()) out << ": " << verdict.failure;
    out << "\n";
    for (const StatementObservation& statement : verdict.statements) {
      if (!options.allLocks && !worthShowing(statement)) continue;
      std::string line = lockLine(statement, options.allLocks);
      if (line.empty()) continue;
      out << "    " << style.dim("line " + std::to_string(statement.start.line) + ": " + statement.text) << "\n"
          << "      " << line << "\n";
    }
  }
  if (!report.disagreements.empty()) {
    out << "\n" << style.bold("observed locks and rewrites that disagree with the linter:") << "\n";
    for (const Disagreement& d : report.disagreements) {
      out << "  " << d.location << ": " << d.observed << "; linter: " << d.linter << "\n    " << style.dim(d.statement)
          << "\n";
      if (!d.explanation.empty()) out << "    (" << d.explanation << ")\n";
    }
  }
  out << "\n";
}

}  // namespace

void writeVerifyText(const VerifyReport& report, std::ostream& out, const VerifyTextOptions& options) {
  Style style(options.color);
  if (!options.summaryOnly) writeVerifyDetails(report, out, options);
  if (!report.findings.files.empty()) {
    ReportOptions reportOptions;
    reportOptions.color = options.color;
    makeReporter("text", reportOptions)->write(report.findings, out);
  }
  int checked = report.count(VerifyStatus::Verified) + report.count(VerifyStatus::Differs) +
                report.count(VerifyStatus::LosesData) + report.count(VerifyStatus::RollbackFails) +
                report.count(VerifyStatus::DoesNotReapply);
  out << checked << (checked == 1 ? " rollback" : " rollbacks") << " checked: " << report.count(VerifyStatus::Verified)
      << " verified, " << report.count(VerifyStatus::Differs) << " leave the schema different, "
      << report.count(VerifyStatus::RollbackFails) << " fail";
  if (report.count(VerifyStatus::DoesNotReapply) > 0)
    out << ", " << report.count(VerifyStatus::DoesNotReapply) << " break a re-apply";
  if (report.seeded) out << ", " << report.count(VerifyStatus::LosesData) << " lose data";
  int without = report.count(VerifyStatus::NoRollback);
  out << "; " << without << (without == 1 ? " migration" : " migrations") << " without rollback";
  if (report.count(VerifyStatus::NotChecked) > 0)
    out << ", " << report.count(VerifyStatus::NotChecked) << " not selected";
  out << " (" << humanDuration(report.durationMs / 1000.0) << ")\n";
  if (!report.stoppedAt.empty()) {
    out << style.red("stopped at " + report.stoppedAt) << ": " << report.stopReason << "; "
        << report.count(VerifyStatus::NotReached) << " later migrations were not applied\n";
  }
}

void writeVerifyJson(const VerifyReport& report, std::ostream& out, const std::string& toolVersion) {
  // The findings in lint's JSON shape, from lint's own reporter.
  std::ostringstream findings;
  ReportOptions reportOptions;
  reportOptions.toolVersion = toolVersion;
  makeReporter("json", reportOptions)->write(report.findings, findings);
  nlohmann::ordered_json lintDocument = nlohmann::ordered_json::parse(findings.str());

  nlohmann::ordered_json migrations = nlohmann::ordered_json::array();
  for (const MigrationVerdict& verdict : report.migrations) {
    nlohmann::ordered_json item;
    item["id"] = verdict.id;
    item["status"] = spell(verdict.status);
    item["forward"] = verdict.forwardPath;
    item["rollback"] =
        verdict.rollbackPath.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(verdict.rollbackPath);
    item["mode"] = verdict.mode;
    item["in_transaction"] = verdict.inTransaction;
    if (!verdict.failure.empty()) item["failure"] = verdict.failure;
    item["forward_ms"] = verdict.forwardMs;
    item["rollback_ms"] = verdict.rollbackMs;
    nlohmann::ordered_json statements = nlohmann::ordered_json::array();
    for (const StatementObservation& statement : verdict.statements) {
      nlohmann::ordered_json s;
      s["statement"] = statement.index + 1;
      s["line"] = statement.start.line;
      s["column"] = statement.start.column;
      s["text"] = statement.text;
      s["observed"] = statement.observed;
      s["duration_ms"] = statement.durationMs;
      nlohmann::ordered_json locks = nlohmann::ordered_json::array();
      for (const ObservedLock& lock : statement.locks) {
        locks.push_back(
            {{"table", lock.table}, {"mode", lock.mode}, {"held_ms", lock.heldMs}, {"new_table", lock.newTable}});
      }
      s["locks"] = std::move(locks);
      s["rewrites"] = statement.rewrites;
      statements.push_back(std::move(s));
    }
    item["statements"] = std::move(statements);
    migrations.push_back(std::move(item));
  }
  nlohmann::ordered_json disagreements = nlohmann::ordered_json::array();
  for (const Disagreement& d : report.disagreements) {
    disagreements.push_back({{"migration", d.migration},
                             {"location", d.location},
                             {"statement", d.statement},
                             {"observed", d.observed},
                             {"linter", d.linter},
                             {"explanation", d.explanation}});
  }
  nlohmann::ordered_json errors = lintDocument["errors"];
  if (report.error) {
    errors.push_back(
        {{"location", report.error->location}, {"message", report.error->message}, {"hint", report.error->hint}});
  }
  nlohmann::ordered_json document;
  document["version"] = toolVersion;
  document["dir"] = report.dir;
  document["layout"] = report.layout;
  document["database"] = report.database;
  document["server_version"] = report.serverVersion;
  document["migrations"] = std::move(migrations);
  document["diagnostics"] = lintDocument["diagnostics"];
  document["errors"] = std::move(errors);
  document["disagreements"] = std::move(disagreements);
  std::set<std::string_view> units;
  for (const MigrationVerdict& verdict : report.migrations) units.insert(verdict.unit);
  document["summary"] = nlohmann::ordered_json{
      {"files", report.migrations.size()},
      {"migrations", units.size()},
      {"verified", report.count(VerifyStatus::Verified)},
      {"differs", report.count(VerifyStatus::Differs)},
      {"loses_data", report.count(VerifyStatus::LosesData)},
      {"rollback_fails", report.count(VerifyStatus::RollbackFails)},
      {"no_rollback", report.count(VerifyStatus::NoRollback)},
      {"not_checked", report.count(VerifyStatus::NotChecked)},
      {"not_reached", report.count(VerifyStatus::NotReached)},
      {"stopped_at", report.stoppedAt.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(report.stoppedAt)},
      {"stop_reason", report.stopReason.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(report.stopReason)},
      {"linter_compared", report.lintCompared},
      {"errors", report.findings.errorCount},
      {"warnings", report.findings.warningCount},
      {"duration_ms", report.durationMs},
      {"exit_code", static_cast<int>(report.exitCode)}};
  out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace sluice
