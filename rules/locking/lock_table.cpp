#include <array>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

// LOCK TABLE's modes by number (1 = ACCESS SHARE ... 8 = ACCESS EXCLUSIVE).
constexpr std::array<std::string_view, 9> kModeNames{
    "",      "ACCESS SHARE",        "ROW SHARE", "ROW EXCLUSIVE",   "SHARE UPDATE EXCLUSIVE",
    "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"};
constexpr int32_t kShare = 5;
constexpr int32_t kAccessExclusive = 8;

class LockTable final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* lock = SLUICE_NODE_AS(context, LOCK_STMT, lock_stmt);
    if (lock == nullptr) return;
    int32_t mode = lock->mode >= 1 && lock->mode <= kAccessExclusive ? lock->mode : kAccessExclusive;
    std::string modeName(kModeNames[static_cast<std::size_t>(mode)]);
    if (!context.inTransaction()) {
      // Checked on PostgreSQL 15: "LOCK TABLE can only be used in transaction blocks".
      out.report(context.span(),
                 "LOCK TABLE outside a transaction block fails: PostgreSQL refuses it (\"LOCK TABLE can only be "
                 "used in transaction blocks\"), and here it runs on its own",
                 "Put the LOCK TABLE and the statements it protects in one transaction, or remove it.");
      return;
    }
    // Weaker modes do not block writes.
    if (mode < kShare) return;
    std::string tables;
    for (size_t i = 0; i < lock->n_relations; ++i) {
      if (lock->relations[i]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) continue;
      ast::QualifiedName name = ast::relationName(lock->relations[i]->range_var);
      // A table created in this transaction is invisible to other sessions anyway.
      if (context.schema().isNewTable(name)) continue;
      if (!tables.empty()) tables += "; ";
      tables += context.schema().describe(ObjectKind::Table, name);
    }
    if (tables.empty()) return;
    std::string blocked = mode == kAccessExclusive ? "every read and write" : "every write";
    out.report(context.span(),
               "LOCK TABLE in " + modeName + " mode blocks " + blocked +
                   " until the migration's transaction ends, not just for one statement" +
                   (lock->nowait ? std::string() : std::string(", and waits without limit to get the lock")) + ": " +
                   tables);
  }
};

}  // namespace

const RuleDefinition& lockTableRule() {
  static const RuleDefinition definition{
      {
          .name = "lock-table",
          .code = "L011",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "An explicit LOCK TABLE holds a write-blocking lock for the rest of the transaction.",
          .rationale =
              "LOCK TABLE without a mode takes ACCESS EXCLUSIVE, which blocks every read and write; SHARE, SHARE "
              "ROW EXCLUSIVE and EXCLUSIVE block writes. The lock is held until the transaction ends, so in a "
              "migration that runs as one transaction it covers every later statement, data backfills "
              "included, and while it waits for running transactions every later query on the table queues "
              "behind it. Outside a transaction block LOCK TABLE fails outright (checked on PostgreSQL 15: "
              "\"LOCK TABLE can only be used in transaction blocks\"); that is reported whatever the mode. "
              "Weaker modes, which do not block writes, and tables created in the same migration are not "
              "flagged.",
          .safeAlternative =
              "Let each statement take the lock it needs, for as short a time as possible, and set lock_timeout "
              "(see require-lock-timeout). If the lock really is needed, for example to keep a backfill "
              "consistent, take the weakest mode that works, use NOWAIT, keep the transaction short and say why "
              "with `-- sluice:ignore lock-table`.",
          .badExample = "BEGIN;\nLOCK TABLE orders;\nUPDATE orders SET status = 'open' WHERE status IS NULL;\nCOMMIT;",
          .goodExample = "UPDATE orders SET status = 'open' WHERE status IS NULL AND id BETWEEN 1 AND 10000;",
      },
      makeRule<LockTable>};
  return definition;
}

}  // namespace sluice::rules
