#pragma once
// Retries after a lock timeout (SQLSTATE 55P03). A short lock_timeout keeps a statement
// that waits for a lock from queueing every other query of the table behind it; the
// statement then gives up, and is tried again after a delay that doubles each time, with
// jitter so that several waiting deploys do not come back in step, up to a cap.

#include <chrono>
#include <string>
#include <vector>

#include "common/duration.hpp"
#include "runner/lock_monitor.hpp"

namespace sluice {

struct LockRetryPolicy {
  int retries = 0;  // 0: a lock timeout fails at once
  Duration firstDelay{std::chrono::seconds(1)};
  Duration maxDelay{std::chrono::minutes(1)};

  // The delay before retry `retry` (1-based): firstDelay * 2^(retry-1), capped, then
  // between half of it and all of it. `unit` in [0, 1) is the random part.
  [[nodiscard]] std::chrono::milliseconds delayBefore(int retry, double unit) const;
  // The same with a random unit.
  [[nodiscard]] std::chrono::milliseconds delayBefore(int retry) const;
};

// One wait for a lock that ended in a lock timeout.
struct LockTimeoutWait {
  int attempt = 1;       // 1-based
  std::string relation;  // "public.orders", or the kind of lock when not a relation
  std::vector<Blocker> blockers;
  double waitedMs = 0;
  std::string statement;  // the statement that waited (shortened)
};

// "waiting for a lock on public.orders, held by pid 4711 (app, idle in transaction for
// 3 min): attempt 2 of 6, next in 4 s"
std::string describeLockRetry(const LockTimeoutWait& wait, int attempts, std::chrono::milliseconds delay);

// Sleeps `delay`, waking early on Ctrl-C; false when interrupted.
bool sleepUnlessInterrupted(std::chrono::milliseconds delay);

}  // namespace sluice
