#include "linter/type_change.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

std::string lost(const std::string& what) {
  return "no rollback can bring back " + what + ": only a snapshot taken before the migration can";
}

// Why a change cannot be undone by a rollback, or empty.
std::string irreversible(const Change& change, int pgVersion) {
  if (!change.existed) return {};
  switch (change.action) {
    case ChangeAction::Drop:
      if (!change.known && change.ifExists) return {};  // nothing says it was there
      if (change.target == ChangeTarget::Table) return lost("the rows of " + describeChange(change) + ", dropped here");
      if (change.target == ChangeTarget::Column) {
        return lost("the values of " + describeChange(change) + ", dropped here");
      }
      return {};
    case ChangeAction::AlterOther: return {};
    case ChangeAction::Truncate: return lost("the rows of " + describeChange(change) + ", truncated here");
    case ChangeAction::Delete: return lost("the rows deleted here from " + describeChange(change));
    case ChangeAction::Update:
      if (change.member.empty()) return {};  // it only fills columns this migration added
      return lost("the values of column " + quoted(change.member) + " of table " + quoted(change.object.display()) +
                  " overwritten here");
    case ChangeAction::AlterType: {
      if (!change.oldTypeKnown) return {};
      TypeChangeVerdict verdict = classifyTypeChange(change.oldType, change.newType, pgVersion);
      if (!verdict.lossy) return {};
      return lost("the precision " + describeChange(change) + " loses here when it changes from " +
                  change.oldType.display() + " to " + change.newType.display());
    }
    case ChangeAction::AddEnumValue:
      return "the value '" + change.member + "' added here to type " + quoted(change.object.display()) +
             " cannot be dropped again: PostgreSQL drops no enum value, so a rollback has to recreate the type "
             "and rewrite every column that uses it";
    default: return {};
  }
}

class IrreversibleChange final : public Rule {
 public:
  void checkMigration(const MigrationPairContext& context, PairFindingSink& out) override {
    // Only a migration that has a rollback claims to be reversible.
    if (context.forward() == nullptr || context.rollbacksOfGroup().empty()) return;
    for (const Change& change : context.forward()->changes) {
      std::string message = irreversible(change, context.settings().pgVersion);
      if (!message.empty()) out.report(FileRole::Forward, change.span, message, change.statement);
    }
  }
};

}  // namespace

const RuleDefinition& irreversibleChangeRule() {
  static const RuleDefinition definition{
      {
          .name = "irreversible-change",
          .code = "R004",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Warning,
          .summary = "The migration destroys data that its rollback cannot bring back.",
          .rationale =
              "A rollback undoes schema changes, not data loss. A rollback can recreate a dropped table or "
              "column, but empty; it cannot un-delete rows, un-truncate a table, restore values an UPDATE "
              "overwrote, or give back the digits a narrowing type change rounded away (numeric scale or "
              "timestamp precision decreased, fractions to integers, timestamps to dates). An enum value, once "
              "added, can only be removed by recreating the type. Reported for migrations that have a rollback, "
              "where the rollback suggests that the migration can be undone; statements on tables created in the "
              "same migration lose nothing. Recovery needs a snapshot taken before the migration, which `sluice "
              "deploy` takes automatically.",
          .safeAlternative = "Keep the data until the change has proven itself: rename or copy instead of "
                             "dropping, and delete in a later migration; make sure a snapshot exists before "
                             "deploying (`sluice deploy` takes one).",
          .badExample = "ALTER TABLE users DROP COLUMN legacy_email;\n-- down.sql\n"
                        "ALTER TABLE users ADD COLUMN legacy_email text;  -- empty",
          .goodExample = "ALTER TABLE users RENAME COLUMN legacy_email TO legacy_email_unused;\n-- down.sql\n"
                         "ALTER TABLE users RENAME COLUMN legacy_email_unused TO legacy_email;",
      },
      makeRule<IrreversibleChange>};
  return definition;
}

}  // namespace sluice::rules
