#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class SyntaxErrorCheck final : public Rule {
 public:
  void checkInvalidStatement(const StatementContext& context, FindingSink& out) override {
    const SyntaxError& error = *context.statement().error;
    Span at = tokenSpanAt(context.source().text(), error.offset);
    if (at.size() == 0) at = context.span();
    std::string help = error.hint.empty()
                           ? std::string("fix the statement; the other statements of the file were still linted")
                           : error.hint;
    if (error.acceptedSince > 0 && context.pgVersion() >= error.acceptedSince) {
      // Valid SQL for the target server: not an error of the migration, only a statement
      // sluice could not check.
      Finding& finding = out.report(at,
                                    "PostgreSQL " + std::to_string(error.acceptedSince) +
                                        " accepts this statement, but sluice's parser (PostgreSQL 15's grammar) "
                                        "does not, so no rule checked it (" +
                                        error.message + ")",
                                    help);
      finding.maxSeverity = Severity::Warning;
      return;
    }
    out.report(at, error.message, help);
  }
};

}  // namespace

const RuleDefinition& syntaxErrorRule() {
  static const RuleDefinition definition{
      {
          .name = "syntax-error",
          .code = "E001",
          .category = Category::Syntax,
          .defaultSeverity = Severity::Error,
          .summary = "A statement does not parse with PostgreSQL 15's grammar.",
          .rationale =
              "PostgreSQL would reject the statement, and the migration would fail at deploy time. "
              "sluice parses with libpg_query, which follows PostgreSQL 15's grammar: syntax that only "
              "newer servers accept is reported too, with a note that says so, and only as a warning "
              "when --pg-version targets a server that accepts it (the statement is valid, but no "
              "rule could check it). A PL/pgSQL body (of CREATE FUNCTION or DO) with a syntax error is "
              "reported at the token PostgreSQL's PL/pgSQL compiler names: PostgreSQL compiles the body when "
              "CREATE FUNCTION runs and rejects it, unless `SET check_function_bodies = off` came earlier in "
              "the file (as in pg_dump's output), and always compiles a DO block before running it. The string "
              "of an EXECUTE in a function is parsed only when the function runs, and is not reported. "
              "A statement nested deeper than sluice analyses (10,000 levels of "
              "operators, casts, UNION or JOIN chains, parentheses), at top level or in a DO block or function "
              "body, is reported here too, with its depth: "
              "no rule checked it, and deploy, verify and rollback refuse to run it (exit 2).",
          .safeAlternative = "Fix the statement. The other statements of the file are still linted.",
          .badExample = "ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT;",
          .goodExample = "ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';",
      },
      makeRule<SyntaxErrorCheck>};
  return definition;
}

}  // namespace sluice::rules
