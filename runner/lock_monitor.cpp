#include "runner/lock_monitor.hpp"

#include <cstdlib>

namespace sluice {

std::string Blocker::describe() const {
  std::string out = "pid " + std::to_string(pid) + " (application '" + application + "', user " + user + ", " + state;
  if (transactionSeconds > 0)
    out += ", transaction open for " + std::to_string(static_cast<long>(transactionSeconds)) + " s";
  out += ")";
  if (!query.empty()) out += ": " + query;
  return out;
}

bool LockMonitor::open() {
  if (unavailable_) return false;
  if (!session_) {
    auto opened = PgSession::open(settings_, "sluice lock monitor");
    if (!opened) {
      unavailable_ = true;
      return false;
    }
    session_.emplace(std::move(*opened));
  }
  return true;
}

std::string LockMonitor::waitedFor() {
  if (!open()) return {};
  SqlResult result = session_->execParams(
      "SELECT coalesce(format('%I.%I', n.nspname, c.relname), l.locktype) FROM pg_locks l "
      "LEFT JOIN pg_class c ON c.oid = l.relation LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE l.pid = $1::int AND NOT l.granted ORDER BY l.relation IS NULL LIMIT 1",
      {std::to_string(pid_)});
  if (result.ok()) ++committed_;
  if (!result.ok() || result.rows() == 0) return {};
  return result.value(0, 0);
}

std::vector<Blocker> LockMonitor::blockers() {
  if (!open()) return {};
  SqlResult result = session_->execParams(
      "SELECT pid, coalesce(application_name, ''), coalesce(usename::text, ''), coalesce(state, ''), "
      "left(regexp_replace(coalesce(query, ''), '\\s+', ' ', 'g'), 200), "
      "coalesce(extract(epoch FROM now() - xact_start), 0) "
      "FROM pg_stat_activity WHERE pid = ANY(pg_blocking_pids($1::int)) ORDER BY pid",
      {std::to_string(pid_)});
  std::vector<Blocker> out;
  if (!result.ok()) return out;
  ++committed_;
  for (int row = 0; row < result.rows(); ++row) {
    Blocker blocker;
    blocker.pid = static_cast<int>(std::strtol(result.value(row, 0).c_str(), nullptr, 10));
    blocker.application = result.value(row, 1);
    blocker.user = result.value(row, 2);
    blocker.state = result.value(row, 3);
    blocker.query = result.value(row, 4);
    blocker.transactionSeconds = std::strtod(result.value(row, 5).c_str(), nullptr);
    out.push_back(std::move(blocker));
  }
  return out;
}

}  // namespace sluice
