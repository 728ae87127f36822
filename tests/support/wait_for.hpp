#pragma once
// Polling for what another process, session or thread does in its own time (a statement that
// starts, a directory that goes away), with a limit so that a test never hangs.

#include <chrono>
#include <functional>
#include <thread>

namespace sluice::testing {

// Checks `condition` every `step` until it holds or `limit` has passed; whether it held
// (checked once more at the limit, so that a slow last step still counts).
inline bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds limit,
                    std::chrono::milliseconds step = std::chrono::milliseconds(50)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(step);
  }
  return condition();
}

}  // namespace sluice::testing
