#include <algorithm>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_tokens.hpp"

namespace sluice::rules {
namespace {

// `DROP [COLUMN] [IF EXISTS] name` inside the statement, from `from` on; the statement
// when it cannot be found (the parse tree gives ALTER TABLE commands no location).
std::optional<Span> dropCommandSpan(const std::vector<SqlToken>& tokens, std::string_view column, std::size_t& from) {
  for (std::size_t i = from; i < tokens.size(); ++i) {
    if (tokens[i].kind != PG_QUERY__TOKEN__DROP) continue;
    std::size_t k = i + 1;
    if (k < tokens.size() && tokens[k].kind == PG_QUERY__TOKEN__COLUMN) ++k;
    if (k + 1 < tokens.size() && tokens[k].kind == PG_QUERY__TOKEN__IF_P &&
        tokens[k + 1].kind == PG_QUERY__TOKEN__EXISTS)
      k += 2;
    if (k < tokens.size() && tokens[k].name && truncateIdentifier(tokens[k].value) == column) {
      from = k + 1;
      return Span{tokens[i].span.begin, tokens[k].span.end};
    }
  }
  return std::nullopt;
}

bool sameTable(const PgQuery__RangeVar* relation, const ast::QualifiedName& table) {
  return relation != nullptr && ast::relationName(relation).key() == table.key();
}

// Whether `column` is mentioned anywhere under `node`.
bool mentionsColumn(const ast::Node* node, std::string_view column) {
  bool found = false;
  ast::forEachNode(node, [&](const ast::Node* n) {
    if (found) return false;
    if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields > 0) {
      found = ast::stringValue(n->column_ref->fields[n->column_ref->n_fields - 1]) == column;
    }
    return !found;
  });
  return found;
}

// The column is replaced, not lost: earlier in the file a column added by this
// migration was filled from it (UPDATE t SET c_new = f(c)), and later that column is
// renamed to its name (ALTER TABLE t RENAME c_new TO c). It is how a column's type
// or position is changed by hand, and code that uses the name keeps working.
bool replacedInPlace(const StatementContext& context, const ast::QualifiedName& table, std::string_view column) {
  const auto& statements = context.parsed().statements;
  for (std::size_t later = context.index() + 1; later < statements.size(); ++later) {
    const ast::Node* node = statements[later].node;
    if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_RENAME_STMT) continue;
    const auto* rename = node->rename_stmt;
    if (rename->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN || !sameTable(rename->relation, table) ||
        column != rename->newname || !isNewColumn(context, table, rename->subname))
      continue;
    std::string_view replacement = rename->subname;
    for (std::size_t earlier = 0; earlier < context.index(); ++earlier) {
      const ast::Node* candidate = statements[earlier].node;
      if (candidate == nullptr || candidate->node_case != PG_QUERY__NODE__NODE_UPDATE_STMT) continue;
      const auto* update = candidate->update_stmt;
      if (!sameTable(update->relation, table)) continue;
      for (size_t i = 0; i < update->n_target_list; ++i) {
        const ast::Node* target = update->target_list[i];
        if (target->node_case == PG_QUERY__NODE__NODE_RES_TARGET && target->res_target->name == replacement &&
            mentionsColumn(candidate, column))
          return true;
      }
    }
  }
  return false;
}

class DropColumn final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* alter = SLUICE_NODE_AS(context, ALTER_TABLE_STMT, alter_table_stmt);
    if (!altersTable(alter)) return;
    auto commands = alterCommands(alter);
    if (std::none_of(commands.begin(), commands.end(), [](const PgQuery__AlterTableCmd* command) {
          return command->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn;
        }))
      return;
    ast::QualifiedName table = ast::relationName(alter->relation);
    if (isScratchTable(context.schema(), table)) return;
    std::vector<SqlToken> tokens;
    std::size_t cursor = 0;
    for (const auto* command : commands) {
      if (command->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn) continue;
      // A column added earlier in this migration holds no data anyone relies on yet.
      if (isNewColumn(context, table, command->name)) continue;
      if (replacedInPlace(context, table, command->name)) continue;
      if (tokens.empty()) tokens = statementTokens(context);
      Span span = dropCommandSpan(tokens, command->name, cursor).value_or(context.span());
      std::string message = "dropping " + asSubject(describeColumn(context.schema(), table, command->name)) +
                            " deletes its data; code that still reads or writes it fails";
      if (command->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
        message += "; CASCADE also drops the views, constraints and indexes that use it";
      }
      out.report(span, message);
    }
  }
};

}  // namespace

const RuleDefinition& dropColumnRule() {
  static const RuleDefinition definition{
      {
          .name = "drop-column",
          .code = "D002",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Dropping a column deletes its data and breaks code that still uses it.",
          .rationale =
              "ALTER TABLE ... DROP COLUMN takes an ACCESS EXCLUSIVE lock for a moment; it does not rewrite the "
              "table (the column is only marked dropped and its space is reclaimed as rows are rewritten later), so "
              "the lock is short. But every value in the column is gone at commit and only a backup brings it back. "
              "Application instances still running the previous release fail on their next query that names the "
              "column, and so does `SELECT *` code that maps columns by position. With CASCADE, the views, indexes "
              "and constraints that use the column are dropped too.",
          .safeAlternative =
              "Stop reading and writing the column in a release first (with Prisma, remove the field from the "
              "schema and deploy the client), then drop it in a later migration, after a snapshot or backup.",
          .badExample = "ALTER TABLE users DROP COLUMN legacy_email;",
          .goodExample = "-- release 1: the application stops using users.legacy_email\n"
                         "-- release 2, after a snapshot:\n"
                         "-- sluice:ignore drop-column -- unused since release 1\n"
                         "ALTER TABLE users DROP COLUMN legacy_email;",
      },
      makeRule<DropColumn>};
  return definition;
}

}  // namespace sluice::rules
