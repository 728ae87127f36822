#pragma once
// Wraps deploy's snapshot hook to learn what it did, for notifications and metrics,
// without the runner knowing about either: the snapshot taken and how long it took, and
// whether a restore ran, how long it took and how it ended.

#include <memory>
#include <optional>

#include "runner/snapshot_hook.hpp"

namespace sluice::cli {

class ObservedSnapshotHook : public SnapshotHook {
 public:
  explicit ObservedSnapshotHook(std::unique_ptr<SnapshotHook> inner) : inner_(std::move(inner)) {}

  [[nodiscard]] std::string describe() const override { return inner_->describe(); }
  [[nodiscard]] bool enabled() const override { return inner_->enabled(); }
  Expected<SnapshotRef> take(const SnapshotRequest& request) override;
  Status restore(const SnapshotRequest& request, const SnapshotRef& snapshot) override;
  [[nodiscard]] std::string restoreCommand(const SnapshotRef& snapshot) const override {
    return inner_->restoreCommand(snapshot);
  }

  struct Restore {
    bool ok = false;
    std::string error;
    double seconds = 0;
    std::string snapshotId;
  };
  [[nodiscard]] std::optional<double> takeSeconds() const { return takeSeconds_; }
  [[nodiscard]] const std::optional<Restore>& restored() const { return restore_; }

 private:
  std::unique_ptr<SnapshotHook> inner_;
  std::optional<double> takeSeconds_;
  std::optional<Restore> restore_;
};

}  // namespace sluice::cli
