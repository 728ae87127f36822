#pragma once
// For rules that remember something until the transaction it happened in ends (an enum
// value added, a constraint added NOT VALID, SET LOCAL lock_timeout): tells them when
// that transaction is over, from the same plan the runner executes.

#include "rules/rule_support.hpp"

namespace sluice::rules {

// True when the transaction that earlier statements ran in has ended by the time
// `context`'s statement runs, or this statement ends it: the statement runs on its own
// (autocommit, so whatever ran before was committed), or it is COMMIT or ROLLBACK. In a
// Prisma file a BEGIN does not end anything: PostgreSQL turns the implicit transaction
// of the message into the explicit block, statements before it included.
inline bool transactionEndsAt(const StatementContext& context) {
  if (!context.inTransaction()) return true;
  TransactionControl control = transactionControl(context.node());
  return control == TransactionControl::Commit || control == TransactionControl::Rollback;
}

}  // namespace sluice::rules
