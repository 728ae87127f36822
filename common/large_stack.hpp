#pragma once
// Threads with a large stack, for work whose recursion depth follows its input: parsing
// SQL (libpg_query turns a parse tree into protobuf, and protobuf-c unpacks it, both
// recursively, one level per level of nesting) and walking the trees. A thread's default
// stack (8 MB, or less where `ulimit -s` says so) is not enough for statements that
// PostgreSQL itself accepts; kLargeStackBytes is, for every tree the parser lets through
// (linter/parser.hpp: kMaxNesting). The memory is reserved, not used: pages are touched
// only as deep as the recursion goes.

#include <cstddef>
#include <functional>

#include "common/error.hpp"

namespace sluice {

inline constexpr std::size_t kLargeStackBytes = std::size_t{256} << 20U;

// Whether the calling thread runs on a large stack (started by one of the functions
// below).
bool onLargeStack();

// Runs `work` on a large stack and returns when it is done: on the calling thread when
// it already has one, else on a new thread. An exception `work` throws is rethrown here.
void runOnLargeStack(const std::function<void()>& work);

// Runs `work` on `count` threads with large stacks at once and waits for all of them.
void runThreadsOnLargeStacks(unsigned count, const std::function<void()>& work);

// A thread with a large stack that runs `work` while its creator goes on; the destructor
// waits for it. `work` must not throw (it ends the program, as from std::thread).
class LargeStackThread {
 public:
  explicit LargeStackThread(std::function<void()> work);
  ~LargeStackThread();
  LargeStackThread(const LargeStackThread&) = delete;
  LargeStackThread& operator=(const LargeStackThread&) = delete;
  LargeStackThread(LargeStackThread&&) = delete;
  LargeStackThread& operator=(LargeStackThread&&) = delete;

 private:
  std::function<void()> work_;
  unsigned long thread_ = 0;  // pthread_t
};

}  // namespace sluice
