#include <optional>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class TransactionNesting final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    if (context.statement().depth != 0) return;
    TransactionControl control = transactionControl(context.node());
    // In a Prisma migration of several statements the whole file is one implicit
    // transaction, which Prisma trusts to be all or nothing.
    bool prisma = context.plan().mode == ExecutionMode::SimpleQuery && context.inTransaction();
    if (prisma && pending_) {
      // Any statement after the COMMIT or ROLLBACK, even another BEGIN.
      report(*pending_, out);
      pending_.reset();
    }
    if (control == TransactionControl::Begin) {
      if (context.transaction().explicitDepth > 0) {
        out.report(context.span(),
                   "BEGIN inside the transaction block opened on line " + lineOf(context, blockStart_) +
                       " does not start a nested transaction: PostgreSQL only warns \"there is already a "
                       "transaction in progress\", the next COMMIT commits everything since the first BEGIN, and "
                       "a ROLLBACK after that has nothing left to undo",
                   "Use SAVEPOINT name / ROLLBACK TO SAVEPOINT name / RELEASE SAVEPOINT name for a nested unit, "
                   "or remove the inner BEGIN.");
      } else {
        blockStart_ = context.span().begin;
      }
      return;
    }
    if (prisma && (control == TransactionControl::Commit || control == TransactionControl::Rollback)) {
      pending_ = Pending{context.span(), context.index(), control == TransactionControl::Rollback};
    }
  }

  void finishFile(const MigrationContext& /*context*/, FindingSink& out) override {
    // A ROLLBACK at the very end still undoes the migration that Prisma records as applied.
    if (pending_ && pending_->rollback) report(*pending_, out);
  }

 private:
  struct Pending {
    Span span;
    std::size_t statement = 0;
    bool rollback = false;
  };

  static std::string lineOf(const StatementContext& context, std::optional<std::size_t> offset) {
    if (!offset) return "?";
    return std::to_string(context.source().lines().position(*offset).line);
  }

  // Reported once the next statement shows the COMMIT was not the end; the finding
  // belongs to the COMMIT, so that `-- sluice:ignore` before it applies.
  static void report(const Pending& pending, FindingSink& out) {
    Finding* finding = nullptr;
    if (pending.rollback) {
      finding = &out.report(
          pending.span,
          "ROLLBACK in a Prisma migration silently undoes every statement before it (PostgreSQL only warns), while "
          "Prisma goes on and records the migration as applied",
          "Remove the ROLLBACK; to try a change without keeping it, use a scratch database.");
    } else {
      finding = &out.report(
          pending.span,
          "COMMIT in the middle of a Prisma migration: Prisma sends the file as one message, which PostgreSQL runs "
          "as one transaction only up to this COMMIT. Everything before it is committed here, so if a later "
          "statement fails, Prisma marks the migration failed while it stays half applied",
          "Split the file into two migrations at this COMMIT, or remove the BEGIN/COMMIT and let the whole file be "
          "one transaction.");
    }
    finding->statement = pending.statement;
  }

  std::optional<std::size_t> blockStart_;
  std::optional<Pending> pending_;
};

}  // namespace

const RuleDefinition& transactionNestingRule() {
  static const RuleDefinition definition{
      {
          .name = "transaction-nesting",
          .code = "T002",
          .category = Category::Transaction,
          .defaultSeverity = Severity::Error,
          .summary = "BEGIN inside a transaction block, or COMMIT/ROLLBACK that splits a Prisma migration.",
          .rationale =
              "PostgreSQL has no nested transactions. A BEGIN inside an open block only raises a warning; the "
              "first COMMIT then commits everything, and a later ROLLBACK meant for the \"outer\" transaction "
              "finds nothing to undo. Prisma sends a migration file as one simple-query message, which "
              "PostgreSQL runs as one implicit transaction; a BEGIN turns it into an explicit block (statements "
              "before it included), and a COMMIT in the middle commits everything up to it. Statements after "
              "that COMMIT form a new transaction, so when one of them fails the migration is left half "
              "applied and Prisma marks it failed. A ROLLBACK in a Prisma migration discards every statement "
              "before it with only a warning, and Prisma records the migration as applied. All of this was "
              "checked on PostgreSQL 15 with multi-statement messages. A BEGIN ... COMMIT that wraps a whole "
              "Prisma file is harmless and not flagged.",
          .safeAlternative =
              "Use SAVEPOINT for a nested unit. In Prisma, let the file be one transaction (no BEGIN/COMMIT), or "
              "split it into separate migrations where it needs separate transactions.",
          .badExample = "-- a Prisma migration.sql\nBEGIN;\nALTER TYPE \"Role\" RENAME TO \"Role_old\";\nCOMMIT;\n"
                        "ALTER TABLE \"User\" ADD COLUMN \"role\" \"Role\";",
          .goodExample = "BEGIN;\nALTER TYPE \"Role\" RENAME TO \"Role_old\";\nALTER TABLE \"User\" ADD COLUMN "
                         "\"role\" \"Role\";\nCOMMIT;",
      },
      makeRule<TransactionNesting>};
  return definition;
}

}  // namespace sluice::rules
