#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_support.hpp"

namespace sluice::rules {
namespace {

constexpr std::string_view kUnderLock =
    ": it holds an ACCESS EXCLUSIVE lock until the new copy and its indexes are complete, so every read and write "
    "waits";

class TableRewrite final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    switch (context.node()->node_case) {
      case PG_QUERY__NODE__NODE_VACUUM_STMT: checkVacuum(context, out); break;
      case PG_QUERY__NODE__NODE_CLUSTER_STMT: checkCluster(context, out); break;
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: checkAlter(context, out); break;
      case PG_QUERY__NODE__NODE_ALTER_TABLE_MOVE_ALL_STMT:
        out.report(context.span(), "ALTER ... ALL IN TABLESPACE ... SET TABLESPACE copies every matching relation" +
                                       std::string(kUnderLock));
        break;
      default: break;
    }
  }

 private:
  static void checkVacuum(const StatementContext& context, FindingSink& out) {
    const auto* vacuum = context.node()->vacuum_stmt;
    if (!vacuum->is_vacuumcmd || !optionEnabled(vacuum->options, vacuum->n_options, "full")) return;
    if (vacuum->n_rels == 0) {
      out.report(context.span(),
                 "VACUUM FULL without a table rewrites every table of the database" + std::string(kUnderLock));
      return;
    }
    for (size_t i = 0; i < vacuum->n_rels; ++i) {
      const ast::Node* rel = vacuum->rels[i];
      if (rel->node_case != PG_QUERY__NODE__NODE_VACUUM_RELATION) continue;
      ast::QualifiedName table = ast::relationName(rel->vacuum_relation->relation);
      if (context.schema().isNewTable(table)) continue;
      out.report(context.span(),
                 "VACUUM FULL of " + context.schema().describe(ObjectKind::Table, table) + std::string(kUnderLock));
    }
  }

  static void checkCluster(const StatementContext& context, FindingSink& out) {
    const auto* cluster = context.node()->cluster_stmt;
    if (cluster->relation == nullptr) {
      out.report(context.span(),
                 "CLUSTER without a table rewrites every table clustered before" + std::string(kUnderLock));
      return;
    }
    ast::QualifiedName table = ast::relationName(cluster->relation);
    if (context.schema().isNewTable(table)) return;
    out.report(context.span(),
               "CLUSTER of " + context.schema().describe(ObjectKind::Table, table) + std::string(kUnderLock));
  }

  static void checkAlter(const StatementContext& context, FindingSink& out) {
    const auto* alter = context.node()->alter_table_stmt;
    std::optional<ObjectKind> relation = alteredRelationKind(alter);
    if (!relation) return;
    ObjectKind kind = *relation;
    ast::QualifiedName name = ast::relationName(alter->relation);
    const SchemaModel& schema = context.schema();
    bool isNew = kind == ObjectKind::Index ? isNewIndexOrOnNewTable(context, name) : schema.isNewObject(kind, name);
    if (isNew) return;
    for (const auto* cmd : alterCommands(alter)) {
      std::string change;
      switch (cmd->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetTableSpace:
          change = "SET TABLESPACE " + rules::quoted(cmd->name) + " of " + schema.describe(kind, name);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged: change = "SET LOGGED of " + schema.describe(kind, name); break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged:
          change = "SET UNLOGGED of " + schema.describe(kind, name);
          break;
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetAccessMethod:
          change = "SET ACCESS METHOD " + rules::quoted(cmd->name) + " of " + schema.describe(kind, name);
          break;
        default: continue;
      }
      out.report(context.span(), change + std::string(kUnderLock));
    }
  }
};

}  // namespace

const RuleDefinition& tableRewriteRule() {
  static const RuleDefinition definition{
      {
          .name = "table-rewrite",
          .code = "L009",
          .category = Category::Locking,
          .defaultSeverity = Severity::Error,
          .summary = "VACUUM FULL, CLUSTER, SET TABLESPACE, SET LOGGED/UNLOGGED and SET ACCESS METHOD rewrite the "
                     "table under an ACCESS EXCLUSIVE lock.",
          .rationale =
              "These commands write a complete new copy of the table (and rebuild its indexes) while holding an "
              "ACCESS EXCLUSIVE lock, so every read and write of the table waits for the whole copy, and the "
              "server needs free disk space for a second copy. Checked on PostgreSQL 15: SET LOGGED, SET "
              "UNLOGGED and CLUSTER change the table's relfilenode (CLUSTER and SET TABLESPACE hold ACCESS "
              "EXCLUSIVE in pg_locks); SET ACCESS METHOD to the method the table already has does not rewrite, "
              "but sluice cannot know the current method and reports it. SET TABLESPACE also applies to indexes "
              "and materialized views. VACUUM FULL and CLUSTER without a table cover every table. Tables created "
              "in the same migration are not flagged.",
          .safeAlternative =
              "Keep these out of deploy-time migrations. To reclaim space use plain VACUUM (no exclusive lock) or "
              "an online tool such as pg_repack; run tablespace moves and persistence changes in a maintenance "
              "window, or build a new table, copy in batches and swap names.",
          .badExample = "VACUUM FULL orders;\nALTER TABLE events SET LOGGED;",
          .goodExample = "VACUUM (ANALYZE) orders;",
      },
      makeRule<TableRewrite>};
  return definition;
}

}  // namespace sluice::rules
