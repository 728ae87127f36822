#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"

namespace sluice::rules {
namespace {

class RequireConcurrentReindex final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* reindex = SLUICE_NODE_AS(context, REINDEX_STMT, reindex_stmt);
    if (reindex == nullptr || optionEnabled(reindex->params, reindex->n_params, "concurrently")) return;
    const SchemaModel& schema = context.schema();
    std::string what;
    switch (reindex->kind) {
      case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX: {
        ast::QualifiedName index = ast::relationName(reindex->relation);
        // An index this migration created is still invisible to everyone else.
        if (isNewIndexOrOnNewTable(context, index)) return;
        what = "of " + describeExistingIndex(context, index);
        break;
      }
      case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE: {
        ast::QualifiedName table = ast::relationName(reindex->relation);
        if (schema.isNewTable(table)) return;
        what = "of the indexes of " + schema.describe(ObjectKind::Table, table);
        break;
      }
      case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA:
        what = "of every index of schema " + rules::quoted(reindex->name);
        break;
      case PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM:
        // System catalogs cannot be reindexed concurrently at all.
        out.report(context.span(),
                   "REINDEX SYSTEM rebuilds the system catalogs' indexes under locks that stall every session",
                   "PostgreSQL cannot reindex system catalogs concurrently: run it in a maintenance window, not in "
                   "a migration");
        return;
      default: what = "of every index of the database"; break;
    }
    std::string message = "REINDEX without CONCURRENTLY " + what +
                          ": it blocks writes to each table (SHARE lock) and, while an index is rebuilt, every "
                          "query that plans with it (ACCESS EXCLUSIVE lock on the index)";
    if (context.pgVersion() < 12) {
      out.report(context.span(), std::move(message),
                 "PostgreSQL " + std::to_string(context.pgVersion()) +
                     " has no REINDEX CONCURRENTLY (it arrived in 12), so no form of REINDEX avoids the lock: "
                     "build a replacement with CREATE INDEX CONCURRENTLY, drop the old index with DROP INDEX "
                     "CONCURRENTLY and rename the new one, or run the REINDEX in a maintenance window");
      return;
    }
    out.report(context.span(), std::move(message),
               "Use REINDEX ... CONCURRENTLY (PostgreSQL 12+), outside a transaction: sluice's runner then runs the "
               "migration statement by statement; in Prisma, make it the only statement of its migration.");
  }
};

}  // namespace

const RuleDefinition& requireConcurrentReindexRule() {
  static const RuleDefinition definition{
      {
          .name = "require-concurrent-reindex",
          .code = "L003",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "REINDEX without CONCURRENTLY blocks writes to the table and reads that use the index.",
          .rationale =
              "REINDEX INDEX and REINDEX TABLE take a SHARE lock on the table, which blocks INSERT, UPDATE and "
              "DELETE for the whole rebuild, and an ACCESS EXCLUSIVE lock on each index being rebuilt (both "
              "checked on PostgreSQL 15 in pg_locks). The planner opens every index of a table it plans for, "
              "so in practice most queries on the table wait too. The table is not rewritten, but each index "
              "is rebuilt from a full scan. REINDEX SCHEMA and DATABASE do this table after table. Indexes and "
              "tables created in the same migration are not flagged (in a rollback, only tables its migration "
              "created).",
          .safeAlternative =
              "On PostgreSQL 12 and later use REINDEX CONCURRENTLY, which builds a new copy of the index beside "
              "the old one and swaps them with only brief locks. It cannot run in a transaction: sluice's "
              "runner then runs the migration statement by statement; in Prisma, make it the only statement "
              "of its migration. Before 12 there is no concurrent REINDEX: build a replacement with CREATE "
              "INDEX CONCURRENTLY, drop the old index with DROP INDEX CONCURRENTLY and rename the new one.",
          .badExample = "REINDEX INDEX orders_customer_idx;",
          .goodExample = "REINDEX INDEX CONCURRENTLY orders_customer_idx;",
      },
      makeRule<RequireConcurrentReindex>};
  return definition;
}

}  // namespace sluice::rules
