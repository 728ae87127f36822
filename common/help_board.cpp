#include "common/help_board.hpp"

#include <algorithm>

namespace sluice {

HelpBoard::Posting::Posting(HelpBoard* board, JoinableWork& work) : board_(board), work_(&work) {
  if (board_ == nullptr) return;
  std::lock_guard lock(board_->mutex_);
  board_->posted_.push_back({.work = work_});
}

HelpBoard::Posting::~Posting() {
  if (board_ == nullptr) return;
  std::unique_lock lock(board_->mutex_);
  auto entry = std::find_if(board_->posted_.begin(), board_->posted_.end(),
                            [this](const Entry& posted) { return posted.work == work_; });
  entry->leaving = true;
  // A visitor may wait for the owner to take items it will never take now (the window of
  // common/prefetch.hpp): stopping the work releases it.
  work_->stop();
  board_->left_.wait(lock, [&entry] { return entry->visitors == 0; });
  board_->posted_.erase(entry);
}

void HelpBoard::helpWhileWanted(std::size_t minimum) {
  std::unique_lock lock(mutex_);
  for (;;) {
    Entry* best = nullptr;
    std::size_t most = 0;
    for (Entry& entry : posted_) {
      std::size_t unclaimed = entry.leaving ? 0 : entry.work->unclaimed();
      if (unclaimed >= minimum && unclaimed > most) {
        best = &entry;
        most = unclaimed;
      }
    }
    if (best == nullptr) return;
    ++best->visitors;
    lock.unlock();
    best->work->join();
    lock.lock();
    --best->visitors;
    left_.notify_all();
  }
}

}  // namespace sluice
