#pragma once
// Runs one planned file (plan.hpp) on the scratch database for `sluice verify`: in one
// transaction when its plan says so, otherwise statement by statement as written, with
// every statement that can run in a transaction wrapped in its own, so that its locks
// can be seen before they are released. No history is written: the scratch database
// is thrown away.

#include <optional>
#include <string>

#include "runner/executor.hpp"
#include "runner/plan.hpp"
#include "verify/locks.hpp"

namespace sluice {

struct ApplyOutcome {
  bool ok = true;
  // Failed after part of the file was committed: the database is neither before nor
  // after the file.
  bool partial = false;
  std::optional<StatementFailure> failure;
  std::vector<StatementObservation> statements;  // when observed
  double durationMs = 0;
};

// `observer` may be null (rollbacks and re-applies are not observed).
ApplyOutcome applyFile(PgSession& session, const FilePlan& plan, LockObserver* observer);

// Runs the statements of a file whose plan is one transaction inside the transaction
// the caller opened (and will end): no BEGIN, COMMIT or ROLLBACK of its own.
ApplyOutcome applyInOpenTransaction(PgSession& session, const FilePlan& plan);

}  // namespace sluice
