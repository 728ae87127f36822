#include "runner/interrupt.hpp"

#include <signal.h>

#include <atomic>

#include "common/pg_session.hpp"

namespace sluice {
namespace {

std::atomic<bool> requested{false};
bool guarded = false;  // an InterruptGuard is installed
struct sigaction previousInt {};
struct sigaction previousTerm {};

void onSignal(int signal) {
  requested.store(true);
  // The next one is not caught: a user who insists gets the default behaviour.
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  ::sigaction(signal, &fallback, nullptr);
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

RecoveryScope::RecoveryScope() { setCancelFlag(nullptr); }

RecoveryScope::~RecoveryScope() {
  if (guarded) setCancelFlag(&requested);
}

}  // namespace sluice
