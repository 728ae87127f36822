#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/style/column_definitions.hpp"

namespace sluice::rules {
namespace {

class PreferText final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    for (const ColumnDefinition& column : columnDefinitions(context)) {
      // varchar without a length is text under another name.
      if (builtinTypeName(column.type) != "varchar" || column.type->n_typmods == 0) continue;
      std::string type = ast::typeInfo(column.type).display();
      std::string help;
      if (context.migration().format->name() == "prisma") {
        help =
            "remove `@db.VarChar(...)` from the field in schema.prisma (a Prisma `String` is text) and, if the "
            "length matters, add a CHECK constraint in the migration";
      }
      out.report(typeSpan(context, column),
                 column.describe() + " is " + type +
                     ": changing the limit later is an ALTER COLUMN TYPE under an ACCESS EXCLUSIVE lock",
                 help);
    }
  }
};

}  // namespace

const RuleDefinition& preferTextRule() {
  static const RuleDefinition definition{
      {
          .name = "prefer-text",
          .code = "Y004",
          .category = Category::Style,
          .defaultSeverity = Severity::Warning,
          .summary = "varchar(n) columns: use text, with a CHECK constraint if the length matters.",
          .rationale =
              "In PostgreSQL varchar(n) is text plus a length check: it stores and performs the same. The limit is "
              "the problem: raising it is an ALTER COLUMN ... TYPE, which takes an ACCESS EXCLUSIVE lock on the table "
              "(blocking all reads and writes while it waits for and holds the lock; PostgreSQL 9.2 and later skip the "
              "rewrite when the limit only grows), and lowering it rewrites the table and every index on it. A "
              "CHECK (char_length(col) <= n) constraint expresses the same limit and can be replaced without a long "
              "lock: add the new one NOT VALID, VALIDATE it (which takes a SHARE UPDATE EXCLUSIVE lock only), drop "
              "the old one.",
          .safeAlternative = "Use text, and `CHECK (char_length(col) <= n)` when a limit is a real rule.",
          .badExample = "CREATE TABLE users (email varchar(255) NOT NULL);",
          .goodExample =
              "CREATE TABLE users (email text NOT NULL CONSTRAINT users_email_length CHECK (char_length(email) "
              "<= 320));",
      },
      makeRule<PreferText>};
  return definition;
}

}  // namespace sluice::rules
