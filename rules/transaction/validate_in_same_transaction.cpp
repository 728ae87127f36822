#include <map>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"
#include "rules/transaction_scope.hpp"

namespace sluice::rules {
namespace {

struct NotValidConstraint {
  PgQuery__ConstrType type = PG_QUERY__CONSTR_TYPE__CONSTR_CHECK;
  std::size_t line = 0;  // of the ADD CONSTRAINT
};

class ValidateInSameTransaction final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    if (context.statement().depth != 0) return;
    if (transactionEndsAt(context)) added_.clear();
    const auto* alter = SLUICE_NODE_AS(context, ALTER_TABLE_STMT, alter_table_stmt);
    if (!altersTable(alter)) return;
    ast::QualifiedName table = ast::relationName(alter->relation);
    // On a table created in this migration there is nothing to wait for either way.
    if (context.schema().isNewTable(table)) return;
    for (const auto* cmd : alterCommands(alter)) {
      if (const auto* constraint = addedConstraint(cmd)) {
        bool named = constraint->conname != nullptr && constraint->conname[0] != '\0';
        if (constraint->skip_validation && named) {
          added_[{table.key(), constraint->conname}] = {constraint->contype,
                                                        context.source().lines().position(context.span().begin).line};
        }
      } else if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint) {
        auto it = added_.find({table.key(), cmd->name});
        if (it == added_.end()) continue;
        std::string lock = it->second.type == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN
                               ? "SHARE ROW EXCLUSIVE lock on both tables, which blocks their writes,"
                               : "ACCESS EXCLUSIVE lock, which blocks every read and write,";
        out.report(context.span(),
                   "validating " + rules::quoted(cmd->name) +
                       " in the same transaction that added it NOT VALID (line " + std::to_string(it->second.line) +
                       "): the ADD's " + lock + " is still held while VALIDATE scans " +
                       context.schema().describe(ObjectKind::Table, table) + ", so NOT VALID gains nothing");
      }
    }
    // A statement that runs on its own commits what it added NOT VALID.
    if (transactionEndsAt(context)) added_.clear();
  }

 private:
  std::map<std::pair<std::string, std::string>, NotValidConstraint> added_;  // by (table key, name)
};

}  // namespace

const RuleDefinition& validateInSameTransactionRule() {
  static const RuleDefinition definition{
      {
          .name = "validate-in-same-transaction",
          .code = "T005",
          .category = Category::Transaction,
          .defaultSeverity = Severity::Error,
          .summary = "ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT of it in one transaction.",
          .rationale =
              "NOT VALID exists to split a constraint into a quick catalog change and a scan that does not block "
              "writes: VALIDATE CONSTRAINT takes only a SHARE UPDATE EXCLUSIVE lock. But locks are held until the "
              "transaction ends, so when both run in one transaction the ACCESS EXCLUSIVE lock of the ADD (for a "
              "CHECK), or its SHARE ROW EXCLUSIVE lock on both tables (for a FOREIGN KEY), is still held during "
              "the validation scan, exactly as without NOT VALID. \"One transaction\" means the same BEGIN ... "
              "COMMIT block, a file sluice's runner wraps in one transaction, or a Prisma migration with several "
              "statements. Tables created in the same migration are not flagged.",
          .safeAlternative =
              "VALIDATE CONSTRAINT in a later migration, or after a COMMIT in a file with its own transaction "
              "blocks.",
          .badExample = "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;\n"
                        "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;",
          .goodExample = "ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;\n"
                         "-- in the next migration:\n"
                         "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;",
      },
      makeRule<ValidateInSameTransaction>};
  return definition;
}

}  // namespace sluice::rules
