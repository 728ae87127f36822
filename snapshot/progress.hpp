#pragma once
// Progress of long snapshot operations, reported to a callback at most a few times a
// second (the CLI draws it on a terminal). Workers add to atomic counters; whichever
// thread finds the interval elapsed reports.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace sluice::snapshot {

struct Progress {
  std::string phase;  // "schema", "data", "verify", "restore", "post-data", "analyze"
  std::uint64_t itemsDone = 0;
  std::uint64_t itemsTotal = 0;  // tables or files
  std::uint64_t bytesDone = 0;   // uncompressed bytes processed
  std::uint64_t bytesTotal = 0;  // an estimate during create
  double elapsedSeconds = 0;
  bool final = false;  // the last report of a phase
};

using ProgressCallback = std::function<void(const Progress&)>;

// "data: 3/12  1.2 GB  40 MB/s  ETA 0:31  0:29": the phase, items, bytes, rate, time left
// and time spent, for a status line.
std::string describeProgress(const Progress& progress);

class ProgressTracker {
 public:
  ProgressTracker(ProgressCallback callback, std::string phase, std::uint64_t itemsTotal, std::uint64_t bytesTotal)
      : callback_(std::move(callback)),
        phase_(std::move(phase)),
        itemsTotal_(itemsTotal),
        bytesTotal_(bytesTotal),
        start_(std::chrono::steady_clock::now()) {}

  void addBytes(std::uint64_t bytes) {
    bytes_ += bytes;
    maybeReport(false);
  }
  void itemDone() {
    ++items_;
    maybeReport(false);
  }
  void finish() { maybeReport(true); }
  [[nodiscard]] double elapsedSeconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  void maybeReport(bool final) {
    if (!callback_) return;
    constexpr std::int64_t kIntervalNanos = 200'000'000;
    std::int64_t now =
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
    std::unique_lock lock(mutex_, std::defer_lock);
    if (final) {
      lock.lock();
    } else if (now - lastNanos_.load() < kIntervalNanos || !lock.try_lock()) {
      return;
    }
    if (!final && now - lastNanos_.load() < kIntervalNanos) return;
    lastNanos_ = now;
    Progress progress{phase_, items_.load(), itemsTotal_, bytes_.load(), bytesTotal_, static_cast<double>(now) / 1e9,
                      final};
    callback_(progress);
  }

  ProgressCallback callback_;
  std::string phase_;
  std::uint64_t itemsTotal_;
  std::uint64_t bytesTotal_;
  std::atomic<std::uint64_t> items_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::chrono::steady_clock::time_point start_;
  std::atomic<std::int64_t> lastNanos_{0};
  std::mutex mutex_;
};

}  // namespace sluice::snapshot
