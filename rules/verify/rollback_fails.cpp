#include <set>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

bool isKeyConstraint(const ModelConstraint& constraint) {
  return constraint.type == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
         constraint.type == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE;
}

// What `sluice lint` can tell without a database: a rollback statement that PostgreSQL
// refuses because of what the schema model knows depends on its object. `sluice verify`
// reports every other failure by running the rollback.
class RollbackFails final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    if (context.role() != FileRole::Rollback) return;
    if (const auto* alter = SLUICE_NODE_AS(context, ALTER_TABLE_STMT, alter_table_stmt)) {
      checkDropColumns(context, alter, out);
      return;
    }
    const auto* drop = SLUICE_NODE_AS(context, DROP_STMT, drop_stmt);
    if (drop == nullptr || drop->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) return;
    if (drop->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) checkDropTables(context, drop, out);
    if (drop->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) checkDropIndexes(context, drop, out);
  }

 private:
  // The first view that reads `tableKey` (`column` of it, or the table itself when empty).
  static const ModelObject* viewReading(const StatementContext& context, const std::string& tableKey,
                                        const std::string& column) {
    for (const ModelObject* view : context.schema().objectsOf(ObjectKind::View)) {
      for (const ViewDependency& read : view->reads) {
        if (read.tableKey == tableKey && read.column == column) return view;
      }
    }
    return nullptr;
  }

  // ALTER TABLE ... DROP COLUMN of a column a view reads.
  static void checkDropColumns(const StatementContext& context, const PgQuery__AlterTableStmt* alter,
                               FindingSink& out) {
    if (alter->relation == nullptr) return;
    ast::QualifiedName table = ast::relationName(alter->relation);
    for (const auto* command : alterCommands(alter)) {
      if (command->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn ||
          command->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE || command->name == nullptr)
        continue;
      const ModelObject* view = viewReading(context, table.key(), command->name);
      if (view == nullptr) continue;
      out.report(context.span(),
                 "this rollback statement fails: " + context.schema().describe(ObjectKind::View, view->name) +
                     " reads column " + quoted(command->name) + " of " + quoted(table.display()),
                 "drop or replace the view " + quoted(view->name.display()) +
                     " first: a rollback undoes its migration in reverse order");
      return;
    }
  }

  // DROP TABLE parent while a table that stays has a foreign key to it, or a view reads it.
  static void checkDropTables(const StatementContext& context, const PgQuery__DropStmt* drop, FindingSink& out) {
    std::set<std::string> dropped;
    for (size_t i = 0; i < drop->n_objects; ++i) dropped.insert(ast::objectName(drop->objects[i]).key());
    for (size_t i = 0; i < drop->n_objects; ++i) {
      ast::QualifiedName table = ast::objectName(drop->objects[i]);
      std::string parent = table.key();
      if (const ModelObject* view = viewReading(context, parent, "")) {
        out.report(context.span(),
                   "this rollback statement fails: " + context.schema().describe(ObjectKind::View, view->name) +
                       " reads table " + quoted(table.display()),
                   "drop the view " + quoted(view->name.display()) +
                       " first: a rollback undoes its migration in reverse order");
        return;
      }
      for (const ModelTable* child : context.schema().allTables()) {
        if (dropped.contains(child->name.key())) continue;  // dropped by the same statement
        for (const ModelConstraint& constraint : child->constraints) {
          if (constraint.type != PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN || constraint.references.key() != parent)
            continue;
          out.report(context.span(),
                     "this rollback statement fails: foreign key " + quoted(constraint.name) + " of " +
                         context.schema().describe(ObjectKind::Table, child->name) + " still references " +
                         quoted(constraint.references.display()),
                     "drop " + quoted(child->name.display()) +
                         " (or its foreign key) first: a rollback undoes its "
                         "migration in reverse order");
          return;
        }
      }
    }
  }

  // DROP INDEX of the index a PRIMARY KEY or UNIQUE constraint owns.
  static void checkDropIndexes(const StatementContext& context, const PgQuery__DropStmt* drop, FindingSink& out) {
    for (size_t i = 0; i < drop->n_objects; ++i) {
      ast::QualifiedName name = ast::objectName(drop->objects[i]);
      const ModelObject* index = context.schema().object(ObjectKind::Index, name);
      if (index == nullptr) continue;
      for (const ModelTable* table : context.schema().allTables()) {
        if (table->name.key() != index->tableKey) continue;
        for (const ModelConstraint& constraint : table->constraints) {
          if (!isKeyConstraint(constraint) || constraint.name != name.name) continue;
          out.report(context.span(),
                     "this rollback statement fails: index " + quoted(name.display()) + " belongs to constraint " +
                         quoted(constraint.name) + " of table " + quoted(table->name.display()) +
                         ", and PostgreSQL refuses to drop it on its own",
                     "drop the constraint instead: ALTER TABLE " + table->name.display() + " DROP CONSTRAINT " +
                         constraint.name);
          return;
        }
      }
    }
  }
};

}  // namespace

// Found by `sluice lint` where the schema model shows the failure (RollbackFails), and by
// `sluice verify` (verify/verify.cpp), which runs migrations and rollbacks on a scratch
// database.
const RuleDefinition& rollbackFailsRule() {
  static const RuleDefinition definition{
      {
          .name = "rollback-fails",
          .code = "V002",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "The rollback fails right after its own migration.",
          .rationale = "A rollback that fails is found out during an incident, when it is needed. `sluice verify` "
                       "applies the migration and then its rollback on a scratch database and reports any failure. "
                       "`sluice lint` reports, on the failing statement, the failures the schema model shows without "
                       "a database: a rollback that drops a table while a table it keeps still has a foreign key to "
                       "it (a parent dropped before its child), one that drops the index a PRIMARY KEY or UNIQUE "
                       "constraint owns, and one that drops a table or column a view still reads (the view's "
                       "query names it, or selects `*` from its table). CASCADE takes dependents along and is not "
                       "reported.",
          .safeAlternative =
              "Fix the rollback so that it runs after the migration (object names, order of the statements, IF "
              "EXISTS where the migration may not have created something).",
          .badExample = "-- migration\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- rollback\nDROP "
                        "INDEX orders_customer_index;",
          .goodExample = "-- migration\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n-- rollback\nDROP "
                         "INDEX orders_customer_idx;",
      },
      makeRule<RollbackFails>};
  return definition;
}

}  // namespace sluice::rules
