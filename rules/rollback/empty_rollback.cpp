#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class EmptyRollback final : public Rule {
 public:
  void checkMigration(const MigrationPairContext& context, PairFindingSink& out) override {
    const LintedFile* rollback = context.rollback();
    if (rollback == nullptr || context.forward() == nullptr || !rollback->empty()) return;
    // The parts of a split migration roll back together: another part's rollback may
    // undo this part.
    for (const LintedFile* other : context.rollbacksOfGroup()) {
      if (!other->empty()) return;
    }
    std::vector<Change> undo = changesToUndo(context.forward()->changes);
    // A forward migration that changes no schema (a backfill, or nothing) leaves a
    // rollback nothing to do.
    if (undo.empty()) return;
    std::string more = undo.size() > 1 ? " (and makes " + std::to_string(undo.size() - 1) + " more change" +
                                             (undo.size() > 2 ? "s" : "") + ")"
                                       : std::string();
    Finding* finding =
        out.report(FileRole::Rollback, rollback->fileSpan(),
                   "the rollback is empty, but its migration " + summarizeChange(undo.front()) + more +
                       ": running it would record the migration as rolled back and leave every change in place");
    if (finding != nullptr) {
      for (std::size_t i = 0; i < undo.size() && i < 5; ++i) {
        TextPosition where = context.forward()->source.lines().position(undo[i].span.begin);
        finding->notes.push_back(context.forward()->source.path() + ":" + std::to_string(where.line) + " " +
                                 summarizeChange(undo[i]));
      }
    }
  }
};

}  // namespace

const RuleDefinition& emptyRollbackRule() {
  static const RuleDefinition definition{
      {
          .name = "empty-rollback",
          .code = "R002",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "A rollback file is empty (or holds only comments) while its migration changes the schema.",
          .rationale =
              "An empty rollback runs without error, so `sluice rollback` records the migration as undone while "
              "every table, column and index it created is still there; the next deploy then fails or, worse, "
              "succeeds on a schema nobody expects. Files that hold only comments count as empty. A rollback of "
              "a migration that changes no schema (a data backfill) may be empty. For migrations that ory/popx "
              "splits into parts, the rollbacks of all parts count together.",
          .safeAlternative = "Write the statements that undo the migration. If it cannot be undone, keep a "
                             "comment that says why and suppress the finding with `-- sluice:ignore-file "
                             "empty-rollback` in the rollback file, so that the decision is visible.",
          .badExample = "-- 20240301000000_add_email/down.sql\n-- nothing to do",
          .goodExample = "-- 20240301000000_add_email/down.sql\nALTER TABLE users DROP COLUMN email;",
      },
      makeRule<EmptyRollback>};
  return definition;
}

}  // namespace sluice::rules
