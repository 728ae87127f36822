#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/style/column_definitions.hpp"

namespace sluice::rules {
namespace {

// The 32-bit and 16-bit integer types, as the parse tree names them, with their limits.
struct SmallInteger {
  std::string_view spelling;  // how people write it
  std::string_view limit;
  bool serial = false;
};

std::optional<SmallInteger> smallInteger(std::string_view name) {
  if (name == "int4") return SmallInteger{"integer", "2,147,483,647", false};
  if (name == "int2") return SmallInteger{"smallint", "32,767", false};
  if (name == "serial" || name == "serial4") return SmallInteger{"serial", "2,147,483,647", true};
  if (name == "smallserial" || name == "serial2") return SmallInteger{"smallserial", "32,767", true};
  return std::nullopt;
}

bool isBigInteger(std::string_view canonicalName) { return canonicalName == "int8" || canonicalName == "serial8"; }

bool onlyColumn(Node* const* items, size_t count, std::string_view column) {
  return count == 1 && ast::stringValue(items[0]) == column;
}

bool isNextval(const ast::Node* expression) { return ast::isFunctionCall(expression, {"nextval"}); }

// The top-level CREATE TABLE of `table` in this file: a foreign key's parent is often
// created next to its child, before or after it (Prisma adds every foreign key last).
const PgQuery__CreateStmt* createdInFile(const StatementContext& context, const ast::QualifiedName& table) {
  for (const Statement& statement : context.parsed().statements) {
    const ast::Node* node = statement.node;
    if (statement.depth != 0 || node == nullptr || node->node_case != PG_QUERY__NODE__NODE_CREATE_STMT) continue;
    if (ast::relationName(node->create_stmt->relation).key() == table.key()) return node->create_stmt;
  }
  return nullptr;
}

// The type of the column a foreign key references, from the same CREATE TABLE (a
// self-reference), the schema model or a CREATE TABLE elsewhere in the file; empty when
// unknown.
std::string referencedType(const StatementContext& context, const ColumnDefinition& column,
                           const PgQuery__Constraint* foreignKey) {
  ast::QualifiedName target = ast::relationName(foreignKey->pktable);
  std::string targetColumn =
      foreignKey->n_pk_attrs == 1 ? std::string(ast::stringValue(foreignKey->pk_attrs[0])) : std::string();
  const PgQuery__CreateStmt* create =
      column.create != nullptr && ast::relationName(column.create->relation).key() == target.key() ? column.create
                                                                                                   : nullptr;
  if (create == nullptr && context.schema().table(target) == nullptr) create = createdInFile(context, target);
  if (create != nullptr) {
    for (size_t i = 0; i < create->n_table_elts; ++i) {
      const ast::Node* element = create->table_elts[i];
      if (element->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF) continue;
      if (!targetColumn.empty() && targetColumn != element->column_def->colname) continue;
      bool primary = false;
      for (const auto* constraint : ast::columnConstraints(element->column_def)) {
        primary = primary || constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
      }
      if (!targetColumn.empty() || primary) return ast::typeInfo(element->column_def->type_name).name;
    }
    return {};
  }
  const ModelTable* table = context.schema().table(target);
  if (table == nullptr) return {};
  if (targetColumn.empty()) {
    // REFERENCES t without a column list means t's primary key.
    for (const auto& constraint : table->constraints) {
      if (constraint.type == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY && constraint.columns.size() == 1) {
        targetColumn = constraint.columns.front();
      }
    }
  }
  const ModelColumn* referenced = table->column(targetColumn);
  return referenced != nullptr ? referenced->type.name : std::string();
}

// The foreign keys of a column: its own REFERENCES, single-column FOREIGN KEYs of its
// CREATE TABLE, and those this file adds to its table with ALTER TABLE (Prisma's way).
std::vector<const PgQuery__Constraint*> foreignKeysOf(const StatementContext& context, const ColumnDefinition& column) {
  std::vector<const PgQuery__Constraint*> keys;
  auto add = [&](const PgQuery__Constraint* constraint) {
    if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN &&
        (constraint->n_fk_attrs == 0 || onlyColumn(constraint->fk_attrs, constraint->n_fk_attrs, column.name)))
      keys.push_back(constraint);
  };
  for (const auto* constraint : ast::columnConstraints(column.def)) add(constraint);
  if (column.create != nullptr) {
    for (size_t i = 0; i < column.create->n_table_elts; ++i) {
      const ast::Node* element = column.create->table_elts[i];
      if (element->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && element->constraint->n_fk_attrs > 0)
        add(element->constraint);
    }
  }
  std::string table = column.table().key();
  for (const Statement& statement : context.parsed().statements) {
    const ast::Node* node = statement.node;
    if (statement.depth != 0 || node == nullptr || node->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_STMT) continue;
    const auto* alter = node->alter_table_stmt;
    if (!altersTable(alter) || ast::relationName(alter->relation).key() != table) continue;
    for (const auto* command : alterCommands(alter)) {
      if (command->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint && command->def != nullptr &&
          command->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT && command->def->constraint->n_fk_attrs > 0)
        add(command->def->constraint);
    }
  }
  return keys;
}

// A foreign key to an integer key must be an integer too: the types must match, and
// the advice belongs to the parent's key (reported where that is created).
bool referencesSmallKey(const StatementContext& context, const ColumnDefinition& column) {
  for (const PgQuery__Constraint* key : foreignKeysOf(context, column)) {
    if (smallInteger(referencedType(context, column, key))) return true;
  }
  return false;
}

// Why the column holds ids that keep growing, or empty when it does not look like one.
std::string idReason(const StatementContext& context, const ColumnDefinition& column, const SmallInteger& type) {
  if (type.serial) return "a sequence-backed id";
  if (referencesSmallKey(context, column)) return {};
  const PgQuery__ColumnDef* def = column.def;
  if (def->identity[0] != '\0') return "an identity column";
  if (isNextval(def->raw_default)) return "filled from a sequence";
  for (const auto* constraint : ast::columnConstraints(def)) {
    switch (constraint->contype) {
      case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY: return "a primary key";
      case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: return "an identity column";
      case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
        if (isNextval(constraint->raw_expr)) return "filled from a sequence";
        break;
      case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        if (isBigInteger(referencedType(context, column, constraint))) return "a reference to a bigint id";
        break;
      default: break;
    }
  }
  if (column.create != nullptr) {
    for (size_t i = 0; i < column.create->n_table_elts; ++i) {
      const ast::Node* element = column.create->table_elts[i];
      if (element->node_case != PG_QUERY__NODE__NODE_CONSTRAINT) continue;
      const auto* constraint = element->constraint;
      // A composite key of references (a join table) grows with the tables it
      // references, which are flagged themselves.
      if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY &&
          onlyColumn(constraint->keys, constraint->n_keys, column.name))
        return "a primary key";
      if (constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN &&
          onlyColumn(constraint->fk_attrs, constraint->n_fk_attrs, column.name) &&
          isBigInteger(referencedType(context, column, constraint)))
        return "a reference to a bigint id";
    }
  }
  if (column.retyped) {
    // ALTER COLUMN ... TYPE integer on what the model knows as the primary key.
    if (const ModelTable* table = context.schema().table(column.table())) {
      for (const auto& constraint : table->constraints) {
        if (constraint.type == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY && constraint.columns.size() == 1 &&
            constraint.columns.front() == column.name)
          return "a primary key";
      }
    }
  }
  return {};
}

std::string prismaHelp(const StatementContext& context, std::string_view reason) {
  if (context.migration().format->name() != "prisma") return {};
  if (reason == "a reference to a bigint id") return "declare the field as `BigInt`, like the id it references";
  return "declare the field as `BigInt` in schema.prisma (e.g. `id BigInt @id @default(autoincrement())`), "
         "which Prisma creates as bigint or bigserial";
}

class PreferBigint final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    for (const ColumnDefinition& column : columnDefinitions(context)) {
      if (column.type->n_array_bounds > 0) continue;
      std::optional<SmallInteger> type = smallInteger(builtinTypeName(column.type));
      if (!type) continue;
      std::string reason = idReason(context, column, *type);
      if (reason.empty()) continue;
      out.report(typeSpan(context, column),
                 column.describe() + " is " + std::string(type->spelling) + ", " + reason +
                     " that fails with \"out of range\" after " + std::string(type->limit),
                 prismaHelp(context, reason))
          .fix = typeNameFix(context, column, type->serial ? "bigserial" : "bigint");
    }
    checkAddedPrimaryKey(context, out);
  }

 private:
  // ALTER TABLE t ADD PRIMARY KEY (id) on an integer column this migration created.
  static void checkAddedPrimaryKey(const StatementContext& context, FindingSink& out) {
    if (context.role() == FileRole::Rollback) return;
    const auto* alter = SLUICE_NODE_AS(context, ALTER_TABLE_STMT, alter_table_stmt);
    if (!altersTable(alter)) return;
    ast::QualifiedName tableName = ast::relationName(alter->relation);
    const ModelTable* table = context.schema().table(tableName);
    if (table == nullptr || table->temporary) return;
    for (const auto* command : alterCommands(alter)) {
      if (command->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint || command->def == nullptr ||
          command->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
        continue;
      const auto* constraint = command->def->constraint;
      if (constraint->contype != PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY || constraint->n_keys != 1) continue;
      std::string_view name = ast::stringValue(constraint->keys[0]);
      const ModelColumn* column = table->column(name);
      if (column == nullptr || !context.schema().isNewColumn(tableName, name)) continue;
      std::optional<SmallInteger> type = smallInteger(column->type.name);
      // Serial columns were flagged where they were created.
      if (!type || type->serial || column->type.arrayDimensions > 0) continue;
      out.report(context.spanAt(constraint->location),
                 "primary key on column " + rules::quoted(name) + " of table " + rules::quoted(tableName.display()) +
                     ", which is " + std::string(type->spelling) + ": inserts fail with \"out of range\" after " +
                     std::string(type->limit),
                 prismaHelp(context, "a primary key"));
    }
  }
};

}  // namespace

const RuleDefinition& preferBigintRule() {
  static const RuleDefinition definition{
      {
          .name = "prefer-bigint",
          .code = "Y001",
          .category = Category::Style,
          .defaultSeverity = Severity::Warning,
          .summary = "Ids stored as integer, smallint, serial or smallserial run out; use bigint.",
          .rationale =
              "An integer id stops at 2,147,483,647 (smallint at 32,767): once the sequence gets there every insert "
              "fails with \"out of range\", and ids are consumed faster than rows exist (rolled-back inserts, upserts "
              "and deletes burn them). Widening later is ALTER COLUMN ... TYPE bigint, which rewrites the table and "
              "every index on it under an ACCESS EXCLUSIVE lock, and has to be repeated on every foreign key column "
              "that references the id. bigint costs 4 more bytes per row. Flagged: integer and smallint columns that "
              "hold growing ids, i.e. serial and smallserial columns, identity columns, columns filled from "
              "nextval(), single-column primary keys, and foreign keys to a bigint id; other integer columns "
              "(counts, positions, flags) and columns of a composite key are left alone, and so is a foreign key to an "
              "integer or smallint key "
              "(also when it is its table's own primary key): its type must match the key it references, and the "
              "advice belongs to that key.",
          .safeAlternative = "Use bigint (`bigint GENERATED ALWAYS AS IDENTITY`, or bigserial) for ids and for the "
                             "columns that reference them.",
          .badExample = "CREATE TABLE orders (id serial PRIMARY KEY);\nCREATE TABLE invoices (id integer PRIMARY KEY);",
          .goodExample = "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, quantity integer);",
          .fix = "changes integer or smallint to bigint, and serial or smallserial to bigserial, for a column of a "
                 "table the statement creates; not in Prisma migrations (change schema.prisma), nor for ALTER "
                 "TABLE, nor for ADD PRIMARY KEY findings.",
      },
      makeRule<PreferBigint>};
  return definition;
}

}  // namespace sluice::rules
