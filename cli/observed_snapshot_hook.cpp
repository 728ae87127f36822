#include "cli/observed_snapshot_hook.hpp"

#include <chrono>

namespace sluice::cli {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

Expected<SnapshotRef> ObservedSnapshotHook::take(const SnapshotRequest& request) {
  auto start = std::chrono::steady_clock::now();
  auto taken = inner_->take(request);
  if (taken) takeSeconds_ = secondsSince(start);
  return taken;
}

Status ObservedSnapshotHook::restore(const SnapshotRequest& request, const SnapshotRef& snapshot) {
  auto start = std::chrono::steady_clock::now();
  Status restored = inner_->restore(request, snapshot);
  restore_ = Restore{static_cast<bool>(restored), restored ? std::string() : restored.error().message,
                     secondsSince(start), snapshot.id};
  return restored;
}

}  // namespace sluice::cli
