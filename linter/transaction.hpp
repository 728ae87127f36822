#pragma once
// How a migration's statements meet transactions. The linter uses this to decide what
// is "in a transaction"; the runner uses the same plan to execute the file, so the two
// can never disagree.

#include <string>
#include <vector>

#include "linter/ast.hpp"
#include "linter/migration.hpp"
#include "linter/parser.hpp"

namespace sluice {

// Why PostgreSQL refuses `statement` inside a transaction block ("CREATE INDEX
// CONCURRENTLY"), or empty when it does not.
std::string nonTransactionalReason(const ast::Node* statement, int pgVersion);

// Like the above, for statement `index` of `parsed`, and also seeing inside DO blocks:
// one that runs COMMIT or ROLLBACK (PostgreSQL 11+) fails with "invalid transaction
// termination" inside a transaction block, explicit or implicit.
std::string nonTransactionalReason(const ParsedSql& parsed, std::size_t index, int pgVersion);

enum class TransactionControl { None, Begin, Commit, Rollback, Savepoint, Other };
TransactionControl transactionControl(const ast::Node* statement);

// How the runner executes a migration file.
enum class ExecutionMode {
  SingleTransaction,     // BEGIN; every statement and the history row; COMMIT
  StatementByStatement,  // each statement on its own (autocommit); history after the last
  AsWritten,             // the file's own BEGIN/COMMIT are the transaction boundaries
  SimpleQuery,           // Prisma, golang-migrate: the whole file as one simple-query message
};
std::string_view executionModeName(ExecutionMode mode);

struct StatementTransaction {
  bool inTransaction = false;  // runs inside a transaction block (explicit or implicit)
  bool explicitBlock = false;  // inside the file's own BEGIN ... COMMIT
  int explicitDepth = 0;       // number of BEGINs not yet committed before this statement
  // The tool's message that carries the statement (top-level statements of one message
  // share it): outside a transaction, the statements of one message run as one implicit
  // transaction.
  std::size_t message = 0;
};

struct TransactionPlan {
  ExecutionMode mode = ExecutionMode::SingleTransaction;
  std::vector<StatementTransaction> statements;  // one per top-level statement, same order
  std::string reason;                  // why the mode was chosen, for the plan ("contains CREATE INDEX CONCURRENTLY")
  bool declaredNoTransaction = false;  // `-- sluice:no-transaction` or layout metadata
};

// `text` is the parsed text; `execution`: how the part's tool sends it (linter/migration.hpp);
// `noTransactionDirective`: the file carries `-- sluice:no-transaction`, which only
// sluice's own runner reads.
TransactionPlan planTransactions(const ParsedSql& parsed, std::string_view text, const PartExecution& execution,
                                 bool noTransactionDirective, int pgVersion);

}  // namespace sluice
