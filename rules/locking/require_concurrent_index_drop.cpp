#include "rules/fix_support.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"

namespace sluice::rules {
namespace {

class RequireConcurrentIndexDrop final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* drop = SLUICE_NODE_AS(context, DROP_STMT, drop_stmt);
    if (drop == nullptr || drop->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || drop->concurrent) return;
    for (size_t i = 0; i < drop->n_objects; ++i) {
      ast::QualifiedName index = ast::objectName(drop->objects[i]);
      // An index this migration created, or one on a table it created, is invisible to
      // other sessions until commit: dropping it blocks nobody.
      if (isNewIndexOrOnNewTable(context, index)) continue;
      ast::QualifiedName table = tableOfIndex(context.schema(), index);
      std::string on = table.empty() ? std::string("its table") : "table " + rules::quoted(table.display());
      Finding& finding =
          out.report(context.span(), "DROP INDEX without CONCURRENTLY of " + describeExistingIndex(context, index) +
                                         ": it takes an ACCESS EXCLUSIVE lock on " + on +
                                         ", so every read and write of it waits, queued behind any long query");
      // DROP INDEX CONCURRENTLY takes one index, without CASCADE, and not on a partitioned table.
      const ModelTable* model = table.empty() ? nullptr : context.schema().table(table);
      if (drop->n_objects == 1 && drop->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE &&
          (model == nullptr || !model->partitioned)) {
        finding.fix = concurrentIndexFix(context, "drop", index.name, table.name);
      }
    }
  }
};

}  // namespace

const RuleDefinition& requireConcurrentIndexDropRule() {
  static const RuleDefinition definition{
      {
          .name = "require-concurrent-index-drop",
          .code = "L002",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "DROP INDEX on an existing index without CONCURRENTLY locks its table against reads and writes.",
          .rationale = "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table (checked on PostgreSQL 15 in "
                       "pg_locks). The drop itself is quick and rewrites nothing, but the lock request waits for every "
                       "running query on the table to finish, and every query that arrives after it, reads included, "
                       "queues behind it: one long report turns a millisecond drop into an outage. Indexes created in "
                       "the same migration, or on a table created in it, are not flagged. A rollback that drops an "
                       "index its migration created on a table that existed before is flagged: by the time it runs "
                       "the index has long been committed and the table is in use.",
          .safeAlternative =
              "Use DROP INDEX CONCURRENTLY: it waits for running transactions instead of blocking new ones. It "
              "drops one index per statement, without CASCADE, and cannot run in a transaction: sluice's runner "
              "then runs the migration statement by statement; in Prisma, make it the only statement of its "
              "migration. (Indexes of partitioned tables cannot be dropped concurrently.)",
          .badExample = "DROP INDEX orders_customer_idx;",
          .goodExample = "DROP INDEX CONCURRENTLY orders_customer_idx;",
          .fix = "adds CONCURRENTLY to a DROP INDEX of one index without CASCADE. In a file with other "
                 "statements it moves the statement into a new migration of its own right after the file's "
                 "migration, which must be the newest; not when a later statement of the file names the index or "
                 "its table, nor in a rollback.",
      },
      makeRule<RequireConcurrentIndexDrop>};
  return definition;
}

}  // namespace sluice::rules
