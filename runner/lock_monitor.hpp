#pragma once
// Who blocks the runner's session while one of its statements waits for a lock. A
// statement that waits is looked at from a second session (opened on first need) with
// pg_blocking_pids(), so that a lock timeout can be reported with the session and the
// query that held the lock, and the report can say how long each migration waited.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "common/pg_session.hpp"

namespace sluice {

struct Blocker {
  int pid = 0;
  std::string application;
  std::string user;
  std::string state;  // "idle in transaction", "active", ...
  std::string query;  // its current or last query (shortened)
  double transactionSeconds = 0;
  [[nodiscard]] std::string describe() const;
};

class LockMonitor {
 public:
  LockMonitor(ConnectionSettings settings, int watchedPid) : settings_(std::move(settings)), pid_(watchedPid) {}
  // The sessions that block the watched one right now (empty when none, or when the
  // monitor cannot connect: it never fails a deploy).
  std::vector<Blocker> blockers();

 private:
  ConnectionSettings settings_;
  int pid_;
  std::optional<PgSession> session_;
  bool unavailable_ = false;
};

}  // namespace sluice
