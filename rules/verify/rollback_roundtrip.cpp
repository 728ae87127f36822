#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {

// Reported by `sluice verify` (verify/verify.cpp), which runs migrations and rollbacks on a
// scratch database; listed here so that `sluice explain`, the rule pages and configuration
// know it like any other rule.
const RuleDefinition& rollbackRoundtripRule() {
  static const RuleDefinition definition{
      {
          .name = "rollback-roundtrip",
          .code = "V001",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "The rollback does not bring the schema back to what it was before the migration.",
          .rationale =
              "sluice verify applied the migration and then its rollback on a scratch database and compared "
              "the schema with the one before the migration (tables, columns with types, defaults and "
              "nullability, indexes, constraints, enum values in order, views, functions, sequences, triggers, "
              "extensions). What differs stays behind in production after a rollback: a column the next deploy "
              "adds again fails, an index recreated differently changes plans, a lost enum value breaks rows "
              "that use it. Reported by `sluice verify`, not by `sluice lint`.",
          .safeAlternative =
              "Make the rollback undo exactly what the migration does: drop what it creates, recreate what it "
              "drops with the same definition, restore the enum values it removes.",
          .badExample = "-- migration\nALTER TABLE orders ADD COLUMN note text;\n-- rollback: nothing",
          .goodExample = "-- migration\nALTER TABLE orders ADD COLUMN note text;\n-- rollback\nALTER TABLE orders DROP "
                         "COLUMN note;",
      },
      nullptr};
  return definition;
}

}  // namespace sluice::rules
