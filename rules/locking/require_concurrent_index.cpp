#include "rules/fix_support.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class RequireConcurrentIndex final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* index = SLUICE_NODE_AS(context, INDEX_STMT, index_stmt);
    if (index == nullptr || index->concurrent) return;
    ast::QualifiedName table = ast::relationName(index->relation);
    // An index on a table created in this migration blocks nobody: the table is empty
    // and invisible to other sessions until the migration commits.
    if (context.schema().isNewTable(table)) return;
    Finding& finding = out.report(
        context.span(), "creating an index on " + asSubject(context.schema().describe(ObjectKind::Table, table)) +
                            " without CONCURRENTLY blocks writes to it until the index is built");
    const char* name = index->idxname != nullptr ? index->idxname : "";
    // PostgreSQL 15 cannot build an index on a partitioned table concurrently.
    const ModelTable* model = context.schema().table(table);
    if (model == nullptr || !model->partitioned) finding.fix = concurrentIndexFix(context, "create", name, table.name);
  }
};

}  // namespace

const RuleDefinition& requireConcurrentIndexRule() {
  static const RuleDefinition definition{
      {
          .name = "require-concurrent-index",
          .code = "L001",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "CREATE INDEX on an existing table without CONCURRENTLY blocks writes while it builds.",
          .rationale = "CREATE INDEX takes a SHARE lock on the table: reads continue but every INSERT, UPDATE and "
                       "DELETE waits until the whole index is built, which takes minutes on a large table.",
          .safeAlternative = "Use CREATE INDEX CONCURRENTLY, in a migration of its own that runs outside a "
                             "transaction (sluice's runner does this automatically; in Prisma, make it the only "
                             "statement of its migration).",
          .badExample = "CREATE INDEX orders_customer_idx ON orders (customer_id);",
          .goodExample = "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);",
          .fix = "adds CONCURRENTLY. In a file with other statements (which runs in one transaction, where "
                 "CONCURRENTLY fails or would take the whole file out of its transaction), it moves the statement "
                 "into a new migration of its own right after the file's migration, which must be the newest; not "
                 "when a later statement of the file names the index or its table, nor in a rollback.",
      },
      makeRule<RequireConcurrentIndex>};
  return definition;
}

}  // namespace sluice::rules
