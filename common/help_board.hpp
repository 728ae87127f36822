#pragma once
// Threads that ran out of work of their own lend a hand to work still running. A lint
// hands out whole migration sets to its workers; near the end, one long history can be
// left replaying on one core while the others have nothing to do. Its files can still be
// read and parsed ahead (common/prefetch.hpp), so an idle worker joins that instead of
// leaving its core idle until the end (linter/engine.cpp).

#include <condition_variable>
#include <cstddef>
#include <list>
#include <mutex>

namespace sluice {

// Work that other threads may join while its owner runs it.
class JoinableWork {
 public:
  virtual ~JoinableWork() = default;
  // Items no thread has claimed yet: what a thread that joins could still do.
  [[nodiscard]] virtual std::size_t unclaimed() const = 0;
  // Does items on the calling thread until none is left unclaimed or the work stops.
  virtual void join() = 0;
  // Makes every join() return soon, on every thread; the owner calls it before the work goes.
  virtual void stop() = 0;

 protected:
  JoinableWork() = default;
  JoinableWork(const JoinableWork&) = default;
  JoinableWork& operator=(const JoinableWork&) = default;
  JoinableWork(JoinableWork&&) = default;
  JoinableWork& operator=(JoinableWork&&) = default;
};

// Where running work asks for help and threads with nothing left to do find it.
class HelpBoard {
 public:
  // Keeps `work` on `board` (none: nothing happens) while it lives. Its destructor takes
  // the work off, stops it and waits until every thread that joined it has left, so the
  // work may be destroyed right after: declare the posting after the work.
  class Posting {
   public:
    Posting(HelpBoard* board, JoinableWork& work);
    ~Posting();
    Posting(const Posting&) = delete;
    Posting& operator=(const Posting&) = delete;
    Posting(Posting&&) = delete;
    Posting& operator=(Posting&&) = delete;

   private:
    HelpBoard* board_;
    JoinableWork* work_;
  };

  // Joins the posted work with the most unclaimed items, again and again, as long as some
  // has at least `minimum`; then returns. The caller's stack must suit the work (the
  // lint's workers and its parse helpers all run on large stacks).
  void helpWhileWanted(std::size_t minimum);

 private:
  struct Entry {
    JoinableWork* work = nullptr;
    unsigned visitors = 0;  // threads inside work->join()
    bool leaving = false;   // its posting is being destroyed: no one joins any more
  };

  std::mutex mutex_;
  std::condition_variable left_;  // a visitor left some work
  std::list<Entry> posted_;       // a list: visitors hold pointers to entries
};

}  // namespace sluice
