// HelpBoard (common/help_board.hpp): a thread with nothing left to do joins posted work
// (an InOrderPrefetch) and computes part of it, the owner still gets every item in order
// and an item's error at that item, the busiest work is joined first, and ending the work
// early never leaves a visitor waiting or the owner hanging.
#include "common/help_board.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/prefetch.hpp"
#include "tests/support/wait_for.hpp"

namespace sluice {
namespace {

using namespace std::chrono_literals;

// Up to 5 s for what another thread does: a busy machine may start a thread late.
bool eventually(const std::function<bool()>& condition) { return testing::waitFor(condition, 5s, 1ms); }

TEST(HelpBoard, AThreadWithNothingLeftJoinsPostedWorkAndTheOwnerGetsEveryItemInOrder) {
  HelpBoard board;
  std::atomic<int> byVisitor{0};
  std::atomic<std::thread::id> visitorId;
  std::atomic<bool> visitorDone{false};
  {
    InOrderPrefetch<std::string> ahead(400, 0, 8, [&](std::size_t index) {
      if (std::this_thread::get_id() == visitorId.load()) ++byVisitor;
      std::this_thread::sleep_for(20us);
      return "item " + std::to_string(index);
    });
    HelpBoard::Posting posting(&board, ahead);
    std::thread visitor([&] {
      visitorId.store(std::this_thread::get_id());
      board.helpWhileWanted(1);
      visitorDone.store(true);
    });
    // The owner waits for the visitor to compute something before it starts taking.
    EXPECT_TRUE(eventually([&] { return byVisitor.load() > 0; })) << "the visitor never joined";
    for (std::size_t i = 0; i < ahead.size(); ++i) EXPECT_EQ(ahead.take(i), "item " + std::to_string(i));
    EXPECT_EQ(ahead.unclaimed(), 0U);
    visitor.join();
  }
  EXPECT_TRUE(visitorDone.load()) << "the visitor returns once every item is claimed";
  EXPECT_GT(byVisitor.load(), 0);
}

TEST(HelpBoard, NothingPostedOrTooLittleLeftReturnsAtOnce) {
  HelpBoard board;
  board.helpWhileWanted(1);  // nothing posted
  std::atomic<int> computed{0};
  InOrderPrefetch<int> ahead(3, 0, 8, [&](std::size_t index) {
    ++computed;
    return static_cast<int>(index);
  });
  HelpBoard::Posting posting(&board, ahead);
  board.helpWhileWanted(4);  // three items are fewer than the minimum of four
  EXPECT_EQ(computed.load(), 0);
  for (std::size_t i = 0; i < ahead.size(); ++i) EXPECT_EQ(ahead.take(i), static_cast<int>(i));
}

TEST(HelpBoard, TheWorkWithTheMostItemsLeftIsJoinedFirst) {
  HelpBoard board;
  std::atomic<int> smallComputed{0};
  std::atomic<int> bigComputed{0};
  InOrderPrefetch<int> small(5, 0, 100, [&](std::size_t) { return ++smallComputed; });
  InOrderPrefetch<int> big(50, 0, 100, [&](std::size_t) { return ++bigComputed; });
  HelpBoard::Posting smallPosting(&board, small);
  HelpBoard::Posting bigPosting(&board, big);
  // Within their windows, a joining thread claims every item: the big one's first, then
  // the small one's, then returns.
  board.helpWhileWanted(1);
  EXPECT_EQ(bigComputed.load(), 50);
  EXPECT_EQ(smallComputed.load(), 5);
  EXPECT_EQ(big.unclaimed(), 0U);
  EXPECT_EQ(small.unclaimed(), 0U);
  for (std::size_t i = 0; i < big.size(); ++i) EXPECT_GT(big.take(i), 0);
  for (std::size_t i = 0; i < small.size(); ++i) EXPECT_GT(small.take(i), 0);
}

TEST(HelpBoard, WorkThatEndsEarlyReleasesAVisitorWaitingOnItsWindow) {
  HelpBoard board;
  std::atomic<int> computed{0};
  std::atomic<bool> visitorDone{false};
  std::optional<std::thread> visitor;
  {
    InOrderPrefetch<int> ahead(10000, 0, 4, [&](std::size_t index) {
      ++computed;
      return static_cast<int>(index);
    });
    HelpBoard::Posting posting(&board, ahead);
    visitor.emplace([&] {
      board.helpWhileWanted(1);
      visitorDone.store(true);
    });
    // The visitor fills the window and then waits for the owner, who takes one item and
    // stops: the posting's end must release the visitor before the work goes.
    EXPECT_TRUE(eventually([&] { return computed.load() >= 4; }));
    EXPECT_EQ(ahead.take(0), 0);
  }
  visitor->join();
  EXPECT_TRUE(visitorDone.load());
  EXPECT_LE(computed.load(), 1 + 4 + 1) << "the visitor stayed within the window";
}

TEST(HelpBoard, AnItemThatFailsOnAJoinedThreadReachesTheOwnerAtThatItem) {
  HelpBoard board;
  std::atomic<std::thread::id> visitorId;
  std::atomic<bool> failedOnVisitor{false};
  InOrderPrefetch<int> ahead(20, 0, 100, [&](std::size_t index) {
    if (index == 7) {
      failedOnVisitor.store(std::this_thread::get_id() == visitorId.load());
      throw std::runtime_error("item 7 failed");
    }
    return static_cast<int>(index);
  });
  HelpBoard::Posting posting(&board, ahead);
  // Within its window the visitor claims every item before the owner takes one.
  std::thread visitor([&] {
    visitorId.store(std::this_thread::get_id());
    board.helpWhileWanted(1);
  });
  visitor.join();
  EXPECT_TRUE(failedOnVisitor.load()) << "item 7 was not computed by the joined thread";
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(ahead.take(i), static_cast<int>(i));
  EXPECT_THROW(ahead.take(7), std::runtime_error);
  for (std::size_t i = 8; i < ahead.size(); ++i) EXPECT_EQ(ahead.take(i), static_cast<int>(i));
}

TEST(HelpBoard, APostingWithoutABoardDoesNothing) {
  InOrderPrefetch<int> ahead(3, 0, 8, [](std::size_t index) { return static_cast<int>(index); });
  HelpBoard::Posting posting(nullptr, ahead);
  for (std::size_t i = 0; i < ahead.size(); ++i) EXPECT_EQ(ahead.take(i), static_cast<int>(i));
}

}  // namespace
}  // namespace sluice
