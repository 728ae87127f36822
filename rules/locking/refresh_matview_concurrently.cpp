#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class RefreshMatviewConcurrently final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* refresh = SLUICE_NODE_AS(context, REFRESH_MAT_VIEW_STMT, refresh_mat_view_stmt);
    if (refresh == nullptr || refresh->concurrent) return;
    ast::QualifiedName view = ast::relationName(refresh->relation);
    // A view this migration created has no readers yet.
    if (context.schema().isNewObject(ObjectKind::MaterializedView, view)) return;
    std::string described = context.schema().describe(ObjectKind::MaterializedView, view);
    if (refresh->skip_data) {
      out.report(context.span(),
                 "REFRESH ... WITH NO DATA of " + described +
                     ": it empties the view under an ACCESS EXCLUSIVE lock, and every query on it fails until it "
                     "is refreshed again",
                 "Drop the view, or refresh it with data (CONCURRENTLY, which cannot be combined with WITH NO "
                 "DATA).");
      return;
    }
    out.report(context.span(), "REFRESH MATERIALIZED VIEW without CONCURRENTLY of " + described +
                                   ": it holds an ACCESS EXCLUSIVE lock on the view for the whole query, so every "
                                   "read of the view waits");
  }
};

}  // namespace

const RuleDefinition& refreshMatviewConcurrentlyRule() {
  static const RuleDefinition definition{
      {
          .name = "refresh-matview-concurrently",
          .code = "L012",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads of the view while it runs.",
          .rationale =
              "A plain REFRESH MATERIALIZED VIEW runs the view's query and swaps in the result while holding an "
              "ACCESS EXCLUSIVE lock on the view (checked on PostgreSQL 15 in pg_locks), so every query that "
              "reads the view waits for the whole refresh. REFRESH ... CONCURRENTLY holds only an EXCLUSIVE "
              "lock, which lets reads continue, and updates the rows that changed. Materialized views created "
              "in the same migration are not flagged.",
          .safeAlternative =
              "Use REFRESH MATERIALIZED VIEW CONCURRENTLY. It needs a UNIQUE index on the view (without a WHERE "
              "clause, on plain columns) and a view that has been populated once; it may run in a transaction.",
          .badExample = "REFRESH MATERIALIZED VIEW daily_sales;",
          .goodExample = "CREATE UNIQUE INDEX CONCURRENTLY daily_sales_day_key ON daily_sales (day);\n"
                         "REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;",
      },
      makeRule<RefreshMatviewConcurrently>};
  return definition;
}

}  // namespace sluice::rules
