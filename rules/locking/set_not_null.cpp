#include <map>
#include <set>
#include <vector>

#include "rules/fix_support.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"
#include "rules/statement_tokens.hpp"

namespace sluice::rules {
namespace {

// The columns a CHECK expression proves NOT NULL: `c IS NOT NULL`, or several of those
// joined with AND.
void notNullColumns(const ast::Node* expression, std::vector<std::string>& out) {
  if (expression == nullptr) return;
  if (expression->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
      expression->bool_expr->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR) {
    for (size_t i = 0; i < expression->bool_expr->n_args; ++i) notNullColumns(expression->bool_expr->args[i], out);
    return;
  }
  if (expression->node_case != PG_QUERY__NODE__NODE_NULL_TEST) return;
  const auto* test = expression->null_test;
  if (test->nulltesttype != PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL || test->arg == nullptr ||
      test->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || test->arg->column_ref->n_fields == 0) {
    return;
  }
  const auto* ref = test->arg->column_ref;
  std::string_view column = ast::stringValue(ref->fields[ref->n_fields - 1]);
  if (!column.empty()) out.emplace_back(column);
}

// The safe pattern for `ALTER TABLE t ALTER COLUMN c SET NOT NULL` alone in its statement:
// here a CHECK (c IS NOT NULL) NOT VALID in its place; in a new migration right after, the
// VALIDATE (which reads the table under a lock that lets reads and writes go on), the SET
// NOT NULL that PostgreSQL 12+ proves from the validated check, and the check dropped.
// The schema ends the same. Not when a later statement of the file names the table,
// which could rely on the column being NOT NULL already.
std::shared_ptr<const Fix> notNullFix(const StatementContext& context, const PgQuery__AlterTableStmt* alter,
                                      const ast::QualifiedName& table, const std::string& column) {
  if (!context.settings().fixes) return nullptr;
  if (context.role() != FileRole::Forward || context.nested() || alter->n_cmds != 1 ||
      laterStatementMentions(context, table.name)) {
    return nullptr;
  }
  std::vector<SqlToken> tokens = statementTokens(context);
  std::optional<std::size_t> written = findName(tokens, column);
  if (!written) return nullptr;
  std::string name(truncateIdentifier(migrationNameFrom(table.name + "_" + column + "_not_null", 200)));
  if (const ModelTable* model = context.schema().table(table)) {
    for (const ModelConstraint& constraint : model->constraints) {
      if (constraint.name == name) return nullptr;
    }
  }
  std::string relation(context.text(context.spanAt(alter->relation->location)));
  std::string columnText(context.text(tokens[*written].span));
  auto fix = std::make_shared<Fix>();
  fix->description = "add CHECK (" + columnText +
                     " IS NOT NULL) NOT VALID here, and VALIDATE it, SET NOT NULL and drop the check in "
                     "a new migration";
  fix->edits.push_back({context.span(), "ALTER TABLE " + relation + " ADD CONSTRAINT " + name + " CHECK (" +
                                            columnText + " IS NOT NULL) NOT VALID"});
  fix->following.push_back({migrationNameFrom("set_not_null_" + table.name + "_" + column),
                            "ALTER TABLE " + relation + " VALIDATE CONSTRAINT " + name + ";\nALTER TABLE " + relation +
                                " ALTER COLUMN " + columnText + " SET NOT NULL;\nALTER TABLE " + relation +
                                " DROP CONSTRAINT " + name + ";\n",
                            false});
  fix->rollbackAddition = "ALTER TABLE IF EXISTS " + relation + " DROP CONSTRAINT IF EXISTS " + name + ";\n";
  return fix;
}

class SetNotNull final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    emptied_.track(context);
    const auto* alter = SLUICE_NODE_AS(context, ALTER_TABLE_STMT, alter_table_stmt);
    if (!altersTable(alter)) return;
    ast::QualifiedName table = ast::relationName(alter->relation);
    std::string tableKey = table.key();
    for (const auto* cmd : alterCommands(alter)) {
      switch (cmd->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
          if (const auto* constraint = addedConstraint(cmd)) addConstraint(tableKey, constraint);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: validate(context, table, cmd->name); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
          checks_.erase({tableKey, cmd->name});
          others_.erase({tableKey, cmd->name});
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull: check(context, alter, table, cmd->name, out); break;
        default: break;
      }
    }
  }

 private:
  struct Check {
    std::vector<std::string> columns;  // empty: added before this migration, expression unknown
    bool validated = false;
  };

  void addConstraint(const std::string& tableKey, const PgQuery__Constraint* constraint) {
    Check check;
    if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) notNullColumns(constraint->raw_expr, check.columns);
    std::string name = checkName(constraint);
    if (check.columns.empty()) {
      // Anything else proves no column NOT NULL, even once validated.
      others_.insert({tableKey, name});
      return;
    }
    check.validated = !constraint->skip_validation;
    checks_[{tableKey, name}] = std::move(check);
  }

  std::string checkName(const PgQuery__Constraint* constraint) {
    if (constraint->conname != nullptr && constraint->conname[0] != '\0') return constraint->conname;
    // Unnamed: cannot be validated or dropped by a name we know, but still counts.
    return "\n" + std::to_string(unnamed_++);
  }

  void validate(const StatementContext& context, const ast::QualifiedName& table, const std::string& name) {
    auto key = std::make_pair(table.key(), name);
    if (auto it = checks_.find(key); it != checks_.end()) {
      it->second.validated = true;
      return;
    }
    if (others_.contains(key)) return;
    // A constraint added before this migration and validated here, right before SET NOT
    // NULL, is almost certainly the `IS NOT NULL` check of the safe pattern. The model
    // does not keep expressions, so its columns are unknown; it is trusted unless the
    // model knows it is not a CHECK (a foreign key, say).
    if (const ModelTable* model = context.schema().table(table)) {
      for (const ModelConstraint& constraint : model->constraints) {
        if (constraint.name == name && constraint.type != PG_QUERY__CONSTR_TYPE__CONSTR_CHECK) return;
      }
    }
    checks_[key] = Check{{}, true};
  }

  // Whether a validated check in the catalog lets PostgreSQL 12+ skip the scan.
  bool provenNotNull(const std::string& tableKey, const std::string& column) const {
    for (const auto& [key, check] : checks_) {
      if (key.first != tableKey || !check.validated) continue;
      if (check.columns.empty()) return true;
      for (const std::string& proven : check.columns) {
        if (proven == column) return true;
      }
    }
    return false;
  }

  void check(const StatementContext& context, const PgQuery__AlterTableStmt* alter, const ast::QualifiedName& table,
             const std::string& column, FindingSink& out) const {
    // A table this migration created holds no rows other sessions can see, nor does one
    // it emptied. A column it added to an existing table does not help: the table's rows
    // are all there, and after a backfill the scan runs under the lock the migration
    // already holds.
    if (isScratchTable(context.schema(), table) || emptied_.contains(table)) return;
    bool skipsScan = context.pgVersion() >= 12;
    if (skipsScan && provenNotNull(table.key(), column)) return;
    std::string described = context.schema().describe(ObjectKind::Table, table);
    std::string message =
        isNewColumn(context, table, column)
            ? "SET NOT NULL on column " + rules::quoted(column) + ", added in this migration to " + described +
                  ": PostgreSQL still scans every existing row of the table under an ACCESS EXCLUSIVE lock, blocking "
                  "reads and writes"
            : "SET NOT NULL on column " + rules::quoted(column) + " of " + described +
                  ": PostgreSQL scans every row under an ACCESS EXCLUSIVE lock, blocking reads and writes";
    if (!skipsScan) {
      out.report(alterPartSpan(context, alter, -1), std::move(message),
                 "Before PostgreSQL 12 no constraint lets SET NOT NULL skip its scan: keep a validated CHECK (" +
                     column + " IS NOT NULL) instead of NOT NULL, or run this in a maintenance window.");
      return;
    }
    out.report(alterPartSpan(context, alter, -1), std::move(message),
               "Add CHECK (" + column +
                   " IS NOT NULL) NOT VALID, VALIDATE it in a later migration (no write-blocking lock), then "
                   "SET NOT NULL, which PostgreSQL 12+ proves from the validated check without a scan, and drop "
                   "the check.")
        .fix = notNullFix(context, alter, table, column);
  }

  std::map<std::pair<std::string, std::string>, Check> checks_;  // by (table key, constraint name)
  std::set<std::pair<std::string, std::string>> others_;         // other constraints added in this file
  EmptiedTables emptied_;
  int unnamed_ = 0;
};

}  // namespace

const RuleDefinition& setNotNullRule() {
  static const RuleDefinition definition{
      {
          .name = "set-not-null",
          .code = "L005",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "SET NOT NULL on an existing column scans the whole table under an ACCESS EXCLUSIVE lock.",
          .rationale =
              "ALTER TABLE ... ALTER COLUMN ... SET NOT NULL takes an ACCESS EXCLUSIVE lock, which blocks every "
              "read and write of the table, and then reads every row to prove that none is NULL (checked on "
              "PostgreSQL 15: one sequential scan, lock in pg_locks). Nothing is rewritten, but on a large table "
              "the scan takes as long as a full read. Since PostgreSQL 12 the scan is skipped when a validated "
              "CHECK (column IS NOT NULL) constraint already proves it (also checked: no scan). sluice "
              "recognises such a check when it is added, or validated, in the same migration as the SET NOT NULL: "
              "it does not keep the expressions of checks from earlier migrations, so a constraint added earlier "
              "and validated here is trusted (unless it is known not to be a CHECK), and one validated in an "
              "earlier migration is not seen. Tables created in the same migration (or emptied by it) are not "
              "flagged; a column added to an existing table in the same migration is: the scan reads all the "
              "table's rows, after a backfill while holding the lock the migration took to add the column.",
          .safeAlternative =
              "On PostgreSQL 12+: add CHECK (column IS NOT NULL) NOT VALID (a brief lock, no scan); VALIDATE it "
              "in a later migration (SHARE UPDATE EXCLUSIVE: reads and writes continue); then SET NOT NULL, "
              "which uses the validated check instead of a scan; then drop the check. Before 12 there is no way "
              "to skip the scan: keep the validated CHECK instead of NOT NULL, or use a maintenance window.",
          .badExample = "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
          .goodExample = "ALTER TABLE users ADD CONSTRAINT users_email_not_null\n"
                         "  CHECK (email IS NOT NULL) NOT VALID;\n"
                         "-- in a later migration:\n"
                         "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n"
                         "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
                         "ALTER TABLE users DROP CONSTRAINT users_email_not_null;",
          .fix = "replaces `ALTER TABLE t ALTER COLUMN c SET NOT NULL` (the only command) with `ADD CONSTRAINT "
                 "t_c_not_null CHECK (c IS NOT NULL) NOT VALID`, and writes a new migration right after that "
                 "validates it, sets NOT NULL and drops the check. The migration must be the newest; not when a later "
                 "statement of the file names the table, in a rollback, or before PostgreSQL 12.",
      },
      makeRule<SetNotNull>};
  return definition;
}

}  // namespace sluice::rules
