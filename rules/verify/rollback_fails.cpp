#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {

// Reported by `sluice verify` (verify/verify.cpp), which runs migrations and rollbacks on a
// scratch database; listed here so that `sluice explain`, the rule pages and configuration
// know it like any other rule.
const RuleDefinition& rollbackFailsRule() {
  static const RuleDefinition definition{
      {
          .name = "rollback-fails",
          .code = "V002",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "The rollback fails right after its own migration.",
          .rationale = "sluice verify applied the migration and then its rollback on a scratch database: the rollback "
                       "failed. A rollback that fails is found out during an incident, when it is needed. Reported by "
                       "`sluice verify`, not by `sluice lint`.",
          .safeAlternative =
              "Fix the rollback so that it runs after the migration (object names, order of the statements, IF "
              "EXISTS where the migration may not have created something).",
          .badExample = "-- migration\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- rollback\nDROP "
                        "INDEX orders_customer_index;",
          .goodExample = "-- migration\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- rollback\nDROP "
                         "INDEX orders_customer_idx;",
          .options = {},
      },
      nullptr};
  return definition;
}

}  // namespace sluice::rules
