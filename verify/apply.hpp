#pragma once
// Runs planned files (runner/plan.hpp) on the scratch database for `sluice verify`,
// through the runner's executor, so that verify runs SQL files exactly as `sluice deploy`
// does: one transaction or statement by statement as the plan says, the file's own
// BEGIN/COMMIT, session settings reset after a file that changes them. No history is
// written: the scratch database is thrown away.
//
// Lives for one file or one round trip: its lock monitor may hold a second session on
// the scratch database, which must be gone before the database is copied.

#include <string>

#include "common/error.hpp"
#include "common/pg_session.hpp"
#include "runner/executor.hpp"
#include "runner/lock_monitor.hpp"
#include "runner/plan.hpp"
#include "verify/locks.hpp"

namespace sluice {

class ScratchRunner {
 public:
  // `sessionSetup`: what the session runs again after a file reset its settings.
  // `progress` (may be null) sees each statement as it runs.
  ScratchRunner(PgSession& session, const std::string& sessionSetup, ExecutionObserver* progress = nullptr);

  // Runs a file as its plan says. With `observer`, every statement that can be observed
  // is (observer->take() after the file); every statement that would commit on its own
  // then runs in a transaction of its own, so that its locks can be seen.
  FileOutcome run(const FilePlan& plan, LockObserver* observer = nullptr);

  // A transaction around several files, which the caller rolls back: the round trip of a
  // migration whose files all run in a transaction.
  Status begin();
  // Runs a file whose plan is one transaction inside that transaction: no BEGIN, COMMIT
  // or ROLLBACK of its own.
  FileOutcome runInOpenTransaction(const FilePlan& plan);
  void rollback();

 private:
  LockMonitor monitor_;
  Executor executor_;
};

}  // namespace sluice
