#include <algorithm>
#include <optional>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

// "a", "a and b", "a, b and c".
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

bool callsFunction(const ast::Node* node, const ast::QualifiedName& function) {
  bool calls = false;
  ast::forEachNode(node, [&](const ast::Node* inner) {
    if (calls) return false;
    if (inner->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
      const PgQuery__FuncCall* call = inner->func_call;
      calls = ast::qualifiedName(call->funcname, call->n_funcname).key() == function.key();
    }
    return !calls;
  });
  return calls;
}

// A function or procedure body runs when it is called, not when the migration runs: the
// rules about what a migration does never see it (Rule::checkFunctionBody). What such a
// body changes is reported once per function, here, as the hazard it is: schema changes
// that happen outside any migration, whenever someone calls it.
class DdlInFunction final : public Rule {
 public:
  void checkFunctionBody(const StatementContext& context, FindingSink& out) override {
    std::size_t parent = context.statement().parent;
    if (parent == seen_) return;
    seen_ = parent;
    const auto& statements = context.parsed().statements;
    const ast::Node* create = statements[parent].node;
    if (create == nullptr || create->node_case != PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) return;
    std::vector<std::string> effects;
    std::optional<Span> first;
    for (std::size_t i = parent + 1; i < statements.size() && statements[i].depth > 0; ++i) {
      const Statement& body = statements[i];
      if (body.parent != parent || body.body != BodyKind::Function || !body.parsed()) continue;
      // REFRESH MATERIALIZED VIEW recomputes rows, the usual work of a trigger or a job.
      if (body.node->node_case == PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT) continue;
      // Against the schema as code that runs later sees it: nothing is new.
      for (const Change& change : statementChanges(context.schema(), body, i)) {
        if (!isSchemaChange(change) && change.action != ChangeAction::Truncate) continue;
        if (!first) first = body.span;
        std::string effect = summarizeChange(change);
        if (std::find(effects.begin(), effects.end(), effect) == effects.end()) effects.push_back(effect);
      }
    }
    if (!first) return;
    const auto* function = create->create_function_stmt;
    ast::QualifiedName name = ast::qualifiedName(function->funcname, function->n_funcname);
    std::string message = std::string(function->is_procedure ? "procedure " : "function ") + quoted(name.display()) +
                          " " + joined(effects) +
                          " each time it is called: its body runs then, not when this migration does";
    for (std::size_t i = parent + 1; i < statements.size(); ++i) {
      if (statements[i].depth != 0 || !callsFunction(statements[i].node, name)) continue;
      message += "; this migration calls it at line " +
                 std::to_string(context.source().lines().position(statements[i].span.begin).line) +
                 ", which runs it now";
      break;
    }
    out.report(*first, message);
  }

 private:
  std::size_t seen_ = SIZE_MAX;  // the CREATE FUNCTION whose body was judged last
};

}  // namespace

const RuleDefinition& ddlInFunctionRule() {
  static const RuleDefinition definition{
      {
          .name = "ddl-in-function",
          .code = "D011",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Warning,
          .summary = "A function or procedure whose body changes the schema or truncates tables when it is called.",
          .rationale =
              "The body of a function or procedure runs each time it is called, later and maybe never, not when the "
              "migration that creates it runs; sluice therefore judges the migration without it (no `drop-table`, "
              "`truncate-table`, `require-concurrent-index` ... for the body). What the body would do is still a "
              "hazard: schema changes and TRUNCATE that happen outside any migration, unreviewed, with the locks "
              "they take, whenever a job, a trigger or a person calls the function. Reported once per function, at "
              "the first such statement of its body, with everything the body changes (`EXECUTE` of a constant "
              "string included); a migration that also calls the function is named, since the body then runs "
              "during it. INSERT, UPDATE and DELETE, and REFRESH MATERIALIZED VIEW, the usual work of trigger "
              "functions, are not reported.",
          .safeAlternative = "Put schema changes in migrations. If the function is a maintenance tool on purpose "
                             "(rotating partitions, dropping leftover indexes), say so in a suppression comment.",
          .badExample = "CREATE FUNCTION purge_sessions() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n"
                        "  TRUNCATE sessions;\nEND $$;",
          .goodExample = "CREATE FUNCTION expire_sessions() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n"
                         "  DELETE FROM sessions WHERE expires_at < now();\nEND $$;",
      },
      makeRule<DdlInFunction>};
  return definition;
}

}  // namespace sluice::rules
