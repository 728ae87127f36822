#include "runner/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <string>

#include "common/pg_session.hpp"

namespace sluice {
namespace {

std::atomic<bool> requested{false};
bool guarded = false;  // an InterruptGuard is installed
struct sigaction previousInt {};
struct sigaction previousTerm {};
// During a recovery with a state line: the line, written by the handler itself (only
// async-signal-safe calls there), so the text lives in a buffer that outlives the scope.
std::atomic<const std::string*> recoveryLine{nullptr};

constexpr int kInterruptedExit = 130;  // 128 + SIGINT, what a shell reports for Ctrl-C

void onSignal(int signal) {
  const std::string* line = recoveryLine.load();
  if (line != nullptr) {
    // Recovering: the first signal is only recorded (the recovery goes on); the one
    // after it ends the process, saying where the database stands.
    if (requested.exchange(true)) {
      ssize_t ignored = ::write(STDERR_FILENO, line->data(), line->size());
      (void)ignored;
      ::_exit(kInterruptedExit);
    }
    return;
  }
  requested.store(true);
  // The next one is not caught: a user who insists gets the default behaviour.
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  ::sigaction(signal, &fallback, nullptr);
}

void install() {
  struct sigaction action {};
  action.sa_handler = onSignal;
  ::sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a waiting poll() must wake up
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  requested.store(false);
  struct sigaction action {};
  action.sa_handler = onSignal;
  ::sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a waiting poll() must wake up
  ::sigaction(SIGINT, &action, &previousInt);
  ::sigaction(SIGTERM, &action, &previousTerm);
  setCancelFlag(&requested);
  guarded = true;
}

InterruptGuard::~InterruptGuard() {
  guarded = false;
  setCancelFlag(nullptr);
  ::sigaction(SIGINT, &previousInt, nullptr);
  ::sigaction(SIGTERM, &previousTerm, nullptr);
}

bool interruptRequested() { return requested.load(); }

RecoveryScope::RecoveryScope(std::string stateLine) : line_(std::move(stateLine)) {
  setCancelFlag(nullptr);
  if (!line_.empty() && guarded) {
    if (!line_.ends_with('\n')) line_.push_back('\n');
    outer_ = recoveryLine.exchange(&line_);
    // The first signal may have put back the default action: catch the next one again.
    install();
  }
}

RecoveryScope::~RecoveryScope() {
  if (!line_.empty() && guarded) {
    recoveryLine.store(outer_);
    if (outer_ == nullptr && requested.load()) {
      struct sigaction fallback {};
      fallback.sa_handler = SIG_DFL;
      ::sigaction(SIGINT, &fallback, nullptr);
      ::sigaction(SIGTERM, &fallback, nullptr);
    }
  }
  if (guarded) setCancelFlag(&requested);
}

}  // namespace sluice
