#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {

// Reported by the engine (linter/history_edit.cpp) from what git says changed since the
// base of `sluice lint --changed-since`: no single file shows that it was edited.
const RuleDefinition& editedMigrationRule() {
  static const RuleDefinition definition{
      {
          .name = "edited-migration",
          .code = "M004",
          .category = Category::Layout,
          .defaultSeverity = Severity::Error,
          .summary = "A migration that was already merged has been modified or deleted.",
          .rationale =
              "Migrations are history: every database that applied one recorded its checksum (Prisma's "
              "`_prisma_migrations.checksum`, sluice's history table). Once a migration is merged it may already "
              "have run in staging or production. Editing it changes the checksum, so the next `sluice deploy` "
              "stops with an edited-migration error; runners that do not check silently leave databases that ran "
              "the old text and databases that ran the new text with different schemas. Deleting it does the same: "
              "old databases keep what it did, new ones never get it. Reported by `sluice lint --changed-since "
              "REF` for forward migrations that exist at the merge base of REF and HEAD.",
          .safeAlternative = "Restore the merged migration exactly as it was and write the change as a new "
                             "migration. If the migration never ran anywhere (it was merged by mistake and "
                             "nobody deployed it), say so in the review and turn the rule off for that run with "
                             "`--exclude-rule edited-migration`.",
          .badExample = "-- 20240101000000_init/migration.sql, merged last week, now edited:\n"
                        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);",
          .goodExample = "-- 20240301000000_users_email_not_null/migration.sql, a new migration:\n"
                         "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT "
                         "VALID;",
      },
      nullptr};
  return definition;
}

}  // namespace sluice::rules
