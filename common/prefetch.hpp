#pragma once
// Items computed ahead of the thread that consumes them in order, by helper threads: a
// long migration history is read and parsed ahead of its replay into the schema model,
// which must stay in order on one thread (linter/engine.cpp). The consumer takes item 0,
// then 1, and so on; an item no helper has started yet it computes itself, so helpers
// only ever add speed. Helpers stay at most `window` items ahead, so that the memory of
// computed items stays bounded whatever the history's length. Threads other than its own
// helpers may join it too (common/help_board.hpp).

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "common/help_board.hpp"
#include "common/large_stack.hpp"

namespace sluice {

template <typename T>
class InOrderPrefetch final : public JoinableWork {
 public:
  // `compute(i)` makes item i; it runs on the helpers (large stacks) and on the consumer.
  InOrderPrefetch(std::size_t count, unsigned helpers, std::size_t window, std::function<T(std::size_t)> compute)
      : slots_(count), window_(window == 0 ? 1 : window), compute_(std::move(compute)) {
    helpers_.reserve(helpers);
    for (unsigned i = 0; i < helpers; ++i) helpers_.push_back(std::make_unique<LargeStackThread>([this] { help(); }));
  }

  // Helpers finish the item they hold and stop; what they computed and no one took goes.
  ~InOrderPrefetch() override {
    stop();
    helpers_.clear();
  }

  InOrderPrefetch(const InOrderPrefetch&) = delete;
  InOrderPrefetch& operator=(const InOrderPrefetch&) = delete;
  InOrderPrefetch(InOrderPrefetch&&) = delete;
  InOrderPrefetch& operator=(InOrderPrefetch&&) = delete;

  [[nodiscard]] std::size_t size() const { return slots_.size(); }

  [[nodiscard]] std::size_t unclaimed() const override {
    std::size_t next = next_.load();
    return next < slots_.size() ? slots_.size() - next : 0;
  }

  // The calling thread helps as the helpers do (its stack must suit `compute`).
  void join() override { help(); }

  // Helpers, and threads that joined, finish the item they hold and return.
  void stop() override {
    stopping_.store(true);
    taken_.store(slots_.size());
    taken_.notify_all();
  }

  // Item `index`: every item before it must have been taken. While a helper computes
  // it, the consumer computes the next unclaimed one rather than wait (it would wait
  // for every item: it replays faster than a helper parses). An exception an item's
  // computation threw, on whichever thread, is thrown here.
  T take(std::size_t index) {
    Slot& slot = slots_[index];
    while (!slot.ready.load()) {
      std::size_t unclaimed = next_.load();
      if (unclaimed >= slots_.size() || unclaimed >= index + window_) {
        slot.ready.wait(false);
        break;
      }
      if (next_.compare_exchange_weak(unclaimed, unclaimed + 1)) fill(slots_[unclaimed], unclaimed);
    }
    taken_.store(index + 1);
    taken_.notify_all();
    if (slot.failure) std::rethrow_exception(slot.failure);
    T item = std::move(*slot.item);
    slot.item.reset();
    return item;
  }

 private:
  struct Slot {
    std::optional<T> item;
    std::exception_ptr failure;
    std::atomic<bool> ready{false};
  };

  void help() {
    for (std::size_t index = next_++; index < slots_.size() && !stopping_.load(); index = next_++) {
      for (std::size_t taken = taken_.load(); index >= taken + window_; taken = taken_.load()) taken_.wait(taken);
      if (stopping_.load()) return;
      fill(slots_[index], index);
    }
  }

  void fill(Slot& slot, std::size_t index) {
    try {
      slot.item.emplace(compute_(index));
    } catch (...) {
      slot.failure = std::current_exception();
    }
    slot.ready.store(true);
    slot.ready.notify_all();
  }

  std::vector<Slot> slots_;
  std::size_t window_;
  std::function<T(std::size_t)> compute_;
  std::atomic<std::size_t> next_{0};   // the first item no thread has claimed
  std::atomic<std::size_t> taken_{0};  // items the consumer has taken
  std::atomic<bool> stopping_{false};
  // Last, so that the helpers are gone before what they use.
  std::vector<std::unique_ptr<LargeStackThread>> helpers_;
};

}  // namespace sluice
