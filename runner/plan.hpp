#pragma once
// How the runner executes one file, derived from the linter's transaction plan
// (linter/transaction.hpp) so that what `sluice lint` says about transactions and what
// `sluice deploy` does can never disagree:
//
//   SingleTransaction  -> one transaction: the statements and the history row commit
//                         together or not at all.
//   SimpleQuery        -> Prisma sends the file as one message, which PostgreSQL runs
//                         as one implicit transaction; sluice runs the same statements in
//                         one explicit transaction with the history row (the same
//                         all-or-nothing, and the row can never be missing). A file of
//                         one statement that refuses a transaction (CREATE INDEX
//                         CONCURRENTLY) runs on its own, as Prisma runs it; a file with
//                         its own BEGIN/COMMIT runs as written.
//   StatementByStatement, AsWritten
//                      -> outside a runner transaction, statement by statement, the
//                         file's own BEGIN/COMMIT included (see executor.hpp for how the
//                         history follows).

#include <memory>
#include <string>
#include <vector>

#include "linter/context.hpp"
#include "linter/migration.hpp"
#include "linter/span.hpp"
#include "linter/transaction.hpp"

namespace sluice {

struct PlannedStatement {
  Span span;  // byte range in the file, without the ';'
  TransactionControl control = TransactionControl::None;
  std::string nonTransactional;  // why it cannot run in a transaction, or empty
  // A failed statement of this kind may leave something behind (an INVALID index, a
  // pending partition detach): SQL that says whether it did, and what to run.
  std::string residueCheck;
  std::string residueAdvice;
  // For CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY: which indexes this statement
  // may leave INVALID when it fails (a condition on pg_index `i` and pg_class `c`), so
  // that those created by the statement itself can be dropped again.
  std::string leftoverScope;
  bool setsSession = false;  // SET (not LOCAL), SET ROLE, ...: outlives the migration
};

struct FilePlan {
  std::string path;  // for messages: migrations/x.sql
  std::shared_ptr<const std::string> text;
  Span lines;                                // the part's lines in the file; {0, 0}: the whole file
  std::vector<PlannedStatement> statements;  // top level, in order
  std::vector<std::string> statementChecksums;
  TransactionPlan transactions;  // the linter's plan
  bool inTransaction = true;     // false: statement by statement, outside a runner transaction
  std::string description;       // "one transaction", "statement by statement, outside a transaction"
  std::string reason;            // why, when it is not one transaction
  bool changesSession = false;
  // What runs, for the plan: the file, or the lines of its section ("x.sql lines 2-14").
  [[nodiscard]] std::string source() const;
  [[nodiscard]] std::string_view statementText(std::size_t index) const {
    return std::string_view(*text).substr(statements[index].span.begin, statements[index].span.size());
  }
};

// Parses and plans one part of a migration (its forward part or its rollback part, as
// its format reads them: linter/layout.hpp) for a server of major version `pgVersion`.
// `path` names the file in messages.
FilePlan planFile(const MigrationPart& part, const std::string& path, int pgVersion);

// Reads and plans the forward or rollback part of `migration`.
Expected<FilePlan> planMigrationPart(const Migration& migration, FileRole role, int pgVersion);

}  // namespace sluice
