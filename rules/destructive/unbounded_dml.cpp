#include <algorithm>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

bool sameConstant(const PgQuery__AConst* a, const PgQuery__AConst* b) {
  if (a->isnull || b->isnull || a->val_case != b->val_case) return false;
  switch (a->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL: return a->ival->ival == b->ival->ival;
    case PG_QUERY__A__CONST__VAL_SVAL: return std::string_view(a->sval->sval) == b->sval->sval;
    case PG_QUERY__A__CONST__VAL_BOOLVAL: return a->boolval->boolval == b->boolval->boolval;
    default: return false;
  }
}

// `WHERE true` and `WHERE 1 = 1` bound nothing.
bool alwaysTrue(const ast::Node* where) {
  if (where == nullptr) return true;
  if (where->node_case == PG_QUERY__NODE__NODE_A_CONST) {
    const auto* constant = where->a_const;
    return constant->val_case == PG_QUERY__A__CONST__VAL_BOOLVAL && constant->boolval->boolval;
  }
  if (where->node_case == PG_QUERY__NODE__NODE_A_EXPR) {
    const auto* expr = where->a_expr;
    if (expr->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP || expr->n_name != 1 || ast::stringValue(expr->name[0]) != "=")
      return false;
    if (expr->lexpr == nullptr || expr->rexpr == nullptr) return false;
    return expr->lexpr->node_case == PG_QUERY__NODE__NODE_A_CONST &&
           expr->rexpr->node_case == PG_QUERY__NODE__NODE_A_CONST &&
           sameConstant(expr->lexpr->a_const, expr->rexpr->a_const);
  }
  return false;
}

std::string whereWording(const ast::Node* where) {
  return where == nullptr ? "without WHERE" : "with an always-true WHERE";
}

class UnboundedDml final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    checkQuery(context, context.node(), out);
  }

 private:
  // A statement and the data-modifying queries of its WITH clause, which PostgreSQL
  // allows only at the top level. DML inside a function body or a rule's action runs
  // later, when it is called, and is not looked at.
  static void checkQuery(const StatementContext& context, const ast::Node* node, FindingSink& out) {
    if (node == nullptr) return;
    const PgQuery__WithClause* with = nullptr;
    switch (node->node_case) {
      case PG_QUERY__NODE__NODE_DELETE_STMT:
        checkDelete(context, node->delete_stmt, out);
        with = node->delete_stmt->with_clause;
        break;
      case PG_QUERY__NODE__NODE_UPDATE_STMT:
        checkUpdate(context, node->update_stmt, out);
        with = node->update_stmt->with_clause;
        break;
      case PG_QUERY__NODE__NODE_INSERT_STMT: with = node->insert_stmt->with_clause; break;
      case PG_QUERY__NODE__NODE_SELECT_STMT: with = node->select_stmt->with_clause; break;
      default: return;
    }
    if (with == nullptr) return;
    for (size_t i = 0; i < with->n_ctes; ++i) {
      const ast::Node* cte = with->ctes[i];
      if (cte->node_case == PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
        checkQuery(context, cte->common_table_expr->ctequery, out);
    }
  }

  static void checkDelete(const StatementContext& context, const PgQuery__DeleteStmt* del, FindingSink& out) {
    if (!alwaysTrue(del->where_clause)) return;
    ast::QualifiedName table = ast::relationName(del->relation);
    if (isScratchTable(context.schema(), table)) return;
    out.report(context.span(), "DELETE " + whereWording(del->where_clause) + " deletes every row of " +
                                   context.schema().describe(ObjectKind::Table, table));
  }

  static void checkUpdate(const StatementContext& context, const PgQuery__UpdateStmt* update, FindingSink& out) {
    if (!alwaysTrue(update->where_clause)) return;
    ast::QualifiedName table = ast::relationName(update->relation);
    if (isScratchTable(context.schema(), table)) return;
    std::vector<std::string> columns;
    bool onlyNewColumns = true;
    for (size_t i = 0; i < update->n_target_list; ++i) {
      const ast::Node* target = update->target_list[i];
      if (target->node_case != PG_QUERY__NODE__NODE_RES_TARGET) continue;
      std::string column = target->res_target->name;
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
      onlyNewColumns = onlyNewColumns && isNewColumn(context, table, column);
    }
    // Filling in a column added earlier in this migration (a backfill) overwrites
    // nothing anyone has written yet.
    if (onlyNewColumns && !columns.empty()) return;
    std::string list;
    for (const std::string& column : columns) list += (list.empty() ? "" : ", ") + rules::quoted(column);
    out.report(context.span(), "UPDATE " + whereWording(update->where_clause) + " overwrites " + list +
                                   " in every row of " + context.schema().describe(ObjectKind::Table, table));
  }
};

}  // namespace

const RuleDefinition& unboundedDmlRule() {
  static const RuleDefinition definition{
      {
          .name = "unbounded-dml",
          .code = "D006",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "UPDATE or DELETE without WHERE changes every row of an existing table.",
          .rationale =
              "An UPDATE or DELETE without a WHERE clause (or with one that is always true, like `WHERE 1 = 1`) "
              "touches every row: the old values are gone at commit and only a backup brings them back. It takes a "
              "ROW EXCLUSIVE lock on the table and a row lock on every row until the migration commits, so "
              "concurrent writes to any row wait; an UPDATE writes a new version of every row (the table and its "
              "indexes grow, and VACUUM has the old versions to clean up) and a large one holds its locks for a long "
              "time. Filling in a column that the same migration added (a backfill) and writing to a table it created "
              "are not flagged: nothing anyone relies on is overwritten.",
          .safeAlternative = "Say which rows to change with a WHERE clause, and on large tables change them in "
                             "batches (by primary key range) outside the schema migration.",
          .badExample = "UPDATE users SET email = lower(email);\nDELETE FROM sessions;",
          .goodExample = "ALTER TABLE users ADD COLUMN email_normalized text;\n"
                         "UPDATE users SET email_normalized = lower(email);  -- backfill of a new column\n"
                         "DELETE FROM sessions WHERE expires_at < now();",
      },
      makeRule<UnboundedDml>};
  return definition;
}

}  // namespace sluice::rules
