#include <set>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class RenameEnumValue final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* alter = SLUICE_NODE_AS(context, ALTER_ENUM_STMT, alter_enum_stmt);
    if (alter == nullptr) return;
    ast::QualifiedName type = ast::qualifiedName(alter->type_name, alter->n_type_name);
    // RENAME VALUE sets old_val; ADD VALUE does not. Values added in this file are
    // remembered here too, since the model knows no values of a type it never saw created.
    if (alter->old_val[0] == '\0') {
      added_.insert(type.key() + ":" + alter->new_val);
      return;
    }
    if (added_.contains(type.key() + ":" + alter->old_val)) return;
    // A rollback renames a value back to the label the release it returns to uses.
    if (context.role() == FileRole::Rollback) return;
    // A type or a value this migration created is not used by any deployed code yet.
    if (context.schema().isNewObject(ObjectKind::Type, type) || context.schema().isNewEnumValue(type, alter->old_val))
      return;
    out.report(context.span(), "renaming value " + sqlQuoted(alter->old_val) + " of " +
                                   context.schema().describe(ObjectKind::Type, type) + " to " +
                                   sqlQuoted(alter->new_val) +
                                   " breaks every query and client of the running application that still writes "
                                   "or compares the old value");
  }

 private:
  static std::string sqlQuoted(std::string_view value) { return "'" + std::string(value) + "'"; }

  std::set<std::string> added_;  // "type key:value" of ADD VALUE earlier in the file
};

}  // namespace

const RuleDefinition& renameEnumValueRule() {
  static const RuleDefinition definition{
      {
          .name = "rename-enum-value",
          .code = "D012",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Renaming a value of an existing enum type breaks the code that is running while the migration "
                     "deploys.",
          .rationale =
              "ALTER TYPE ... RENAME VALUE (PostgreSQL 10 and later) changes only the catalog, but the old label is "
              "gone at commit: the running release fails with \"invalid input value for enum\" on every INSERT, "
              "UPDATE or comparison that still uses it, exactly as code that uses a renamed column fails. ORMs "
              "that map the enum (Prisma, Diesel, ...) send the old label until the new release is deployed. A "
              "type or value created earlier in the same migration, and a rollback (which gives a value back the "
              "label the release it returns to uses), are not reported.",
          .safeAlternative =
              "Expand and contract: add the new value (ADD VALUE, committed before it is used), make the "
              "application accept both and write the new one, update the rows that hold the old value, then stop "
              "using the old value; an enum value cannot be removed in place, so a type without it is created and "
              "swapped in a later migration if needed.",
          .badExample = "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';",
          .goodExample = "ALTER TYPE mood ADD VALUE 'unhappy';\n"
                         "-- a later migration, once the application writes 'unhappy':\n"
                         "UPDATE person SET current_mood = 'unhappy' WHERE current_mood = 'sad';",
      },
      makeRule<RenameEnumValue>};
  return definition;
}

}  // namespace sluice::rules
