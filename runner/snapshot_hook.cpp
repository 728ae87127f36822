#include "runner/snapshot_hook.hpp"

namespace sluice {
namespace {

class NoSnapshot final : public SnapshotHook {
 public:
  explicit NoSnapshot(std::string reason) : reason_(std::move(reason)) {}
  [[nodiscard]] std::string describe() const override {
    return "no snapshot (" + reason_ + "): a failure after a migration committed cannot be undone automatically";
  }
  [[nodiscard]] bool enabled() const override { return false; }
  Expected<SnapshotRef> take(const SnapshotRequest&) override {
    return Error(ErrorCode::Snapshot, "no snapshot is taken: " + reason_);
  }
  Status restore(const SnapshotRequest&, const SnapshotRef&) override {
    return Error(ErrorCode::Snapshot, "there is no snapshot to restore: " + reason_);
  }
  [[nodiscard]] std::string restoreCommand(const SnapshotRef&) const override { return {}; }

 private:
  std::string reason_;
};

}  // namespace

std::unique_ptr<SnapshotHook> makeNoSnapshot(std::string reason) {
  return std::make_unique<NoSnapshot>(std::move(reason));
}

}  // namespace sluice
