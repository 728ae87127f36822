#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class RenameTable final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    (void)out;
    if (const auto* view = SLUICE_NODE_AS(context, VIEW_STMT, view_stmt)) {
      // A view with the old name, created in the same migration, keeps old queries
      // working: that is the safe way to rename, so the rename is not reported.
      std::string key = ast::relationName(view->view).key();
      std::erase_if(pending_, [&](const Pending& rename) { return rename.oldKey == key; });
      return;
    }
    const auto* rename = SLUICE_NODE_AS(context, RENAME_STMT, rename_stmt);
    if (rename == nullptr || rename->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) return;
    ast::QualifiedName table = ast::relationName(rename->relation);
    // Nothing outside this migration knows a table it created, by either name.
    if (isScratchTable(context.schema(), table)) return;
    // A rollback that gives the table back the name its migration took from it.
    if (context.role() == FileRole::Rollback && context.schema().undoesRename(table, {}, rename->newname)) return;
    pending_.push_back({table.key(), context.span(), context.index(),
                        "renaming " + asSubject(context.schema().describe(ObjectKind::Table, table)) + " to " +
                            rules::quoted(rename->newname) +
                            " breaks every query of the running application that still uses the old name"});
  }

  void finishFile(const MigrationContext& /*context*/, FindingSink& out) override {
    for (Pending& rename : pending_) out.report(rename.span, std::move(rename.message)).statement = rename.statement;
  }

 private:
  struct Pending {
    std::string oldKey;
    Span span;
    std::size_t statement;
    std::string message;
  };
  std::vector<Pending> pending_;
};

}  // namespace

const RuleDefinition& renameTableRule() {
  static const RuleDefinition definition{
      {
          .name = "rename-table",
          .code = "D007",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Renaming an existing table breaks the code that is running while the migration deploys.",
          .rationale =
              "ALTER TABLE ... RENAME TO takes an ACCESS EXCLUSIVE lock only for a moment and rewrites nothing, but "
              "the old name is gone at commit: application instances still running the previous release (during a "
              "rolling deploy, or until the new build is up) fail on every query that names the table, and so do "
              "reports, jobs and other services that read it. Views, foreign keys and functions compiled against the "
              "table follow the rename; SQL text in functions, jobs and application code does not. A rollback that "
              "renames a table back to the name its migration took from it is not reported.",
          .safeAlternative =
              "Rename in steps: rename the table and, in the same transaction, create a view with the old name "
              "(`CREATE VIEW old_name AS SELECT * FROM new_name`, which stays insertable and updatable); deploy code "
              "that uses the new name; drop the view in a later migration. With Prisma, keep the table name and "
              "rename only the model, with `@@map(\"old_name\")`.",
          .badExample = "ALTER TABLE customers RENAME TO clients;",
          .goodExample = "ALTER TABLE customers RENAME TO clients;\n"
                         "CREATE VIEW customers AS SELECT * FROM clients;  -- until no deployed code uses it",
      },
      makeRule<RenameTable>};
  return definition;
}

}  // namespace sluice::rules
