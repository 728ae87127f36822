#include <algorithm>

#include "linter/layout.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

namespace fs = std::filesystem;

class MissingRollback final : public Rule {
 public:
  explicit MissingRollback(const RuleOptions& options)
      : warningLayouts_(options.strings("warning_layouts")), everywhere_(options.boolean("require_everywhere")) {}

  void checkMigration(const MigrationPairContext& context, PairFindingSink& out) override {
    const Migration& migration = context.migration();
    if (!migration.format->traits().expectsRollback || migration.rollback || context.forward() == nullptr) return;
    // An empty forward migration has nothing to undo.
    if (context.forward()->empty()) return;
    // A folder in which no migration has a rollback does not use rollbacks.
    if (!everywhere_ && !context.setHasRollbacks()) return;
    Finding* finding = out.report(FileRole::Forward, context.forward()->fileSpan(),
                                  "migration " + quoted(migration.id) +
                                      " has no rollback: " + migration.format->rollbackPlace(migration) +
                                      " is missing, so `sluice rollback` cannot "
                                      "undo it (and cannot roll back past it)");
    if (finding == nullptr) return;
    std::string layout(migration.format->name());
    if (std::find(warningLayouts_.begin(), warningLayouts_.end(), layout) != warningLayouts_.end()) {
      finding->maxSeverity = Severity::Warning;
    }
  }

 private:
  std::vector<std::string> warningLayouts_;
  bool everywhere_;
};

}  // namespace

const RuleDefinition& missingRollbackRule() {
  static const RuleDefinition definition{
      {
          .name = "missing-rollback",
          .code = "R001",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "A migration has no rollback file in a project that uses them.",
          .rationale =
              "`sluice rollback` undoes migrations by running their rollback files, newest first: a migration "
              "without one cannot be undone, and nothing before it can be rolled back either. In the paired and "
              "up/down layouts every migration is expected to have its rollback, so a missing one is an error; in "
              "Prisma, where `down.sql` is optional, it is a warning (option `warning_layouts`).\n\n"
              "A folder in which no migration has a rollback file is taken not to use rollbacks, and nothing is "
              "reported (option `require_everywhere`). Empty forward migrations need no rollback. The rollback "
              "must sit where the layout looks for it: `down.sql` beside Prisma's `migration.sql` and in Diesel "
              "folders, `<name>_rollback.sql` beside `<name>.sql`, a down file of the same version beside a "
              "golang-migrate up file, a `-- +goose Down` section in a goose file, `revert/` for sqitch (see "
              "docs/formats.md).",
          .safeAlternative = "Write the rollback next to the migration (`sluice new` scaffolds both); if the "
                             "migration cannot be undone, say so in a rollback that contains only a comment and "
                             "suppress `empty-rollback` there.",
          .badExample = "-- migrations/20240301000000_add_email.sql, without 20240301000000_add_email_rollback.sql\n"
                        "ALTER TABLE users ADD COLUMN email text;",
          .goodExample = "-- migrations/20240301000000_add_email_rollback.sql\n"
                         "ALTER TABLE users DROP COLUMN email;",
          .options = {{"warning_layouts", RuleOptionSpec::Type::StringList, "[\"prisma\"]",
                       "Layouts in which a missing rollback is only a warning (format names as `--layout` takes "
                       "them: prisma, goose, golang-migrate, ...)"},
                      {"require_everywhere", RuleOptionSpec::Type::Boolean, "false",
                       "Report missing rollbacks also in folders where no migration has one"}},
      },
      makeRule<MissingRollback>};
  return definition;
}

}  // namespace sluice::rules
