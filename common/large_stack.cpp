#include "common/large_stack.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sluice {
namespace {

thread_local bool tLargeStack = false;

struct Task {
  const std::function<void()>* work = nullptr;
  sigset_t callerMask{};
  std::exception_ptr failure;
};

void* runTask(void* argument) {
  auto* task = static_cast<Task*>(argument);
  // The work gets the signals the caller would have got: a Ctrl-C handler that sets a flag
  // relies on interrupting the poll() of the thread that waits on the database or a child.
  ::pthread_sigmask(SIG_SETMASK, &task->callerMask, nullptr);
  tLargeStack = true;
  try {
    (*task->work)();
  } catch (...) {
    task->failure = std::current_exception();
  }
  return nullptr;
}

pthread_t startThread(void* (*start)(void*), void* argument) {
  pthread_attr_t attributes;
  ::pthread_attr_init(&attributes);
  ::pthread_attr_setstacksize(&attributes, kLargeStackBytes);
  pthread_t thread{};
  int error = ::pthread_create(&thread, &attributes, start, argument);
  ::pthread_attr_destroy(&attributes);
  if (error != 0) {
    throw std::runtime_error("cannot start a thread with a " + std::to_string(kLargeStackBytes >> 20U) +
                             " MB stack: " + std::strerror(error));
  }
  return thread;
}

// Ctrl-C and the like: while a caller waits for workers, they go to the workers.
sigset_t terminationSignals() {
  sigset_t signals;
  ::sigemptyset(&signals);
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE}) ::sigaddset(&signals, signal);
  return signals;
}

// LargeStackThread's start. It takes no termination signal, so that they still reach
// the thread whose handler expects them; an exception ends the program (noexcept).
void* runDetachedWork(void* argument) noexcept {
  sigset_t signals = terminationSignals();
  ::pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  tLargeStack = true;
  (*static_cast<std::function<void()>*>(argument))();
  return nullptr;
}

}  // namespace

LargeStackThread::LargeStackThread(std::function<void()> work)
    : work_(std::move(work)), thread_(startThread(runDetachedWork, &work_)) {}

LargeStackThread::~LargeStackThread() { ::pthread_join(static_cast<pthread_t>(thread_), nullptr); }

bool onLargeStack() { return tLargeStack; }

void runOnLargeStack(const std::function<void()>& work) {
  if (tLargeStack) {
    work();
    return;
  }
  runThreadsOnLargeStacks(1, work);
}

void runThreadsOnLargeStacks(unsigned count, const std::function<void()>& work) {
  // While the caller waits, the termination signals go to the workers (which start with
  // them blocked, inherited, and unblock them first thing).
  sigset_t waiting = terminationSignals();
  sigset_t callerMask;
  ::pthread_sigmask(SIG_BLOCK, &waiting, &callerMask);
  std::vector<Task> tasks(count);
  std::vector<pthread_t> threads;
  threads.reserve(count);
  std::exception_ptr startFailure;
  for (Task& task : tasks) {
    task.work = &work;
    task.callerMask = callerMask;
    try {
      threads.push_back(startThread(runTask, &task));
    } catch (...) {
      startFailure = std::current_exception();
      break;
    }
  }
  for (pthread_t thread : threads) ::pthread_join(thread, nullptr);
  ::pthread_sigmask(SIG_SETMASK, &callerMask, nullptr);
  if (startFailure) std::rethrow_exception(startFailure);
  for (const Task& task : tasks) {
    if (task.failure) std::rethrow_exception(task.failure);
  }
}

}  // namespace sluice
