#include "rules/fix_support.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"
#include "rules/statement_tokens.hpp"

namespace sluice::rules {
namespace {

// Never suggests NOT VALID: PostgreSQL rejects it for all three kinds.
std::string helpFor(PgQuery__ConstrType type, bool inlineColumn) {
  if (type == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION) {
    return "PostgreSQL has no way to add an EXCLUDE constraint from an index built beforehand: add it while the "
           "table is small, or in a maintenance window.";
  }
  std::string keyword(constraintKeyword(type));
  std::string help = inlineColumn ? "Add the column without " + keyword + ", then build" : std::string("Build");
  help +=
      " the index first with CREATE UNIQUE INDEX CONCURRENTLY (in a migration that runs outside a "
      "transaction), then ALTER TABLE ... ADD CONSTRAINT ... " +
      keyword + " USING INDEX, which only takes the lock for a moment.";
  if (type == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY) {
    help +=
        " Make the columns NOT NULL beforehand (see set-not-null), or the primary key scans the table for "
        "NULLs.";
  }
  return help;
}

bool buildsIndex(const PgQuery__Constraint* constraint) {
  switch (constraint->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION:
      // USING INDEX adopts an index built beforehand.
      return constraint->indexname == nullptr || constraint->indexname[0] == '\0';
    default: return false;
  }
}

// `ALTER TABLE t ADD CONSTRAINT c UNIQUE (cols)`, alone in its statement and with nothing
// after the column list (no INCLUDE, WITH, DEFERRABLE, NULLS NOT DISTINCT), becomes
// CREATE UNIQUE INDEX CONCURRENTLY c ON t (cols) and, in the next migration, ADD
// CONSTRAINT c UNIQUE USING INDEX c: the same index and constraint. A PRIMARY KEY is left
// alone (USING INDEX would still scan for NULLs to set NOT NULL), as is a constraint
// without a name.
std::shared_ptr<const Fix> indexFirstFix(const StatementContext& context, const PgQuery__AlterTableStmt* alter,
                                         const PgQuery__Constraint* constraint) {
  if (!context.settings().fixes) return nullptr;
  if (context.role() != FileRole::Forward || context.nested() || alter->n_cmds != 1 ||
      constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE || constraint->conname == nullptr ||
      *constraint->conname == '\0') {
    return nullptr;
  }
  std::vector<SqlToken> tokens = statementTokens(context);
  auto unique = std::find_if(tokens.begin(), tokens.end(),
                             [](const SqlToken& token) { return token.kind == PG_QUERY__TOKEN__UNIQUE; });
  if (unique == tokens.end() || unique + 1 == tokens.end() || (unique + 1)->kind != PG_QUERY__TOKEN__ASCII_40) {
    return nullptr;
  }
  auto close = std::find_if(unique + 1, tokens.end(),
                            [](const SqlToken& token) { return token.kind == PG_QUERY__TOKEN__ASCII_41; });
  if (close == tokens.end() || close + 1 != tokens.end()) return nullptr;
  std::optional<std::size_t> name = findName(tokens, constraint->conname);
  if (!name) return nullptr;
  std::string table(context.text(context.spanAt(alter->relation->location)));
  std::string written(context.text(tokens[*name].span));
  std::string columns(context.text({(unique + 1)->span.begin, close->span.end}));
  std::string createIndex = "CREATE UNIQUE INDEX CONCURRENTLY " + written + " ON " + table + " " + columns;
  std::string attach = "ALTER TABLE " + table + " ADD CONSTRAINT " + written + " UNIQUE USING INDEX " + written + ";\n";
  auto fix = std::make_shared<Fix>();
  if (!fileHasOtherStatements(context)) {
    fix->description = "build the unique index concurrently here and attach it as the constraint in a new migration";
    fix->edits.push_back({context.span(), createIndex});
  } else {
    if (laterStatementMentions(context, constraint->conname) ||
        laterStatementMentions(context, ast::relationName(alter->relation).name)) {
      return nullptr;
    }
    fix->description =
        "move the statement into two new migrations: the unique index built concurrently, then attached as the "
        "constraint";
    fix->edits.push_back({statementLineSpan(context), ""});
    fix->following.push_back(
        {migrationNameFrom("create_index_" + std::string(constraint->conname)), createIndex + ";\n", true});
  }
  fix->following.push_back({migrationNameFrom("add_constraint_" + std::string(constraint->conname)), attach, false});
  return fix;
}

class UniqueConstraintWithoutIndex final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    // An index on a table created in this migration is built on an empty table.
    auto altered = alteredExistingTable(context);
    if (!altered) return;
    const PgQuery__AlterTableStmt* alter = altered->alter;
    const ast::QualifiedName& table = altered->table;
    std::string described = context.schema().describe(ObjectKind::Table, table);
    constexpr std::string_view kLock =
        ": PostgreSQL builds the index while holding an ACCESS EXCLUSIVE lock on the table, blocking reads and "
        "writes until the whole index is built";
    for (const auto* cmd : alterCommands(alter)) {
      if (const auto* constraint = addedConstraint(cmd)) {
        if (!buildsIndex(constraint)) continue;
        out.report(alterPartSpan(context, alter, constraint->location),
                   "adding " + constraintLabel(constraint) + " to " + described + std::string(kLock),
                   helpFor(constraint->contype, false))
            .fix = indexFirstFix(context, alter, constraint);
      } else if (const auto* column = addedColumn(cmd)) {
        for (const auto* inlineConstraint : ast::columnConstraints(column)) {
          if (!buildsIndex(inlineConstraint)) continue;
          out.report(alterPartSpan(context, alter, inlineConstraint->location),
                     "adding column " + rules::quoted(column->colname) + " with " + constraintLabel(inlineConstraint) +
                         " to " + described + std::string(kLock),
                     helpFor(inlineConstraint->contype, true));
        }
      }
    }
  }
};

}  // namespace

const RuleDefinition& uniqueConstraintWithoutIndexRule() {
  static const RuleDefinition definition{
      {
          .name = "unique-constraint-without-index",
          .code = "L008",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "ADD CONSTRAINT ... UNIQUE or PRIMARY KEY on an existing table builds its index under an "
                     "ACCESS EXCLUSIVE lock.",
          .rationale =
              "Adding a UNIQUE, PRIMARY KEY or EXCLUDE constraint builds a new index from a full scan of the "
              "table while holding an ACCESS EXCLUSIVE lock (checked on PostgreSQL 15 in pg_locks), so every "
              "read and write waits for the whole build. A PRIMARY KEY also makes its columns NOT NULL, scanning "
              "the table when they are nullable. These constraints cannot be added NOT VALID (PostgreSQL rejects "
              "it), so the way around is to build the index first. The same holds for UNIQUE or PRIMARY KEY "
              "declared on a column added to an existing table. Tables created in the same migration are not "
              "flagged.",
          .safeAlternative =
              "Build the index with CREATE UNIQUE INDEX CONCURRENTLY (outside a transaction: sluice's runner "
              "does this automatically; in Prisma, make it the only statement of its migration), then attach it "
              "with ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX (or PRIMARY KEY USING INDEX), which "
              "holds its lock only for a catalog update. EXCLUDE constraints have no USING INDEX form: add them "
              "while the table is small or in a maintenance window.",
          .badExample = "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);",
          .goodExample = "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n"
                         "-- in the next migration:\n"
                         "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;",
          .fix = "rewrites `ALTER TABLE t ADD CONSTRAINT c UNIQUE (columns)` (named, the only command, nothing after "
                 "the column list) into `CREATE UNIQUE INDEX CONCURRENTLY c ON t (columns)` and, in a new migration "
                 "right after, `ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX c`. In a file with other statements "
                 "both go into new migrations (not when a later statement names the table or the constraint). The "
                 "migration must be the newest. PRIMARY KEY and EXCLUDE are not rewritten.",
      },
      makeRule<UniqueConstraintWithoutIndex>};
  return definition;
}

}  // namespace sluice::rules
