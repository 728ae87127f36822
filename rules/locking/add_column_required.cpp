#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"

namespace sluice::rules {
namespace {

class AddColumnRequired final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    emptied_.track(context);
    // A table created in this migration has no rows to fill, nor has one this migration
    // emptied ("DELETE FROM t;" before adding the column is a deliberate pattern).
    auto altered = alteredExistingTable(context);
    if (!altered || emptied_.contains(altered->table)) return;
    const PgQuery__AlterTableStmt* alter = altered->alter;
    const ast::QualifiedName& table = altered->table;
    for (const auto* cmd : alterCommands(alter)) {
      const auto* column = addedColumn(cmd);
      if (column == nullptr || !required(column)) continue;
      // These fill every existing row themselves; DEFAULT NULL does not.
      const ast::Node* fill = columnDefault(column);
      if ((fill != nullptr && !isNullConstant(fill)) || isIdentityColumn(column) || isGeneratedColumn(column) ||
          isSerialColumn(column)) {
        continue;
      }
      std::string how = hasColumnConstraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) ? "PRIMARY KEY" : "NOT NULL";
      out.report(alterPartSpan(context, alter, column->location),
                 "adding " + how + " column " + rules::quoted(column->colname) + " without a DEFAULT to " +
                     context.schema().describe(ObjectKind::Table, table) +
                     ": it fails with \"column contains null values\" as soon as the table has a row, so it "
                     "passes on an empty development database and breaks the deploy",
                 context.pgVersion() >= 11
                     ? std::string("Give it a constant DEFAULT (free since PostgreSQL 11), or add it nullable, "
                                   "backfill it in batches and make it NOT NULL afterwards (see set-not-null).")
                     : std::string("Add it nullable, backfill it in batches and make it NOT NULL afterwards; before "
                                   "PostgreSQL 11 a DEFAULT on a new column rewrites the table."));
    }
  }

 private:
  static bool required(const PgQuery__ColumnDef* column) {
    return column->is_not_null || hasColumnConstraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL) ||
           hasColumnConstraint(column, PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY);
  }

  EmptiedTables emptied_;
};

}  // namespace

const RuleDefinition& addColumnRequiredRule() {
  static const RuleDefinition definition{
      {
          .name = "add-column-required",
          .code = "L007",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "ADD COLUMN ... NOT NULL without a DEFAULT fails on any table that has rows.",
          .rationale =
              "PostgreSQL fills a new column of the existing rows with its default, NULL when there is none, and "
              "then checks NOT NULL (or PRIMARY KEY): on a table with a single row ALTER TABLE fails with "
              "\"column ... contains null values\" (checked on PostgreSQL 15). The statement holds an ACCESS "
              "EXCLUSIVE lock until it fails, and the migration works on an empty development or CI database, "
              "so the failure shows up only in production. Identity, serial and generated columns fill the "
              "rows themselves and are not flagged (add-column-rewrite covers their cost), nor are tables "
              "created in the same migration, nor tables the migration empties first (TRUNCATE, or DELETE "
              "without WHERE, and no INSERT or COPY into them since).",
          .safeAlternative =
              "Give the column a constant DEFAULT, which PostgreSQL 11+ stores in the catalog without touching "
              "the rows, or add it nullable, backfill it in batches, and add NOT NULL afterwards the safe way "
              "(see set-not-null).",
          .badExample = "ALTER TABLE users ADD COLUMN plan text NOT NULL;",
          .goodExample = "ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';",
      },
      makeRule<AddColumnRequired>};
  return definition;
}

}  // namespace sluice::rules
