#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {

// Reported by `sluice verify` (verify/verify.cpp), which runs migrations and rollbacks on a
// scratch database; listed here so that `sluice explain`, the rule pages and configuration
// know it like any other rule.
const RuleDefinition& migrationFailsRule() {
  static const RuleDefinition definition{
      {
          .name = "migration-fails",
          .code = "V004",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "The migration does not apply on a fresh database, or not again after its rollback.",
          .rationale = "sluice verify applies every migration in order on a scratch database. A migration that fails "
                       "there fails for everyone who sets up the project from scratch; one that fails after its own "
                       "rollback shows that the rollback leaves something behind that the migration does not expect. "
                       "Reported by `sluice verify`, not by `sluice lint`.",
          .safeAlternative =
              "Fix the migration or the rollback; when the migration needs something the database does not "
              "have (an extension, a role), create it in an earlier migration.",
          .badExample = "-- migration\nCREATE INDEX ON items USING hnsw (embedding vector_cosine_ops);",
          .goodExample = "-- an earlier migration\nCREATE EXTENSION IF NOT EXISTS vector;",
      },
      nullptr};
  return definition;
}

}  // namespace sluice::rules
