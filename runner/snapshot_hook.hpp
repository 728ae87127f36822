#pragma once
// Where `sluice deploy` takes its pre-migration snapshot and restores it after a
// failure. The snapshot module implements this interface; the runner only calls it:
// describe() for the plan, take() under the migration lock just before the first
// pending migration runs, restore() when a migration failed after something was
// committed (policy `restore`, or `rollback` when a rollback file fails), and
// restoreCommand() for the message when that restore failed.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "common/error.hpp"

namespace sluice {

struct SnapshotRequest {
  const ConnectionSettings* settings = nullptr;  // the database being migrated
  std::string historyTable;                      // schema.table of the migration history
  std::string historySchema = "public";          // the same, in parts
  std::string historyName = "sluice_migrations";
  std::vector<std::string> appliedMigrations;  // applied before this deploy, in order
  std::vector<std::string> pendingMigrations;  // about to be applied
};

struct SnapshotRef {
  std::string id;       // what `sluice snapshot restore` takes
  std::string path;     // where it is stored, for the report
  std::string takenAt;  // UTC, "2025-01-31T12:00:00.042Z": the moment a restore goes back to
  std::string lsn;      // a restore point's position in the WAL; empty for snapshots
};

class SnapshotHook {
 public:
  virtual ~SnapshotHook() = default;
  // One line for the plan: "snapshot to .sluice/snapshots (zstd, encrypted)" or why none.
  [[nodiscard]] virtual std::string describe() const = 0;
  [[nodiscard]] virtual bool enabled() const = 0;
  virtual Expected<SnapshotRef> take(const SnapshotRequest& request) = 0;
  virtual Status restore(const SnapshotRequest& request, const SnapshotRef& snapshot) = 0;
  // The exact command that retries the restore by hand (password-free); empty when
  // the snapshot does not outlive this run.
  [[nodiscard]] virtual std::string restoreCommand(const SnapshotRef& snapshot) const = 0;
  // Set when the safety net cannot be restored while the database serves (a restore
  // point in the WAL archive): deploy does not call restore() but stops with this
  // advice, the exact recovery to run by hand.
  [[nodiscard]] virtual std::optional<std::string> manualRecovery(const SnapshotRef&) const { return std::nullopt; }
};

// The hook that takes nothing; `reason` says why in the plan.
std::unique_ptr<SnapshotHook> makeNoSnapshot(std::string reason);

}  // namespace sluice
