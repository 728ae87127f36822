#include <algorithm>
#include <vector>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/transaction_scope.hpp"

namespace sluice::rules {
namespace {

struct AddedValue {
  std::string label;
  ast::QualifiedName type;
  std::size_t line = 0;  // of the ADD VALUE
};

// The value of a DefElem option of a DO or CREATE FUNCTION statement: its string, or
// the first string of a list (a function's body).
std::string_view optionText(ast::Node* const* options, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || options[i]->def_elem->defname != name) continue;
    const ast::Node* arg = options[i]->def_elem->arg;
    if (arg == nullptr) return {};
    if (arg->node_case == PG_QUERY__NODE__NODE_LIST && arg->list->n_items > 0)
      return ast::stringValue(arg->list->items[0]);
    return ast::stringValue(arg);
  }
  return {};
}

// Code that PostgreSQL parses right away, where a quoted label is a use: the body of a
// DO block (it runs now) and of a LANGUAGE sql function (validated at creation, which
// casts its constants). PL/pgSQL function bodies are only parsed when first called.
std::string_view executedBody(const ast::Node* node) {
  if (node->node_case == PG_QUERY__NODE__NODE_DO_STMT) {
    return optionText(node->do_stmt->args, node->do_stmt->n_args, "as");
  }
  if (node->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) {
    const auto* create = node->create_function_stmt;
    if (optionText(create->options, create->n_options, "language") != "sql") return {};
    return optionText(create->options, create->n_options, "as");
  }
  return {};
}

std::string sqlLiteral(std::string_view label) {
  std::string out = "'";
  for (char c : label) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

class EnumValueUsedInTransaction final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    if (context.statement().depth != 0) return;
    // Before PostgreSQL 12, ADD VALUE itself is refused in a transaction
    // (concurrently-in-transaction reports it), so there is nothing to use.
    if (context.pgVersion() < 12) return;
    if (transactionEndsAt(context)) added_.clear();
    if (!added_.empty()) reportUse(context, out);
    remember(context);
  }

 private:
  void remember(const StatementContext& context) {
    const auto* alter = SLUICE_NODE_AS(context, ALTER_ENUM_STMT, alter_enum_stmt);
    // ADD VALUE (old_val is set for RENAME VALUE), inside a transaction that goes on.
    if (alter == nullptr || alter->old_val[0] != '\0' || alter->new_val[0] == '\0' || transactionEndsAt(context)) {
      return;
    }
    ast::QualifiedName type = ast::qualifiedName(alter->type_name, alter->n_type_name);
    // ADD VALUE IF NOT EXISTS of a value the type already has adds nothing.
    if (const ModelObject* known = context.schema().object(ObjectKind::Type, type)) {
      const auto& values = known->enumValues;
      if (std::find(values.begin(), values.end(), alter->new_val) != values.end()) return;
    }
    added_.push_back({alter->new_val, type, context.source().lines().position(context.span().begin).line});
  }

  void reportUse(const StatementContext& context, FindingSink& out) const {
    const AddedValue* used = nullptr;
    int32_t location = -1;
    ast::forEachNode(context.node(), [&](const ast::Node* node) {
      if (used != nullptr) return false;
      if (node->node_case != PG_QUERY__NODE__NODE_A_CONST || node->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL) {
        return true;
      }
      for (const AddedValue& value : added_) {
        if (value.label == node->a_const->sval->sval) {
          used = &value;
          location = node->a_const->location;
        }
      }
      return used == nullptr;
    });
    if (used == nullptr) {
      std::string_view body = executedBody(context.node());
      for (const AddedValue& value : added_) {
        if (!body.empty() && body.find(sqlLiteral(value.label)) != std::string_view::npos) used = &value;
      }
    }
    if (used == nullptr) return;
    out.report(location >= 0 ? context.spanAt(location) : context.span(),
               "uses " + sqlLiteral(used->label) + ", which line " + std::to_string(used->line) + " adds to enum " +
                   rules::quoted(used->type.display()) +
                   " in the same transaction: PostgreSQL rejects it with \"unsafe use of new value\" until the "
                   "ADD VALUE is committed");
  }

  std::vector<AddedValue> added_;  // values added in the transaction still open
};

}  // namespace

const RuleDefinition& enumValueUsedInTransactionRule() {
  static const RuleDefinition definition{
      {
          .name = "enum-value-used-in-transaction",
          .code = "T004",
          .category = Category::Transaction,
          .defaultSeverity = Severity::Error,
          .summary = "A value added with ALTER TYPE ... ADD VALUE is used before the transaction commits.",
          .rationale =
              "Since PostgreSQL 12, ALTER TYPE ... ADD VALUE may run inside a transaction, but the new value "
              "cannot be used until that transaction commits: an INSERT or UPDATE of it, a comparison in a "
              "WHERE, a DEFAULT, a CHECK, a cast, a DO block or a LANGUAGE sql function that mentions it all "
              "fail with \"unsafe use of new value\" (each checked on PostgreSQL 15, also for an enum type "
              "created in the same transaction). \"Same transaction\" means the same BEGIN ... COMMIT block, the "
              "whole file when sluice's runner wraps it in one transaction, or a Prisma migration with several "
              "statements (one implicit transaction). sluice reports a string constant equal to the new label "
              "in a later statement of the same transaction; a COMMIT in between clears it. PL/pgSQL function "
              "bodies are not checked: PostgreSQL does not evaluate them until they are called. Before "
              "PostgreSQL 12, ADD VALUE cannot run in a transaction at all (concurrently-in-transaction reports "
              "that).",
          .safeAlternative =
              "Commit the new value before using it: put the statements that use it in a later migration (in "
              "Prisma, a new migration), or, in a file with its own transaction blocks, after the COMMIT.",
          .badExample = "ALTER TYPE order_status ADD VALUE 'refunded';\n"
                        "UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;",
          .goodExample = "ALTER TYPE order_status ADD VALUE 'refunded';\n"
                         "-- in the next migration:\n"
                         "UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;",
      },
      makeRule<EnumValueUsedInTransaction>};
  return definition;
}

}  // namespace sluice::rules
