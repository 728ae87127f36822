#pragma once
// Who blocks the runner's session while one of its statements waits for a lock. A
// statement that waits is looked at from a second session (opened on first need) with
// pg_blocking_pids(), so that a lock timeout can be reported with the session and the
// query that held the lock, and the report can say how long each migration waited.

#include <cstdint>
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
  // What the watched session waits for: "public.orders" for a relation, else the lock's
  // type ("transactionid", ...); empty when it waits for nothing or the monitor cannot tell.
  std::string waitedFor();
  // Watches another session from now on (the runner's, after it reconnected).
  void watch(int pid) { pid_ = pid; }
  // Transactions the monitor's session committed (its queries).
  [[nodiscard]] std::uint64_t transactionsCommitted() const { return committed_; }

 private:
  bool open();

  ConnectionSettings settings_;
  int pid_;
  std::optional<PgSession> session_;
  bool unavailable_ = false;
  std::uint64_t committed_ = 0;  // each query is a transaction of its own
};

}  // namespace sluice
