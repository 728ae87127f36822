// Lock-timeout retries: the backoff (doubling, capped, jittered but never below half)
// and the line the terminal shows while a migration waits.
#include "runner/lock_retry.hpp"

#include <gtest/gtest.h>

namespace sluice {
namespace {

using std::chrono::milliseconds;

TEST(LockRetry, TheDelayDoublesUpToTheCapWithJitterBetweenHalfAndAll) {
  LockRetryPolicy policy;
  policy.retries = 10;
  policy.firstDelay = Duration(milliseconds(1000));
  policy.maxDelay = Duration(milliseconds(5000));
  EXPECT_EQ(policy.delayBefore(1, 0.999999).count(), 999);
  EXPECT_EQ(policy.delayBefore(1, 0.0), milliseconds(500));
  EXPECT_EQ(policy.delayBefore(2, 0.0), milliseconds(1000));
  EXPECT_EQ(policy.delayBefore(3, 0.0), milliseconds(2000));
  EXPECT_EQ(policy.delayBefore(4, 0.0), milliseconds(2500));   // 8 s, capped at 5 s
  EXPECT_EQ(policy.delayBefore(60, 0.5), milliseconds(3750));  // no overflow however many retries
  for (int retry = 1; retry <= 10; ++retry) {
    milliseconds random = policy.delayBefore(retry);
    EXPECT_GE(random, policy.delayBefore(retry, 0.0));
    EXPECT_LE(random, policy.delayBefore(retry, 1.0));
  }
}

TEST(LockRetry, AFirstDelayAboveTheCapIsKept) {
  LockRetryPolicy policy;
  policy.firstDelay = Duration(milliseconds(120'000));
  EXPECT_EQ(policy.delayBefore(3, 1.0), milliseconds(120'000));
}

TEST(LockRetry, TheWaitingLineNamesTheRelationTheHolderAndTheNextAttempt) {
  LockTimeoutWait wait;
  wait.attempt = 1;
  wait.relation = "public.orders";
  Blocker blocker;
  blocker.pid = 4711;
  blocker.application = "app";
  blocker.state = "idle in transaction";
  blocker.transactionSeconds = 185;
  wait.blockers.push_back(blocker);
  EXPECT_EQ(describeLockRetry(wait, 6, milliseconds(4000)),
            "waiting for a lock on public.orders, held by pid 4711 (app, idle in transaction for 3 min 05 s): "
            "attempt 2 of 6, next in 4.0 s");
  wait.blockers.clear();
  wait.relation.clear();
  EXPECT_EQ(describeLockRetry(wait, 3, milliseconds(500)), "waiting for a lock: attempt 2 of 3, next in 500 ms");
}

}  // namespace
}  // namespace sluice
