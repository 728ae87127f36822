#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class DropTable final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* drop = SLUICE_NODE_AS(context, DROP_STMT, drop_stmt);
    if (drop == nullptr || drop->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) return;
    for (size_t i = 0; i < drop->n_objects; ++i) {
      ast::QualifiedName name = ast::objectName(drop->objects[i]);
      // Dropping a table this migration created (a scratch or temp table) loses nothing.
      if (context.schema().isNewTable(name)) continue;
      out.report(context.span(), "dropping " + asSubject(context.schema().describe(ObjectKind::Table, name)) +
                                     " deletes its data; code that still reads it will fail");
    }
  }
};

}  // namespace

const RuleDefinition& dropTableRule() {
  static const RuleDefinition definition{
      {
          .name = "drop-table",
          .code = "D001",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Dropping a table deletes its data and breaks code that still uses it.",
          .rationale = "DROP TABLE takes an ACCESS EXCLUSIVE lock and removes the table and every row in it. "
                       "Application instances still running the previous release fail on their next query, "
                       "and the data can only come back from a backup.",
          .safeAlternative = "Stop using the table in a release first; drop it in a later migration once no "
                             "deployed code reads it, after a snapshot or backup.",
          .badExample = "DROP TABLE orders;",
          .goodExample = "-- release 1: the application stops reading `orders`\n"
                         "-- release 2, after a snapshot:\n"
                         "-- sluice:ignore drop-table -- unused since release 1\nDROP TABLE orders;",
      },
      makeRule<DropTable>};
  return definition;
}

}  // namespace sluice::rules
