#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_tokens.hpp"

namespace sluice::rules {
namespace {

class DropSchema final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const auto* drop = SLUICE_NODE_AS(context, DROP_STMT, drop_stmt);
    if (drop == nullptr || drop->remove_type != PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA) return;
    bool cascade = drop->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    std::vector<SqlToken> tokens;
    std::size_t cursor = 0;
    for (size_t i = 0; i < drop->n_objects; ++i) {
      ast::QualifiedName name{"", std::string(ast::stringValue(drop->objects[i]))};
      if (context.schema().isNewObject(ObjectKind::Schema, name)) continue;
      if (tokens.empty()) tokens = statementTokens(context);
      Span span = context.span();
      if (auto found = findName(tokens, name.name, cursor)) {
        span = qualifiedSpan(tokens, *found);
        cursor = *found + 1;
      }
      std::string subject = asSubject(context.schema().describe(ObjectKind::Schema, name));
      out.report(span, cascade ? "dropping " + subject +
                                     " with CASCADE deletes every table, view, function and type in it, "
                                     "with all their data"
                               : "dropping " + subject +
                                     " breaks code and search_path settings that name it (without CASCADE it "
                                     "fails unless the schema is empty)");
    }
  }
};

}  // namespace

const RuleDefinition& dropSchemaRule() {
  static const RuleDefinition definition{
      {
          .name = "drop-schema",
          .code = "D003",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Dropping a schema deletes everything in it (with CASCADE) and breaks code that names it.",
          .rationale =
              "DROP SCHEMA takes an ACCESS EXCLUSIVE lock on the schema and on everything it drops. Without CASCADE "
              "PostgreSQL refuses to drop a schema that still contains objects; with CASCADE it drops every table "
              "(and all its rows), view, sequence, function and type in the schema, and whatever in other schemas "
              "depends on them. Nothing is rewritten; it is all simply gone, and only a backup brings it back.",
          .safeAlternative =
              "Move or drop the schema's objects one by one in earlier migrations, so that each drop is reviewed "
              "on its own, and drop the then empty schema without CASCADE after a snapshot or backup.",
          .badExample = "DROP SCHEMA reporting CASCADE;",
          .goodExample = "CREATE SCHEMA scratch;\n"
                         "-- a schema created in the same migration holds nothing anyone relies on yet\n"
                         "DROP SCHEMA scratch;",
      },
      makeRule<DropSchema>};
  return definition;
}

}  // namespace sluice::rules
