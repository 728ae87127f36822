#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {

// Reported by `sluice verify` (verify/verify.cpp), which runs migrations and rollbacks on a
// scratch database; listed here so that `sluice explain`, the rule pages and configuration
// know it like any other rule.
const RuleDefinition& rollbackLosesDataRule() {
  static const RuleDefinition definition{
      {
          .name = "rollback-loses-data",
          .code = "V003",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "The migration and its rollback lose or change rows of tables the migration keeps.",
          .rationale =
              "With `--seed FILE`, sluice verify seeded the scratch database, applied the migration and its "
              "rollback, and compared the row counts and checksums of every table the migration does not drop. "
              "The schema is back, the data is not. Reported by `sluice verify`, not by `sluice lint`.",
          .safeAlternative =
              "Keep the data the migration moves or drops (a copy table, a column kept until the next release) "
              "so that the rollback can bring it back, or treat the migration as irreversible and rely on a "
              "snapshot.",
          .badExample = "-- migration\nALTER TABLE orders DROP COLUMN note;\n-- rollback\nALTER TABLE orders ADD "
                        "COLUMN note text;",
          .goodExample = "-- migration: stop using the column, drop it a release later\nCOMMENT ON COLUMN orders.note "
                         "IS 'deprecated';",
      },
      nullptr};
  return definition;
}

}  // namespace sluice::rules
