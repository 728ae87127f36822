#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/style/column_definitions.hpp"

namespace sluice::rules {
namespace {

class PreferTimestamptz final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    for (const ColumnDefinition& column : columnDefinitions(context)) {
      if (builtinTypeName(column.type) != "timestamp") continue;
      std::string help;
      if (context.migration().format->name() == "prisma") {
        help =
            "Prisma maps `DateTime` to timestamp(3) by default; declare the field as "
            "`DateTime @db.Timestamptz(3)` in schema.prisma";
      }
      out.report(typeSpan(context, column),
                 column.describe() + " is " + ast::typeInfo(column.type).display() +
                     " without time zone: its values mean different instants to sessions in different time zones",
                 help)
          .fix = typeNameFix(context, column, "timestamptz");
    }
  }
};

}  // namespace

const RuleDefinition& preferTimestamptzRule() {
  static const RuleDefinition definition{
      {
          .name = "prefer-timestamptz",
          .code = "Y003",
          .category = Category::Style,
          .defaultSeverity = Severity::Warning,
          .summary = "timestamp (without time zone) columns: use timestamptz.",
          .rationale = "timestamp stores a wall-clock reading with no time zone: `now()` written into it is converted "
                       "to the session's TimeZone, so a server, a driver or a developer in another zone writes and "
                       "reads different instants, and arithmetic across daylight-saving changes is off by an hour. "
                       "timestamptz stores an instant (as UTC) in the same 8 bytes and converts on output. Changing "
                       "the type later rewrites the table under an ACCESS EXCLUSIVE lock (unless the session time "
                       "zone is UTC, from PostgreSQL 12 on).",
          .safeAlternative = "Use timestamptz (`timestamp with time zone`), e.g. `created_at timestamptz NOT NULL "
                             "DEFAULT now()`.",
          .badExample = "CREATE TABLE events (created_at timestamp NOT NULL DEFAULT now());",
          .goodExample = "CREATE TABLE events (created_at timestamptz NOT NULL DEFAULT now());",
          .fix = "changes the type to timestamptz (keeping a precision such as (3)) for a column of a table the "
                 "statement creates; not in Prisma migrations (change schema.prisma) nor for ALTER TABLE, where it "
                 "would change an existing column's meaning.",
      },
      makeRule<PreferTimestamptz>};
  return definition;
}

}  // namespace sluice::rules
