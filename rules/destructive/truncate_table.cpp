#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class TruncateTable final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* truncate = SLUICE_NODE_AS(context, TRUNCATE_STMT, truncate_stmt);
    if (truncate == nullptr) return;
    bool cascade = truncate->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (size_t i = 0; i < truncate->n_relations; ++i) {
      const ast::Node* relation = truncate->relations[i];
      if (relation->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) continue;
      ast::QualifiedName table = ast::relationName(relation->range_var);
      // Emptying a table this migration created (a staging or temp table) loses nothing.
      if (isScratchTable(context.schema(), table)) continue;
      std::string message = "TRUNCATE deletes every row of " + context.schema().describe(ObjectKind::Table, table);
      if (cascade) message += ", and CASCADE empties every table with a foreign key to it as well";
      out.report(context.spanAt(relation->range_var->location), message);
    }
  }
};

}  // namespace

const RuleDefinition& truncateTableRule() {
  static const RuleDefinition definition{
      {
          .name = "truncate-table",
          .code = "D005",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "TRUNCATE deletes every row of an existing table.",
          .rationale = "TRUNCATE takes an ACCESS EXCLUSIVE lock, so every read and write of the table waits, and "
                       "replaces the table's storage with an empty file: all rows are gone at commit, without "
                       "row-level triggers firing, and only a backup brings them back. With CASCADE it also empties "
                       "every table that has a foreign key to it; with RESTART IDENTITY it resets the sequences of "
                       "its identity and serial columns.",
          .safeAlternative = "Delete the rows that must go with a bounded DELETE ... WHERE, in batches on large "
                             "tables; if the table really must be emptied, take a snapshot first and say why in a "
                             "`-- sluice:ignore truncate-table` comment.",
          .badExample = "TRUNCATE orders;",
          .goodExample = "CREATE TEMP TABLE import_staging (LIKE orders);\n"
                         "-- a table created in the same migration holds nothing anyone relies on yet\n"
                         "TRUNCATE import_staging;",
      },
      makeRule<TruncateTable>};
  return definition;
}

}  // namespace sluice::rules
