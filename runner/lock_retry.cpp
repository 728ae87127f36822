#include "runner/lock_retry.hpp"

#include <algorithm>
#include <random>
#include <thread>

#include "common/text.hpp"
#include "runner/interrupt.hpp"

namespace sluice {

std::chrono::milliseconds LockRetryPolicy::delayBefore(int retry, double unit) const {
  std::int64_t cap = std::max(maxDelay.milliseconds(), firstDelay.milliseconds());
  std::int64_t delay = firstDelay.milliseconds();
  for (int i = 1; i < retry && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  // "Equal jitter": never less than half the backoff, so a retry still waits.
  double jittered = static_cast<double>(delay) / 2.0 * (1.0 + std::clamp(unit, 0.0, 1.0));
  return std::chrono::milliseconds(static_cast<std::int64_t>(jittered));
}

std::chrono::milliseconds LockRetryPolicy::delayBefore(int retry) const {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  return delayBefore(retry, unit(generator));
}

std::string describeLockRetry(const LockTimeoutWait& wait, int attempts, std::chrono::milliseconds delay) {
  std::string out = "waiting for a lock";
  if (!wait.relation.empty()) out += " on " + wait.relation;
  if (!wait.blockers.empty()) {
    std::vector<std::string> holders;
    for (const Blocker& blocker : wait.blockers) {
      std::string holder = "pid " + std::to_string(blocker.pid) + " (";
      if (!blocker.application.empty()) holder += blocker.application + ", ";
      holder += blocker.state.empty() ? std::string("unknown state") : blocker.state;
      if (blocker.transactionSeconds > 0) holder += " for " + humanDuration(blocker.transactionSeconds);
      holders.push_back(holder + ")");
    }
    out += ", held by " + join(holders, ", ");
  }
  out += ": attempt " + std::to_string(wait.attempt + 1) + " of " + std::to_string(attempts) + ", next in " +
         humanDuration(static_cast<double>(delay.count()) / 1000.0);
  return out;
}

bool sleepUnlessInterrupted(std::chrono::milliseconds delay) {
  auto deadline = std::chrono::steady_clock::now() + delay;
  while (std::chrono::steady_clock::now() < deadline) {
    if (interruptRequested()) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds(50)));
  }
  return !interruptRequested();
}

}  // namespace sluice
