#include <optional>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class UncommittedTransaction final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& /*out*/) override {
    if (context.statement().depth != 0) return;
    switch (transactionControl(context.node())) {
      case TransactionControl::Begin:
        if (!open_) open_ = Open{context.span(), context.index(), false};
        break;
      case TransactionControl::Commit:
      case TransactionControl::Rollback:
        // COMMIT AND CHAIN starts the next transaction at once.
        if (context.node()->transaction_stmt->chain) {
          open_ = Open{context.span(), context.index(), true};
        } else {
          open_.reset();
        }
        break;
      default: break;
    }
  }

  void finishFile(const MigrationContext& /*context*/, FindingSink& out) override {
    if (!open_) return;
    Finding& finding = out.report(
        open_->span,
        std::string(open_->chained ? "this AND CHAIN starts a transaction" : "this BEGIN opens a transaction") +
            " that is never committed: at the end of the file it is still open, so whether the migration's changes "
            "stay depends on what the tool does next (PostgreSQL rolls them back when the connection closes, or "
            "commits them together with whatever the tool sends on the same connection)",
        "End the block with COMMIT at the end of the file, or remove the BEGIN and let the runner wrap the "
        "migration.");
    // Belongs to the BEGIN, so that `-- sluice:ignore` before it applies.
    finding.statement = open_->statement;
  }

 private:
  struct Open {
    Span span;
    std::size_t statement = 0;
    bool chained = false;
  };
  std::optional<Open> open_;
};

}  // namespace

const RuleDefinition& uncommittedTransactionRule() {
  static const RuleDefinition definition{
      {
          .name = "uncommitted-transaction",
          .code = "T003",
          .category = Category::Transaction,
          .defaultSeverity = Severity::Error,
          .summary = "A BEGIN without a matching COMMIT or ROLLBACK by the end of the file.",
          .rationale =
              "A migration that opens a transaction block and never closes it leaves its outcome to chance: "
              "PostgreSQL keeps the changes uncommitted, and holds every lock they took, until something ends the "
              "transaction. If the connection closes they are rolled back although the migration seemed to "
              "succeed; if the tool sends more statements on the same connection (its history row, the next "
              "migration), they join the open transaction and are committed or lost together with it. COMMIT AND "
              "CHAIN at the end of a file leaves a new transaction open in the same way.",
          .safeAlternative =
              "Close every BEGIN with COMMIT in the same file, or leave transaction control to the runner: "
              "sluice's runner wraps a migration without BEGIN/COMMIT in one transaction itself.",
          .badExample = "BEGIN;\nALTER TABLE orders ADD COLUMN note text;",
          .goodExample = "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;",
      },
      makeRule<UncommittedTransaction>};
  return definition;
}

}  // namespace sluice::rules
