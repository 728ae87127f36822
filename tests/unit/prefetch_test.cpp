// InOrderPrefetch (common/prefetch.hpp): what the consumer takes must not depend on how
// many helpers computed it, helpers stay within their window, an error reaches the
// consumer at its item, and stopping early neither hangs nor leaks.
#include "common/prefetch.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <gtest/gtest.h>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>

namespace sluice {
namespace {

TEST(InOrderPrefetch, TheConsumerGetsEveryItemInOrderWhateverTheHelpers) {
  for (unsigned helpers : {0U, 1U, 3U}) {
    std::atomic<int> computed{0};
    InOrderPrefetch<std::string> ahead(200, helpers, 8, [&](std::size_t index) {
      ++computed;
      return "item " + std::to_string(index);
    });
    for (std::size_t i = 0; i < ahead.size(); ++i) EXPECT_EQ(ahead.take(i), "item " + std::to_string(i)) << helpers;
    EXPECT_EQ(computed.load(), 200) << "each item is computed once, with " << helpers << " helpers";
  }
}

TEST(InOrderPrefetch, HelpersComputeOnOtherThreadsAndStayWithinTheWindow) {
  constexpr std::size_t kWindow = 4;
  std::atomic<std::size_t> taken{0};
  std::atomic<std::size_t> furthestAhead{0};
  std::mutex threadsMutex;
  std::set<std::thread::id> threads;
  std::atomic<int> byHelpers{0};
  const std::thread::id consumer = std::this_thread::get_id();
  InOrderPrefetch<std::size_t> ahead(300, 2, kWindow, [&](std::size_t index) {
    std::size_t lead = index - std::min(index, taken.load());
    for (std::size_t seen = furthestAhead.load(); lead > seen && !furthestAhead.compare_exchange_weak(seen, lead);) {
    }
    {
      std::lock_guard lock(threadsMutex);
      threads.insert(std::this_thread::get_id());
    }
    if (std::this_thread::get_id() != consumer) {
      ++byHelpers;
    } else {
      // On a busy machine the helpers may start late: the consumer gives them up to 5 s
      // to compute something, so that the test does not depend on the scheduler.
      for (int waited = 0; waited < 5000 && byHelpers.load() == 0; ++waited) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    return index * 2;
  });
  for (std::size_t i = 0; i < ahead.size(); ++i) {
    EXPECT_EQ(ahead.take(i), i * 2);
    taken.store(i + 1);
  }
  EXPECT_LT(furthestAhead.load(), kWindow + 1) << "an item was computed more than the window ahead";
  EXPECT_GT(byHelpers.load(), 0) << "the helpers computed nothing";
  EXPECT_GE(threads.size(), 2U);
}

TEST(InOrderPrefetch, AnErrorReachesTheConsumerAtItsItemAndTheOthersStillCome) {
  for (unsigned helpers : {0U, 2U}) {
    InOrderPrefetch<int> ahead(50, helpers, 8, [](std::size_t index) {
      if (index == 17) throw std::runtime_error("item 17 failed");
      return static_cast<int>(index);
    });
    for (std::size_t i = 0; i < 17; ++i) EXPECT_EQ(ahead.take(i), static_cast<int>(i));
    EXPECT_THROW(ahead.take(17), std::runtime_error) << helpers;
    for (std::size_t i = 18; i < 50; ++i) EXPECT_EQ(ahead.take(i), static_cast<int>(i)) << helpers;
  }
}

TEST(InOrderPrefetch, AConsumerThatStopsEarlyEndsTheHelpers) {
  std::atomic<int> computed{0};
  {
    InOrderPrefetch<int> ahead(10000, 3, 16, [&](std::size_t index) {
      ++computed;
      return static_cast<int>(index);
    });
    EXPECT_EQ(ahead.take(0), 0);
    EXPECT_EQ(ahead.take(1), 1);
  }
  // Helpers stop at the window: nowhere near the 10,000 items.
  EXPECT_LE(computed.load(), 2 + 16 + 3);
}

TEST(InOrderPrefetch, NoItemsComputeNothing) {
  std::atomic<int> computed{0};
  {
    InOrderPrefetch<int> ahead(0, 2, 8, [&](std::size_t) {
      ++computed;
      return 0;
    });
    EXPECT_EQ(ahead.size(), 0U);
  }
  // The helpers have been joined: nothing can still call it.
  EXPECT_EQ(computed.load(), 0);
}

}  // namespace
}  // namespace sluice
