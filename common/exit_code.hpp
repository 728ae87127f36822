#pragma once
// The one table of process exit codes (README.md and docs/deploy.md document it). Stable: CI
// scripts and deploy pipelines branch on these numbers.

#include "common/error.hpp"

namespace sluice {

enum class ExitCode : int {
  Success = 0,            // nothing at or above the failure level; deploy succeeded
  Findings = 1,           // lint findings at or above the failure level
  UsageOrInput = 2,       // usage, config or input error
  Unreachable = 3,        // database unreachable, authentication failed, lock not obtained
  FailedRestored = 4,     // a migration failed; the database is as before it started
  FailedUnrecovered = 5,  // a migration failed and could not be undone: act by hand
  Internal = 70,          // a bug in sluice (sysexits' EX_SOFTWARE): says nothing about the database
};

ExitCode exitCodeFor(ErrorCode code);

}  // namespace sluice
