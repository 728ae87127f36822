#include "rules/fix_support.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"
#include "rules/statement_tokens.hpp"

namespace sluice::rules {
namespace {

// What validating a constraint holds while it reads every row.
std::string lockWhileScanning(const PgQuery__Constraint* constraint, const std::string& table) {
  if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
    std::string referenced = constraint->pktable != nullptr
                                 ? rules::quoted(ast::relationName(constraint->pktable).display())
                                 : "the other table";
    return "a SHARE ROW EXCLUSIVE lock on " + table + " and on " + referenced + ", which blocks writes to both";
  }
  return "an ACCESS EXCLUSIVE lock on " + table + ", which blocks its reads and writes";
}

std::string helpFor(const StatementContext& context, const ast::QualifiedName& table,
                    const PgQuery__Constraint* constraint) {
  std::string help =
      "Add it with NOT VALID (checks only rows written from now on, brief lock), then VALIDATE "
      "CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE: reads and writes continue).";
  const ModelTable* model = context.schema().table(table);
  if (model != nullptr && model->partitioned && constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
    help =
        "PostgreSQL 15 refuses NOT VALID foreign keys on a partitioned table: add the key NOT VALID to each "
        "partition, VALIDATE those in a later migration, then add it to the partitioned table, which adopts "
        "the validated partition constraints without another scan.";
  }
  return help;
}

// NOT VALID at the end of a statement that adds one named constraint, and its VALIDATE in
// a migration of its own right after. A constraint without a name gets one PostgreSQL
// makes up, which the VALIDATE could only guess; a foreign key on a partitioned table
// cannot be NOT VALID.
std::shared_ptr<const Fix> notValidFix(const StatementContext& context, const PgQuery__AlterTableStmt* alter,
                                       const PgQuery__Constraint* constraint) {
  if (!context.settings().fixes) return nullptr;
  if (context.role() != FileRole::Forward || context.nested() || alter->n_cmds != 1 || constraint->conname == nullptr ||
      *constraint->conname == '\0') {
    return nullptr;
  }
  const ModelTable* model = context.schema().table(ast::relationName(alter->relation));
  if (model != nullptr && model->partitioned && constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
    return nullptr;
  }
  std::vector<SqlToken> tokens = statementTokens(context);
  std::optional<std::size_t> name = findName(tokens, constraint->conname);
  if (!name) return nullptr;
  auto fix = std::make_shared<Fix>();
  fix->description = "add the constraint NOT VALID and validate it in a new migration of its own";
  fix->edits.push_back({{context.span().end, context.span().end}, " NOT VALID"});
  fix->following.push_back(
      FollowingMigration{migrationNameFrom(std::string("validate_") + constraint->conname),
                         "ALTER TABLE " + std::string(context.text(context.spanAt(alter->relation->location))) +
                             " VALIDATE CONSTRAINT " + std::string(context.text(tokens[*name].span)) + ";\n"});
  return fix;
}

class ConstraintNotValid final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    // A table created in this migration is empty: validating it reads nothing.
    auto altered = alteredExistingTable(context);
    if (!altered) return;
    const PgQuery__AlterTableStmt* alter = altered->alter;
    const ast::QualifiedName& table = altered->table;
    std::string described = context.schema().describe(ObjectKind::Table, table);
    std::string name = rules::quoted(table.display());
    for (const auto* cmd : alterCommands(alter)) {
      if (const auto* constraint = addedConstraint(cmd)) {
        // UNIQUE, PRIMARY KEY and EXCLUDE cannot be NOT VALID (PostgreSQL rejects it):
        // unique-constraint-without-index covers them.
        if (!validatesExistingRows(constraint) || constraint->skip_validation) continue;
        out.report(alterPartSpan(context, alter, constraint->location),
                   "adding " + constraintLabel(constraint) + " to " + described +
                       ": PostgreSQL checks every existing row while holding " + lockWhileScanning(constraint, name),
                   helpFor(context, table, constraint))
            .fix = notValidFix(context, alter, constraint);
      } else if (const auto* column = addedColumn(cmd)) {
        checkInlineConstraints(context, alter, column, described, name, out);
      }
    }
  }

 private:
  static bool validatesExistingRows(const PgQuery__Constraint* constraint) {
    return constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ||
           constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK;
  }

  // A column constraint cannot be written NOT VALID, so the fix is always to split it off.
  static void checkInlineConstraints(const StatementContext& context, const PgQuery__AlterTableStmt* alter,
                                     const PgQuery__ColumnDef* column, const std::string& described,
                                     const std::string& name, FindingSink& out) {
    for (const auto* constraint : ast::columnConstraints(column)) {
      if (!validatesExistingRows(constraint)) continue;
      // PostgreSQL skips validating a foreign key on a column added without a DEFAULT
      // (every value is NULL; no scan, checked on PostgreSQL 15), but validates it when
      // any DEFAULT is given, even DEFAULT NULL.
      if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && columnDefault(column) == nullptr) continue;
      std::string why = constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN
                            ? "the column has a DEFAULT, so PostgreSQL validates the foreign key against every row"
                            : "PostgreSQL checks the new column's value in every existing row";
      out.report(alterPartSpan(context, alter, constraint->location),
                 "adding column " + rules::quoted(column->colname) + " with " + constraintLabel(constraint) + " to " +
                     described + ": " + why + " while holding " + lockWhileScanning(constraint, name),
                 "A column constraint cannot be NOT VALID: add the column without it, then ALTER TABLE ... ADD "
                 "CONSTRAINT ... " +
                     std::string(constraintKeyword(constraint->contype)) +
                     " ... NOT VALID, and VALIDATE CONSTRAINT in a later migration.");
    }
  }
};

}  // namespace

const RuleDefinition& constraintNotValidRule() {
  static const RuleDefinition definition{
      {
          .name = "constraint-not-valid",
          .code = "L004",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "Adding a FOREIGN KEY or CHECK to an existing table without NOT VALID scans it under a "
                     "write-blocking lock.",
          .rationale =
              "ALTER TABLE ... ADD CONSTRAINT checks every existing row before it commits. A FOREIGN KEY holds a "
              "SHARE ROW EXCLUSIVE lock on the table and on the referenced table for the whole check, blocking "
              "writes to both; a CHECK holds an ACCESS EXCLUSIVE lock, blocking reads and writes (lock modes "
              "checked on PostgreSQL 15 in pg_locks). Nothing is rewritten, but a large table is read in full "
              "while the application waits. The same goes for a CHECK declared on a column added to an existing "
              "table (PostgreSQL scans the table for it), and for a REFERENCES declared on an added column that "
              "has a DEFAULT (without a DEFAULT every value is NULL and PostgreSQL skips the check; both checked "
              "on PostgreSQL 15 with pg_stat_get_xact_numscans). UNIQUE, PRIMARY KEY and EXCLUDE constraints "
              "are not this rule's business: PostgreSQL cannot add them NOT VALID (see "
              "unique-constraint-without-index). Tables created in the same migration are not flagged.",
          .safeAlternative =
              "Add the constraint with NOT VALID: PostgreSQL then checks only rows written from now on and holds "
              "its lock for a moment. Validate the existing rows in a later migration with ALTER TABLE ... "
              "VALIDATE CONSTRAINT, which takes only a SHARE UPDATE EXCLUSIVE lock (reads and writes continue). "
              "Keep the two in separate transactions (see validate-in-same-transaction). PostgreSQL 15 refuses "
              "NOT VALID foreign keys on partitioned tables: add the key NOT VALID to each partition, validate "
              "those, then add it to the partitioned table, which adopts the validated partition constraints "
              "without scanning again (checked on PostgreSQL 15).",
          .badExample = "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk\n"
                        "  FOREIGN KEY (customer_id) REFERENCES customers (id);",
          .goodExample = "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk\n"
                         "  FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n"
                         "-- in a later migration:\n"
                         "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;",
          .fix = "adds NOT VALID to an ALTER TABLE that adds one named FOREIGN KEY or CHECK constraint, and writes "
                 "its ALTER TABLE ... VALIDATE CONSTRAINT into a new migration right after the file's migration, "
                 "which must be the newest. Not for a constraint declared on an added column, a statement with "
                 "other commands, an unnamed constraint, or a rollback.",
      },
      makeRule<ConstraintNotValid>};
  return definition;
}

}  // namespace sluice::rules
