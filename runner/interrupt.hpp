#pragma once
// Ctrl-C and SIGTERM while sluice talks to a database. sluice never dies between two
// statements of a migration on its own: the first signal only raises a flag; the running
// statement is cancelled (the guard installs its flag as PgSession's cancel flag), the migration fails
// and is rolled back like any other failure, the lock is released and the report says
// what happened. A second signal ends the process at once (the server still rolls back
// the open transaction when the connection drops).

#include <string>

namespace sluice {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

// Whether Ctrl-C or SIGTERM arrived since the guard was installed.
bool interruptRequested();

// While one exists, a signal no longer cancels statements: sluice is putting the
// database back after a failure (a snapshot restore), and stopping half-way would leave
// it worse than either end. The first signal stays recorded; the next one still ends the
// process at once, with exit code 130; given a `stateLine` (where the database stands if
// sluice stops now, and what to run), that line is printed on stderr first. Scopes nest:
// one without a line keeps the outer one's.
class RecoveryScope {
 public:
  explicit RecoveryScope(std::string stateLine = {});
  ~RecoveryScope();
  RecoveryScope(const RecoveryScope&) = delete;
  RecoveryScope& operator=(const RecoveryScope&) = delete;

 private:
  std::string line_;
  const std::string* outer_ = nullptr;
};

}  // namespace sluice
