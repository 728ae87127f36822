#include "common/exit_code.hpp"

namespace sluice {

ExitCode exitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::Usage:
    case ErrorCode::Config:
    case ErrorCode::Input:
    case ErrorCode::Io:
    case ErrorCode::Snapshot: return ExitCode::UsageOrInput;
    case ErrorCode::Unreachable:
    case ErrorCode::LockNotObtained: return ExitCode::Unreachable;
    case ErrorCode::MigrationFailed: return ExitCode::FailedRestored;
    case ErrorCode::Unrecoverable: return ExitCode::FailedUnrecovered;
    case ErrorCode::Internal: return ExitCode::Internal;
  }
  return ExitCode::Internal;
}

}  // namespace sluice
