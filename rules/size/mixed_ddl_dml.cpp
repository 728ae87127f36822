#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

// A data backfill: rows written in bulk to a table that existed before the migration.
// INSERT ... VALUES seeds a few rows and is not one.
const Change* backfill(const std::vector<Change>& changes) {
  for (const Change& change : changes) {
    if (!change.existed) continue;
    if (change.action == ChangeAction::Update || change.action == ChangeAction::Delete ||
        (change.action == ChangeAction::Insert && change.fromQuery)) {
      return &change;
    }
  }
  return nullptr;
}

// A schema change on an object that existed before the migration: it holds its lock
// (often ACCESS EXCLUSIVE) until the transaction ends.
const Change* schemaChange(const std::vector<Change>& changes) {
  for (const Change& change : changes) {
    if (isSchemaChange(change) && touchesExisting(change)) return &change;
  }
  return nullptr;
}

class MixedDdlDml final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    if (context.role() != FileRole::Forward) return;
    // Statements outside a transaction, and those after a COMMIT, start a new one.
    if (!context.inTransaction() || endedTransaction_) {
      ddl_.reset();
      dml_.reset();
    }
    TransactionControl control = transactionControl(context.node());
    endedTransaction_ = control == TransactionControl::Commit || control == TransactionControl::Rollback;
    if (reported_) return;
    const Change* data = backfill(context.changes());
    const Change* schema = schemaChange(context.changes());
    if (schema != nullptr && !ddl_) ddl_ = Seen{context.span(), summarizeChange(*schema)};
    if (data != nullptr && !dml_) dml_ = Seen{context.span(), summarizeChange(*data)};
    if (!ddl_ || !dml_) return;
    bool dataLast = data != nullptr && !(schema != nullptr && ddl_->span.begin == context.span().begin);
    const Seen& other = dataLast ? *ddl_ : *dml_;
    TextPosition where = context.source().lines().position(other.span.begin);
    std::string message =
        dataLast ? "this statement " + dml_->what + " in the same transaction as a schema change on line " +
                       std::to_string(where.line) + " (" + ddl_->what +
                       "): the backfill runs while that change holds its lock"
                 : "this statement " + ddl_->what + " in the same transaction as the backfill on line " +
                       std::to_string(where.line) + " (" + dml_->what +
                       "): a failure in either undoes both, and the lock is held until the end";
    out.report(context.span(), message);
    reported_ = true;
  }

 private:
  struct Seen {
    Span span;
    std::string what;
  };
  std::optional<Seen> ddl_;
  std::optional<Seen> dml_;
  bool endedTransaction_ = false;
  bool reported_ = false;
};

}  // namespace

const RuleDefinition& mixedDdlDmlRule() {
  static const RuleDefinition definition{
      {
          .name = "mixed-ddl-dml",
          .code = "S002",
          .category = Category::Size,
          .defaultSeverity = Severity::Warning,
          .summary = "A migration changes the schema of existing tables and backfills data in one transaction.",
          .rationale =
              "Schema changes take locks (ALTER TABLE takes ACCESS EXCLUSIVE) that are held until the "
              "transaction commits. A backfill in the same transaction (UPDATE, DELETE, INSERT ... SELECT on a "
              "table that existed before) runs for as long as the table is large, and every query on the altered "
              "table waits for all of it; if the backfill fails, the schema change is undone with it, and the "
              "other way round. Backfills belong in their own migration (or a job), in batches, after the schema "
              "change has shipped.\n\n"
              "Not reported: seeding a table created in the same migration, INSERT ... VALUES of a few rows, "
              "statements in function bodies (they run later), and schema changes and backfills that run in "
              "different transactions (a migration that runs statement by statement, or commits in between).",
          .safeAlternative = "Ship the schema change first; backfill in a separate migration or job, in batches "
                             "that each commit.",
          .badExample = "ALTER TABLE users ADD COLUMN email_lower text;\nUPDATE users SET email_lower = lower(email);",
          .goodExample = "-- 20240301000000_add_email_lower.sql\nALTER TABLE users ADD COLUMN email_lower text;\n"
                         "-- 20240302000000_backfill_email_lower.sql (batched, -- sluice:no-transaction)\n"
                         "UPDATE users SET email_lower = lower(email) WHERE id BETWEEN 1 AND 10000;",
      },
      makeRule<MixedDdlDml>};
  return definition;
}

}  // namespace sluice::rules
