#include <optional>

#include "common/text.hpp"
#include "linter/type_change.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

std::string indexNames(const std::vector<const ModelObject*>& indexes) {
  std::string out;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    if (i > 0) out += ", ";
    out += rules::quoted(indexes[i]->name.display());
  }
  return out;
}

// Whether `SET [LOCAL] TimeZone = 'UTC'` (or RESET) sets the session's time zone to UTC;
// nullopt for statements that do not touch it.
std::optional<bool> setsUtc(const ast::Node* node) {
  if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) return std::nullopt;
  const PgQuery__VariableSetStmt* set = node->variable_set_stmt;
  if (set->name == nullptr || toLower(set->name) != "timezone") return std::nullopt;
  if (set->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE || set->n_args != 1) return false;
  const ast::Node* arg = set->args[0];
  if (arg->node_case != PG_QUERY__NODE__NODE_A_CONST || arg->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL) {
    return false;
  }
  std::string zone = toLower(arg->a_const->sval->sval);
  return zone == "utc" || zone == "etc/utc" || zone == "gmt" || zone == "etc/gmt" || zone == "z" || zone == "zulu";
}

class ChangeColumnType final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    if (auto utc = setsUtc(context.node())) {
      utcSession_ = *utc;
      return;
    }
    // A table created in this migration is empty and invisible to others until commit.
    auto altered = alteredExistingTable(context);
    if (!altered) return;
    const PgQuery__AlterTableStmt* alter = altered->alter;
    const ast::QualifiedName& tableName = altered->table;
    const SchemaModel& schema = context.schema();
    const ModelTable* table = schema.table(tableName);
    // PostgreSQL rewrites a table once per ALTER TABLE, however many columns change: one
    // finding per statement, at the first column that costs something.
    std::vector<Verdict> verdicts;
    for (const PgQuery__AlterTableCmd* cmd : alterCommands(alter)) {
      if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType || cmd->def == nullptr ||
          cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) {
        continue;
      }
      if (auto verdict = judge(context, tableName, table, cmd)) verdicts.push_back(std::move(*verdict));
    }
    if (verdicts.empty()) return;
    Verdict& first = verdicts.front();
    std::string message = first.message;
    if (verdicts.size() > 1) {
      message += " (and " + std::to_string(verdicts.size() - 1) + " more column" + (verdicts.size() > 2 ? "s" : "") +
                 " of the table in this statement)";
    }
    Finding& finding = out.report(first.span, message, first.help);
    finding.notes = first.notes;
    for (std::size_t i = 1; i < verdicts.size(); ++i) finding.notes.push_back(verdicts[i].message);
  }

 private:
  struct Verdict {
    Span span;
    std::string message;
    std::string help;
    std::vector<std::string> notes;
  };

  std::optional<Verdict> judge(const StatementContext& context, const ast::QualifiedName& tableName,
                               const ModelTable* table, const PgQuery__AlterTableCmd* cmd) const {
    const SchemaModel& schema = context.schema();
    std::string columnName = cmd->name;
    const PgQuery__ColumnDef* def = cmd->def->column_def;
    ast::TypeInfo newType = ast::typeInfo(def->type_name);
    const ModelColumn* column = table != nullptr ? table->column(columnName) : nullptr;
    // A rollback that puts back the type its forward migration changed is doing its job.
    if (context.role() == FileRole::Rollback && column != nullptr && column->typeOrigin == schema.currentMigration()) {
      return std::nullopt;
    }
    Verdict verdict;
    verdict.span = def->location >= 0 ? context.spanAt(def->location) : context.span();
    std::string subject = schema.describeColumn(tableName, columnName) + ": changing its type";
    std::string lock = "under an ACCESS EXCLUSIVE lock, which blocks reads and writes until it is done";

    if (!usingKeepsValues(def->raw_default, columnName)) {
      std::string from = column != nullptr ? " from " + column->type.display() : std::string();
      verdict.message = subject + from + " to " + newType.display() +
                        " with a USING expression rewrites every row and every index of the table " + lock;
      return verdict;
    }
    if (column == nullptr) {
      std::string why = table == nullptr || table->inferred
                            ? "the table is not created by any migration sluice read"
                            : "sluice could not follow how the table's columns were defined";
      verdict.message = subject + " to " + newType.display() + ": its current type is unknown (" + why +
                        "), so sluice assumes that PostgreSQL rewrites the table and its indexes " + lock;
      verdict.help =
          "Check the current type: if PostgreSQL makes this change without a rewrite (see the rule's "
          "documentation), say so with `-- sluice:ignore change-column-type`; otherwise add a new column, "
          "backfill it in batches and switch over.";
      return verdict;
    }
    TypeChangeVerdict cost = classifyTypeChange(column->type, newType, context.pgVersion());
    std::string change = subject + " from " + column->type.display() + " to " + newType.display();
    // Indexes on the column are rebuilt even when the table is not rewritten.
    auto indexesOnColumn = [&] {
      std::vector<const ModelObject*> indexes;
      for (const ModelObject* index : schema.indexesOf(tableName)) {
        if (std::find(index->columns.begin(), index->columns.end(), columnName) != index->columns.end()) {
          indexes.push_back(index);
        }
      }
      return indexes;
    };
    auto rebuildOnly = [&](const std::string& why) -> std::optional<Verdict> {
      std::vector<const ModelObject*> indexes = indexesOnColumn();
      // Without an index on the column only the catalog changes; but the model may not
      // know the indexes of a table it never saw created.
      if (indexes.empty() && !table->inferred) return std::nullopt;
      std::string which = indexes.empty() ? "any index on the column" : "index " + indexNames(indexes);
      verdict.message = change + " keeps the table" + why + " but rebuilds " + which + " " + lock;
      return verdict;
    };
    switch (cost.cost) {
      case TypeChangeCost::None: return std::nullopt;
      case TypeChangeCost::IndexRebuild: return rebuildOnly("");
      case TypeChangeCost::RewriteUnlessUtc:
        if (utcSession_) return rebuildOnly(" (the session's TimeZone is UTC)");
        verdict.message = change +
                          " rewrites the table unless the session's TimeZone is UTC, and rebuilds the indexes on "
                          "the column either way, " +
                          lock;
        verdict.notes.emplace_back(
            "PostgreSQL 12+ skips the rewrite only when the session running the migration has TimeZone = UTC "
            "(the stored values then need no conversion): `SET TimeZone = 'UTC';` earlier in the migration makes "
            "it so");
        break;
      case TypeChangeCost::Rewrite: verdict.message = change + " rewrites the table and its indexes " + lock; break;
    }
    if (cost.narrowing) {
      verdict.notes.push_back(newType.display() + " does not hold every " + column->type.display() +
                              " value: values that do not fit make the migration fail, or are rounded or cut");
    }
    return verdict;
  }

  bool utcSession_ = false;
};

}  // namespace

const RuleDefinition& changeColumnTypeRule() {
  static const RuleDefinition definition{
      {
          .name = "change-column-type",
          .code = "D009",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Changing a column's type rewrites the table, unless PostgreSQL can prove it need not.",
          .rationale =
              "ALTER TABLE ... ALTER COLUMN ... TYPE takes an ACCESS EXCLUSIVE lock, and \"changing the type of an "
              "existing column will normally cause the entire table and its indexes to be rewritten\" "
              "(https://www.postgresql.org/docs/15/sql-altertable.html, Notes): nothing can read or write the "
              "table until every row is copied. A narrower type also fails on, rounds or cuts values that do not "
              "fit, and code deployed before the change may still send the old type.\n\n"
              "sluice knows each column's current type from the migrations before this one and does not report "
              "the changes PostgreSQL makes without a rewrite. Each was checked on PostgreSQL 15 by comparing "
              "the table's and index's relfilenode before and after (tests/pg/type_changes.txt):\n\n"
              "- varchar(n) to varchar(m) with m >= n, to varchar or to text; varchar to text and text to varchar "
              "(binary coercible types, see https://www.postgresql.org/docs/15/sql-createcast.html);\n"
              "- numeric(p, s) to numeric(q, s) with q >= p, or to numeric;\n"
              "- varbit(n) to varbit(m) with m >= n, or to varbit;\n"
              "- timestamp, timestamptz, time, timetz and interval to a greater precision (or the default);\n"
              "- cidr to inet;\n"
              "- the same type, or a USING clause that is only the column (or the column cast to the new type).\n\n"
              "Reported although the table is not rewritten: text or varchar to citext and back rebuilds the "
              "indexes on the column (reported only when the column has one). timestamp to timestamptz and back "
              "is rewrite-free only when the session's TimeZone is UTC (PostgreSQL 12+, see the 12.0 release "
              "notes) and rebuilds indexes on the column either way: reported as a rewrite, unless an earlier "
              "`SET TimeZone = 'UTC'` in the migration makes it an index rebuild. Arrays are always rewritten, "
              "even varchar[] to text[]. Several columns changed by one ALTER TABLE rewrite the table once: one "
              "finding, with a note per column.\n\n"
              "When the column's current type is unknown (its table was not created by a migration sluice read), "
              "the change is reported and the message says so. A USING expression that computes new values "
              "always rewrites the table. Tables created in the same migration are empty and never reported, and "
              "a rollback that restores the type its forward migration changed is not reported.",
          .safeAlternative = "Add a column of the new type, backfill it in batches, switch the application over, "
                             "then drop the old column in a later migration.",
          .badExample = "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 2); -- was integer",
          .goodExample = "CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255));\n"
                         "-- in the next migration: widening a varchar needs no rewrite\n"
                         "ALTER TABLE users ALTER COLUMN email TYPE varchar(320);\n"
                         "-- instead of changing orders.total from integer to numeric:\n"
                         "ALTER TABLE orders ADD COLUMN total_exact numeric(12, 2);\n"
                         "-- backfill total_exact in batches, switch the code, then drop total",
      },
      makeRule<ChangeColumnType>};
  return definition;
}

}  // namespace sluice::rules
