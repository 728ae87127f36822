#pragma once
// `sluice verify`: proves on a scratch database that every rollback undoes its
// migration. The migrations apply in order; for each one with a rollback (popx parts of
// one logical migration: the group) the schema is dumped (catalog.hpp) before the
// migration, the migration applies, its rollback applies, the schema is dumped again and
// compared (schema_diff.hpp), and the migration applies once more. Then the database is
// put back in its state after the migration, whatever the rollback did, so that one bad
// rollback does not hide the migrations after it: the round trip runs in a transaction
// that is rolled back, or, when a file cannot run in one, the database is replaced by a
// copy taken before the round trip (scratch_copy.hpp).
// With a seed, the rows of the tables the migration keeps must survive the round trip
// too (data.hpp). While each forward migration applies, the locks and rewrites of
// its statements are observed (locks.hpp) and held against the linter's verdicts
// on the same statements.
//
// Findings are lint findings (rule, file, position, message), so they print with lint's
// reporters and fail the command with lint's exit code.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/connection.hpp"
#include "common/exit_code.hpp"
#include "common/spelling.hpp"
#include "linter/engine.hpp"
#include "runner/project.hpp"
#include "verify/locks.hpp"

namespace sluice {

// Live progress of verify (the CLI draws it): each step of each migration, and through
// ExecutionObserver, the statements as they run.
class VerifyObserver : public ExecutionObserver {
 public:
  void waitingForLock(const std::vector<Blocker>& /*blockers*/, std::chrono::milliseconds /*waited*/) override {}
  // `migration` begins `step`: "apply", "roll back" or "apply again".
  virtual void stepStarted(const std::string& /*migration*/, std::string_view /*step*/) {}
};

struct VerifyOptions {
  ProjectOptions project;
  // Which rollbacks are checked (every migration still applies): migration ids, names or
  // versions; empty: all.
  std::vector<std::string> only;
  std::optional<std::string> since;  // as `sluice lint --since`
  std::optional<std::filesystem::path> seedFile;
  std::optional<std::string> seedAfter;  // the migration after which the seed runs
  // The registry: the rules of verify's own findings (rules/verify/) and the linter's,
  // whose verdicts are compared with what the server did. Required.
  const RuleList* rules = nullptr;
  VerifyObserver* observer = nullptr;  // not owned; may be null
};

// What the check of one migration found (`status` in reports).
enum class VerifyStatus {
  Verified,        // the rollback undoes the migration
  Differs,         // the schema after the round trip differs
  LosesData,       // rows did not survive the round trip (--seed)
  RollbackFails,   // the rollback fails right after its migration
  NoRollback,      // nothing to check
  NotChecked,      // not selected (--only, --since)
  DoesNotApply,    // the migration itself fails
  DoesNotReapply,  // the migration fails when applied again after its rollback
  NotReached,      // an earlier failure stopped the run
};
inline constexpr Spellings<VerifyStatus, 9> kVerifyStatusNames{{
    {VerifyStatus::Verified, "verified"},
    {VerifyStatus::Differs, "differs"},
    {VerifyStatus::LosesData, "loses data"},
    {VerifyStatus::RollbackFails, "rollback fails"},
    {VerifyStatus::NoRollback, "no rollback"},
    {VerifyStatus::NotChecked, "not checked"},
    {VerifyStatus::DoesNotApply, "does not apply"},
    {VerifyStatus::DoesNotReapply, "does not re-apply"},
    {VerifyStatus::NotReached, "not reached"},
}};
inline std::string_view spell(VerifyStatus value) { return spell(value, kVerifyStatusNames); }

struct MigrationVerdict {
  std::string id;
  std::string unit;  // the id, or the popx group the migration is a part of (parts are verified together)
  std::string forwardPath;
  std::string rollbackPath;  // empty without a rollback
  VerifyStatus status = VerifyStatus::NotReached;
  std::string mode;           // how the forward file ran: "one transaction", ...
  bool inTransaction = true;  // the forward file ran in one transaction
  std::vector<StatementObservation> statements;
  double forwardMs = 0;
  double rollbackMs = 0;
  std::string failure;  // the error, for "does not apply" and "rollback fails"
};

// A statement where what PostgreSQL did and what the linter said do not match.
struct Disagreement {
  std::string migration;
  std::string location;  // path:line:column of the statement
  std::string statement;
  std::string observed;     // "rewrites `orders`", "no table rewritten"
  std::string linter;       // "no finding", "add-column-rewrite"
  std::string explanation;  // when the cause is known: why both are right
};

struct VerifyReport {
  std::string dir;
  std::string layout;
  std::string database;  // display form
  std::string serverVersion;
  std::vector<MigrationVerdict> migrations;
  LintReport findings;
  std::vector<Disagreement> disagreements;
  bool lintCompared = false;
  bool seeded = false;
  std::string stoppedAt;       // the migration after which nothing more could run
  std::string stopReason;      // why
  std::optional<Error> error;  // the run could not start or could not go on
  ExitCode exitCode = ExitCode::Success;
  double durationMs = 0;

  // Migrations (popx groups count once) whose status is `status`.
  [[nodiscard]] int count(VerifyStatus status) const;
};

// `scratch` must be an empty database: verify applies, rolls back and re-applies there.
VerifyReport verifyMigrations(const VerifyOptions& options, const ConnectionSettings& scratch);

}  // namespace sluice
