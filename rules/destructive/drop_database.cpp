#include <set>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class DropDatabase final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    const ast::Node* node = context.node();
    // The schema model does not follow databases; one created in this same file is
    // remembered here.
    if (node->node_case == PG_QUERY__NODE__NODE_CREATEDB_STMT) {
      created_.insert(node->createdb_stmt->dbname);
      return;
    }
    if (node->node_case != PG_QUERY__NODE__NODE_DROPDB_STMT) return;
    const auto* drop = node->dropdb_stmt;
    if (created_.contains(drop->dbname)) return;
    bool force = false;
    for (size_t i = 0; i < drop->n_options; ++i) {
      const ast::Node* option = drop->options[i];
      if (option->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && std::string_view(option->def_elem->defname) == "force")
        force = true;
    }
    std::string message = "dropping database " + rules::quoted(drop->dbname) + " deletes every table and row in it";
    if (force) message += "; WITH (FORCE) also terminates every session connected to it";
    out.report(context.span(), message);
  }

 private:
  std::set<std::string, std::less<>> created_;
};

}  // namespace

const RuleDefinition& dropDatabaseRule() {
  static const RuleDefinition definition{
      {
          .name = "drop-database",
          .code = "D004",
          .category = Category::Destructive,
          .defaultSeverity = Severity::Error,
          .summary = "Dropping a database deletes all of its data; it has no place in a migration.",
          .rationale = "DROP DATABASE removes the whole database, every schema, table and row, and cannot run inside "
                       "a transaction, so it cannot be rolled back: once it has run only a backup brings the data "
                       "back. It fails while anyone is connected, unless WITH (FORCE) terminates their sessions. "
                       "A pre-migration snapshot of the database the migration runs in does not cover another "
                       "database.",
          .safeAlternative = "Drop databases by hand or with infrastructure tooling, after a backup, not from an "
                             "application's migrations.",
          .badExample = "DROP DATABASE analytics;",
          .goodExample = "-- run by hand, after `pg_dump analytics`:\n-- DROP DATABASE analytics;",
      },
      makeRule<DropDatabase>};
  return definition;
}

}  // namespace sluice::rules
