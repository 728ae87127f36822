#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/style/column_definitions.hpp"

namespace sluice::rules {
namespace {

// char(2), as people write it (the parse tree says bpchar).
std::string charDisplay(const PgQuery__TypeName* type) {
  std::string display = ast::typeInfo(type).display();
  return display.starts_with("bpchar") ? "char" + display.substr(6) : display;
}

class BanChar final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    for (const ColumnDefinition& column : columnDefinitions(context)) {
      // The grammar spells char(n) and character(n) as pg_catalog.bpchar. A quoted
      // "char" is PostgreSQL's one-byte internal type, which is not padded.
      if (builtinTypeName(column.type) != "bpchar") continue;
      std::string help;
      if (context.migration().format->name() == "prisma") {
        help =
            "remove `@db.Char(...)` from the field in schema.prisma (a Prisma `String` is text) and, if the length "
            "matters, add a CHECK constraint in the migration";
      }
      out.report(typeSpan(context, column),
                 column.describe() + " is " + charDisplay(column.type) +
                     ", which pads values with spaces and compares them ignoring trailing spaces",
                 help);
    }
  }
};

}  // namespace

const RuleDefinition& banCharRule() {
  static const RuleDefinition definition{
      {
          .name = "ban-char",
          .code = "Y005",
          .category = Category::Style,
          .defaultSeverity = Severity::Warning,
          .summary = "char(n) / character(n) columns: use text instead.",
          .rationale =
              "character(n) pads every value with spaces to n characters; the padding is dropped again when the value "
              "is compared or cast to text, but not by every client, LIKE or regular expression, so the same value "
              "looks different depending on who reads it. It saves no space and is no faster than text, and "
              "`char` without a length means char(1). Changing the type later rewrites the table under an ACCESS "
              "EXCLUSIVE lock.",
          .safeAlternative = "Use text, with `CHECK (char_length(col) = n)` when a fixed length is a real rule.",
          .badExample = "CREATE TABLE countries (code char(2) PRIMARY KEY);",
          .goodExample = "CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2));",
      },
      makeRule<BanChar>};
  return definition;
}

}  // namespace sluice::rules
