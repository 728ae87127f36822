#pragma once
// What a runner command and each of its migrations came to, as enums with the one
// table that spells them for JSON reports, the audit log and the terminal.

#include <string_view>

#include "common/spelling.hpp"

namespace sluice {

// A deploy's, rollback's or resolve's result as a whole (`outcome` in reports).
enum class RunOutcome {
  Applied,
  UpToDate,
  Planned,
  LintFailed,
  Failed,
  Refused,
  Unreachable,
  LockNotObtained,
  RolledBack,
  Resolved,
};
inline constexpr Spellings<RunOutcome, 10> kRunOutcomeNames{{
    {RunOutcome::Applied, "applied"},
    {RunOutcome::UpToDate, "up-to-date"},
    {RunOutcome::Planned, "planned"},
    {RunOutcome::LintFailed, "lint-failed"},
    {RunOutcome::Failed, "failed"},
    {RunOutcome::Refused, "refused"},
    {RunOutcome::Unreachable, "unreachable"},
    {RunOutcome::LockNotObtained, "lock-not-obtained"},
    {RunOutcome::RolledBack, "rolled-back"},
    {RunOutcome::Resolved, "resolved"},
}};
inline std::string_view spell(RunOutcome value) { return spell(value, kRunOutcomeNames); }

// One migration in a run (`status` of each migration in reports):
//   planned (dry run), applied, failed, rolled back (undone after a later failure, or by
//   `sluice rollback`), not run (after a failure), partial (failed outside a
//   transaction with part of it committed)
enum class MigrationOutcome { Planned, Applied, Failed, RolledBack, NotRun, Partial };
inline constexpr Spellings<MigrationOutcome, 6> kMigrationOutcomeNames{{
    {MigrationOutcome::Planned, "planned"},
    {MigrationOutcome::Applied, "applied"},
    {MigrationOutcome::Failed, "failed"},
    {MigrationOutcome::RolledBack, "rolled back"},
    {MigrationOutcome::NotRun, "not run"},
    {MigrationOutcome::Partial, "partial"},
}};
inline std::string_view spell(MigrationOutcome value) { return spell(value, kMigrationOutcomeNames); }

// What a failed deploy did to put the database right (`recovery.action` in reports):
// nothing was needed or done, the failed statement's leftovers were dropped, a
// transaction was rolled back (or this deploy's migrations undone with their rollback
// files), or the snapshot taken before the deploy was restored.
enum class RecoveryAction { None, Cleanup, Rollback, Restore };
inline constexpr Spellings<RecoveryAction, 4> kRecoveryActionNames{{
    {RecoveryAction::None, "none"},
    {RecoveryAction::Cleanup, "cleanup"},
    {RecoveryAction::Rollback, "rollback"},
    {RecoveryAction::Restore, "restore"},
}};
inline std::string_view spell(RecoveryAction value) { return spell(value, kRecoveryActionNames); }

// `sluice status`'s verdict (`status` in its JSON).
enum class Health { Healthy, Degraded, Unhealthy };
inline constexpr Spellings<Health, 3> kHealthNames{{
    {Health::Healthy, "healthy"},
    {Health::Degraded, "degraded"},
    {Health::Unhealthy, "unhealthy"},
}};
inline std::string_view spell(Health value) { return spell(value, kHealthNames); }

// What `sluice status` could do (`outcome` in its JSON): read the history (Health is a
// verdict), not connect (no verdict, the error says why), or not read the folder, the
// settings or the history.
enum class CheckOutcome { Checked, Unreachable, Error };
inline constexpr Spellings<CheckOutcome, 3> kCheckOutcomeNames{{
    {CheckOutcome::Checked, "checked"},
    {CheckOutcome::Unreachable, "unreachable"},
    {CheckOutcome::Error, "error"},
}};
inline std::string_view spell(CheckOutcome value) { return spell(value, kCheckOutcomeNames); }

}  // namespace sluice
