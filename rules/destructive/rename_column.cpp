#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class RenameColumn final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* rename = SLUICE_NODE_AS(context, RENAME_STMT, rename_stmt);
    if (rename == nullptr || rename->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN ||
        rename->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
      return;
    ast::QualifiedName table = ast::relationName(rename->relation);
    if (isScratchTable(context.schema(), table)) return;
    // A column added earlier in this migration is not used by any deployed code yet.
    if (isNewColumn(context, table, rename->subname)) return;
    // A rollback that gives the column back the name its migration took from it is
    // doing its job: the release being rolled back to uses that name.
    if (context.role() == FileRole::Rollback && context.schema().undoesRename(table, rename->subname, rename->newname))
      return;
    out.report(context.span(), "renaming " + asSubject(describeColumn(context.schema(), table, rename->subname)) +
                                   " to " + rules::quoted(rename->newname) +
                                   " breaks every query of the running application that still uses the old name");
  }
};

}  // namespace

const RuleDefinition& renameColumnRule() {
  static const RuleDefinition definition{
      {
          .name = "rename-column",
          .code = "D008",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Renaming an existing column breaks the code that is running while the migration deploys.",
          .rationale =
              "ALTER TABLE ... RENAME COLUMN takes an ACCESS EXCLUSIVE lock only for a moment and rewrites nothing, "
              "but the old name is gone at commit: application instances still running the previous release fail on "
              "every query that reads or writes the column by its old name, and so do reports, jobs and other "
              "services. Indexes, constraints and views follow the rename; SQL text in functions and application "
              "code does not. A rollback that renames a column back to the name its migration took from it is "
              "not reported: the release it goes back to uses that name.",
          .safeAlternative =
              "Expand and contract: add the new column, write to both (in the application or with a trigger), "
              "backfill it, switch the readers, then drop the old column in a later migration. With Prisma, rename "
              "only the field and keep the column name with `@map(\"old_name\")`.",
          .badExample = "ALTER TABLE users RENAME COLUMN name TO full_name;",
          .goodExample = "ALTER TABLE users ADD COLUMN full_name text;\n"
                         "-- the application writes both columns; backfill in batches; then switch readers\n"
                         "-- a later migration drops users.name",
      },
      makeRule<RenameColumn>};
  return definition;
}

}  // namespace sluice::rules
