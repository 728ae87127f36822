#pragma once
// Rollback generation: the schema model run backwards. The history of a migrations
// folder is replayed statement by statement; for each statement of a migration whose
// rollback is wanted, the inverse is written against the model just before it (and the
// definitions the history wrote), and the rollback is those inverses in reverse order.
// What the model cannot undo (a statement it could not read, a data change, code it
// cannot follow) becomes a `-- sluice: cannot generate ...` line with the reason.

#include <functional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "linter/migration.hpp"

namespace sluice::rollback {

struct GeneratedRollback {
  const Migration* migration = nullptr;
  std::string sql;              // the rollback, one statement or comment per line
  std::size_t cannotCount = 0;  // `-- sluice: cannot generate` lines in it
  std::size_t statementCount = 0;
};

// The rollbacks of the migrations of `set` for which `wanted` is true, in apply order.
// A forward file that cannot be read is an error (it is the history the rollbacks
// depend on).
Expected<std::vector<GeneratedRollback>> generateRollbacks(const MigrationSet& set,
                                                           const std::function<bool(const Migration&)>& wanted);

// The rollback of the migration `sql` after the migrations `history`; for tests.
GeneratedRollback generateRollbackOfText(const std::vector<std::string>& history, const std::string& sql);

}  // namespace sluice::rollback
