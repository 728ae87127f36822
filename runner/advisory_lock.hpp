#pragma once
// The migration lock: a session-level advisory lock on the runner's own session, so
// that two deploys (or sluice and Prisma) never migrate the same database at once.
//
// Keys: Prisma projects use Prisma Migrate's key, 72707369, so that `prisma migrate
// deploy` and `sluice deploy` exclude each other; every other layout uses sluice's key,
// 0x736C7569 = 1936487785 ("slui" in ASCII). Advisory locks are per database, so
// deploys to different databases of one server do not wait for each other.
//
// The lock is polled with pg_try_advisory_lock until --lock-wait expires (never a
// blocking pg_advisory_lock, which would wait forever behind a stuck deploy), and
// released explicitly with pg_advisory_unlock; if sluice dies, the server releases it
// with the session.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "common/error.hpp"
#include "common/pg_session.hpp"

namespace sluice {

inline constexpr std::int64_t kPrismaLockKey = 72707369;
inline constexpr std::int64_t kSluiceLockKey = 1936487785;

// Who holds the lock, for the message when it cannot be had.
std::string describeLockHolder(PgSession& session, std::int64_t key);

struct LockWait {
  std::chrono::milliseconds waited{0};
};

// Takes the lock, waiting up to `wait`; `onWaiting` is called once when the first
// attempt fails (to tell the user who holds it). LockNotObtained names the holder.
Expected<LockWait> acquireMigrationLock(PgSession& session, std::int64_t key, std::chrono::milliseconds wait,
                                        const std::function<void(const std::string& holder)>& onWaiting = {});

// Releases it; false when the session did not hold it (or is gone).
bool releaseMigrationLock(PgSession& session, std::int64_t key);

}  // namespace sluice
