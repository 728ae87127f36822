#include "runner/advisory_lock.hpp"

#include <algorithm>
#include <thread>

#include "runner/interrupt.hpp"

namespace sluice {

std::string describeLockHolder(PgSession& session, std::int64_t key) {
  // A bigint advisory key is stored as classid = high 32 bits, objid = low 32 bits,
  // objsubid = 1 (PostgreSQL docs, pg_locks).
  auto high = static_cast<std::uint32_t>(static_cast<std::uint64_t>(key) >> 32U);
  auto low = static_cast<std::uint32_t>(static_cast<std::uint64_t>(key) & 0xFFFFFFFFU);
  SqlResult result = session.execParams(
      "SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(a.usename::text, '?'), "
      "coalesce(a.client_addr::text, 'local'), coalesce(a.state, '?'), "
      "to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' "
      "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
      "(SELECT oid FROM pg_database WHERE datname = current_database()) "
      "AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1",
      {std::to_string(high), std::to_string(low)});
  if (!result.ok() || result.rows() == 0) return "another session (its details are not visible to this user)";
  return "pid " + result.value(0, 0) + " (application '" + result.value(0, 1) + "', user " + result.value(0, 2) +
         ", from " + result.value(0, 3) + ", connected since " + result.value(0, 5) + ", " + result.value(0, 4) + ")";
}

Expected<LockWait> acquireMigrationLock(PgSession& session, std::int64_t key, std::chrono::milliseconds wait,
                                        const std::function<void(const std::string& holder)>& onWaiting) {
  auto start = std::chrono::steady_clock::now();
  auto deadline = start + wait;
  std::chrono::milliseconds pause{20};
  bool told = false;
  std::string sql = "SELECT pg_try_advisory_lock(" + std::to_string(key) + ")";
  while (true) {
    SqlResult result = session.exec(sql);
    if (!result.ok()) {
      // Nothing has changed yet: the database refused the lock query, which is not a bug.
      return Error(result.error().connectionLost ? ErrorCode::Unreachable : ErrorCode::LockNotObtained,
                   "cannot take the migration lock: " + result.error().summary());
    }
    if (result.value(0, 0) == "t") {
      return LockWait{std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)};
    }
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline || interruptRequested()) {
      std::string holder = describeLockHolder(session, key);
      return Error(ErrorCode::LockNotObtained,
                   "the migration lock (advisory lock " + std::to_string(key) + ") is held by " + holder +
                       (interruptRequested() ? "; interrupted while waiting for it"
                                             : "; gave up after " + std::to_string(wait.count()) + " ms"),
                   "another deploy is running against this database: wait for it to finish, or raise --lock-wait; "
                   "if that session is stuck, end it with SELECT pg_terminate_backend(<pid>)");
    }
    if (!told && onWaiting) {
      onWaiting(describeLockHolder(session, key));
      told = true;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    std::this_thread::sleep_for(std::min(pause, left));
    pause = std::min(pause * 2, std::chrono::milliseconds(250));
  }
}

bool releaseMigrationLock(PgSession& session, std::int64_t key) {
  if (!session.connected()) return false;
  if (session.transactionStatus() != TransactionStatus::Idle) session.exec("ROLLBACK");
  SqlResult result = session.exec("SELECT pg_advisory_unlock(" + std::to_string(key) + ")");
  return result.ok() && result.value(0, 0) == "t";
}

}  // namespace sluice
