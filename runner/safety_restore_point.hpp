#pragma once
// `sluice deploy --safety restore-point`: the safety net is a named restore point in the
// WAL archive instead of a logical snapshot. It plugs into deploy as a SnapshotHook:
// take() checks the archive and creates the point (refusing with exit 3 before any
// migration when either fails); restore() is impossible in place, so a failure after a
// committed migration ends with exit 5 and the exact pgBackRest recovery.
// `--safety auto` chooses between the two here too.

#include <memory>
#include <ostream>
#include <string>

#include "common/byte_size.hpp"
#include "common/connection.hpp"
#include "config/choices.hpp"
#include "runner/pitr_archive.hpp"
#include "runner/snapshot_hook.hpp"

namespace sluice {

// `progress` receives the checks and the restore point as they happen (may be null).
std::unique_ptr<SnapshotHook> makeRestorePointHook(PitrSettings settings, std::ostream* progress);

struct SafetyChoice {
  config::Safety safety = config::Safety::Snapshot;  // Snapshot or RestorePoint
  std::string reason;                                // for the plan: why this one
};

// `--safety auto`: a restore point when the database is larger than `maxSnapshotSize` and
// its archive passes every check, else a snapshot. An unreachable database is left to
// deploy to report (a snapshot is chosen).
SafetyChoice chooseSafety(const ConnectionSettings& database, const PitrSettings& pitr, ByteSize maxSnapshotSize);

}  // namespace sluice
