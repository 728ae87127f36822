#include <optional>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class ConcurrentlyInTransaction final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    if (context.statement().depth != 0) return;
    TransactionControl control = transactionControl(context.node());
    if (control == TransactionControl::Begin && !context.transaction().explicitBlock) {
      blockStart_ = context.span().begin;
    }
    std::string reason = nonTransactionalReason(context.node(), context.pgVersion());
    if (reason.empty() || !context.inTransaction()) return;
    std::string where;
    std::string help;
    if (context.transaction().explicitBlock && blockStart_) {
      where = "inside the transaction block opened by the BEGIN on line " +
              std::to_string(context.source().lines().position(*blockStart_).line);
      help =
          "Move it out of the BEGIN ... COMMIT block; sluice's runner runs a file with such a statement "
          "statement by statement.";
    } else if (context.plan().mode == ExecutionMode::SimpleQuery) {
      where =
          "in a Prisma migration with several statements, which Prisma sends as one message that PostgreSQL "
          "runs as one implicit transaction";
      help =
          "Make it the only statement of its own Prisma migration (a single statement runs outside a "
          "transaction).";
    } else {
      where = "inside a transaction";
      help = "Run it outside a transaction block.";
    }
    out.report(context.span(),
               reason + " cannot run inside a transaction block, and this one runs " + where +
                   ": PostgreSQL rejects it and the migration fails",
               std::move(help));
  }

 private:
  std::optional<std::size_t> blockStart_;
};

}  // namespace

const RuleDefinition& concurrentlyInTransactionRule() {
  static const RuleDefinition definition{
      {
          .name = "concurrently-in-transaction",
          .code = "T001",
          .category = Category::Transaction,
          .defaultSeverity = Severity::Error,
          .summary = "A statement that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) inside "
                     "one.",
          .rationale =
              "PostgreSQL refuses to run some statements inside a transaction block: CREATE INDEX, DROP INDEX "
              "and REINDEX with CONCURRENTLY, ALTER TABLE ... DETACH PARTITION CONCURRENTLY, VACUUM, CLUSTER "
              "without a table, REINDEX SCHEMA/SYSTEM/DATABASE, CREATE/DROP DATABASE and TABLESPACE, ALTER "
              "SYSTEM, CREATE/DROP SUBSCRIPTION, and before PostgreSQL 12 ALTER TYPE ... ADD VALUE. Inside "
              "BEGIN ... COMMIT, or in a Prisma migration with more than one statement (Prisma sends the whole "
              "file as one message, which PostgreSQL runs as one implicit transaction), the statement fails with "
              "\"cannot run inside a transaction block\" (checked on PostgreSQL 15, also after a COMMIT within "
              "the same message) and the migration stops half way. The statements are recognised by the parser, "
              "so CONCURRENTLY in a comment or a string never counts. A file without BEGIN is fine for sluice's "
              "runner, which then runs it statement by statement.",
          .safeAlternative =
              "Take the statement out of the BEGIN ... COMMIT block. In Prisma, give it a migration of its own in "
              "which it is the only statement.",
          .badExample = "BEGIN;\nDROP INDEX CONCURRENTLY orders_customer_idx;\nCOMMIT;",
          .goodExample = "DROP INDEX CONCURRENTLY orders_customer_idx;",
      },
      makeRule<ConcurrentlyInTransaction>};
  return definition;
}

}  // namespace sluice::rules
