#include <set>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_tokens.hpp"

namespace sluice::rules {
namespace {

// A name the statement gives to something it creates, as the parse tree holds it
// (already truncated by PostgreSQL's scanner), with where to start looking for it.
struct CreatedName {
  std::string_view what;
  std::string_view name;
  int32_t location = -1;
};

// A truncated name is at least 60 bytes long: the cut backs off at most 3 bytes to a
// UTF-8 character boundary. Shorter names need no look at the text.
constexpr std::size_t kShortestTruncated = kMaxIdentifierBytes - 3;

class NameCollector {
 public:
  std::vector<CreatedName> names;

  void add(std::string_view what, std::string_view name, int32_t location = -1) {
    if (name.size() >= kShortestTruncated) names.push_back({what, name, location});
  }
  void add(std::string_view what, const PgQuery__RangeVar* relation) {
    if (relation != nullptr && relation->relname != nullptr) add(what, relation->relname, relation->location);
  }
  void addLast(std::string_view what, Node* const* items, size_t count) {
    if (count > 0) add(what, ast::stringValue(items[count - 1]));
  }
  void addColumn(std::string_view what, const PgQuery__ColumnDef* column) {
    add(what, column->colname, column->location);
    for (const auto* constraint : ast::columnConstraints(column))
      add("constraint", constraint->conname, constraint->location);
  }
  void addConstraint(const ast::Node* node) {
    if (node != nullptr && node->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
      add("constraint", node->constraint->conname, node->constraint->location);
    }
  }

  void collect(const ast::Node* node) {
    switch (node->node_case) {
      case PG_QUERY__NODE__NODE_CREATE_STMT: createTable(node->create_stmt); break;
      case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
        createTable(node->create_foreign_table_stmt->base_stmt);
        break;
      case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        for (const auto* command : alterCommands(node->alter_table_stmt)) {
          if (command->def == nullptr) continue;
          if (command->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn &&
              command->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            addColumn("column", command->def->column_def);
          } else if (command->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint) {
            addConstraint(command->def);
          }
        }
        break;
      case PG_QUERY__NODE__NODE_INDEX_STMT: add("index", node->index_stmt->idxname); break;
      case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: add("sequence", node->create_seq_stmt->sequence); break;
      case PG_QUERY__NODE__NODE_VIEW_STMT: add("view", node->view_stmt->view); break;
      case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        if (node->create_table_as_stmt->into != nullptr) {
          bool matview = node->create_table_as_stmt->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
          add(matview ? "materialized view" : "table", node->create_table_as_stmt->into->rel);
        }
        break;
      case PG_QUERY__NODE__NODE_SELECT_STMT:
        if (node->select_stmt->into_clause != nullptr) add("table", node->select_stmt->into_clause->rel);
        break;
      case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT: {
        const auto* create = node->composite_type_stmt;
        add("type", create->typevar);
        for (size_t i = 0; i < create->n_coldeflist; ++i) {
          if (create->coldeflist[i]->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF)
            addColumn("attribute", create->coldeflist[i]->column_def);
        }
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
        addLast("type", node->create_enum_stmt->type_name, node->create_enum_stmt->n_type_name);
        break;
      case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
        addLast("type", node->create_range_stmt->type_name, node->create_range_stmt->n_type_name);
        break;
      case PG_QUERY__NODE__NODE_DEFINE_STMT:
        if (node->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
          addLast("type", node->define_stmt->defnames, node->define_stmt->n_defnames);
        break;
      case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
        const auto* create = node->create_domain_stmt;
        addLast("domain", create->domainname, create->n_domainname);
        for (size_t i = 0; i < create->n_constraints; ++i) addConstraint(create->constraints[i]);
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
        const auto* create = node->create_function_stmt;
        addLast(create->is_procedure ? "procedure" : "function", create->funcname, create->n_funcname);
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: {
        const auto* create = node->create_schema_stmt;
        add("schema", create->schemaname);
        for (size_t i = 0; i < create->n_schema_elts; ++i) collect(create->schema_elts[i]);
        break;
      }
      case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: add("trigger", node->create_trig_stmt->trigname); break;
      case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT: add("policy", node->create_policy_stmt->policy_name); break;
      case PG_QUERY__NODE__NODE_RULE_STMT: add("rule", node->rule_stmt->rulename); break;
      case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
        addLast("statistics object", node->create_stats_stmt->defnames, node->create_stats_stmt->n_defnames);
        break;
      case PG_QUERY__NODE__NODE_RENAME_STMT: add("new", node->rename_stmt->newname); break;
      default: break;
    }
  }

 private:
  void createTable(const PgQuery__CreateStmt* create) {
    if (create == nullptr) return;
    add("table", create->relation);
    for (size_t i = 0; i < create->n_table_elts; ++i) {
      const ast::Node* element = create->table_elts[i];
      if (element->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) addColumn("column", element->column_def);
      addConstraint(element);
    }
  }
};

class IdentifierTooLong final : public Rule {
 public:
  void checkStatement(const StatementContext& context, FindingSink& out) override {
    NameCollector collector;
    collector.collect(context.node());
    if (collector.names.empty()) return;
    // The parse tree only has the truncated names; the text has what was written.
    std::vector<SqlToken> tokens = statementTokens(context);
    std::set<std::size_t> reported;
    for (const CreatedName& created : collector.names) {
      std::size_t from = 0;
      if (created.location >= 0) {
        std::size_t offset = context.offset(created.location);
        while (from < tokens.size() && tokens[from].span.end <= offset) ++from;
      }
      std::optional<std::size_t> found;
      for (std::size_t i = from; i < tokens.size() && !found; ++i) {
        if (tokens[i].name && tokens[i].value.size() > kMaxIdentifierBytes && !reported.contains(i) &&
            truncateIdentifier(tokens[i].value) == created.name)
          found = i;
      }
      if (!found) continue;
      reported.insert(*found);
      const std::string& written = tokens[*found].value;
      std::string size = std::to_string(written.size()) + " bytes";
      std::size_t characters = characterCount(written);
      if (characters != written.size()) size += " (" + std::to_string(characters) + " characters)";
      out.report(tokens[*found].span, std::string(created.what) + " name " + rules::quoted(written) + " is " + size +
                                          "; PostgreSQL silently truncates identifiers to 63 bytes and creates " +
                                          rules::quoted(truncateIdentifier(written)));
    }
  }
};

}  // namespace

const RuleDefinition& identifierTooLongRule() {
  static const RuleDefinition definition{
      {
          .name = "identifier-too-long",
          .code = "Y006",
          .category = Category::Style,
          .defaultSeverity = Severity::Error,
          .summary = "Names longer than 63 bytes are silently truncated by PostgreSQL.",
          .rationale =
              "PostgreSQL keeps at most 63 bytes of an identifier (NAMEDATALEN - 1) and cuts longer ones with only a "
              "NOTICE: the object is created under a different name than the migration says. Two long names that "
              "share their first 63 bytes become the same name, so the second CREATE fails, or an index, constraint "
              "or trigger meant for one thing collides with another; tools and people that compare the database with "
              "the names in the migrations see a difference. The limit is in bytes, not characters: a name in "
              "Cyrillic or Greek is too long from 32 characters on, one in Chinese or Japanese from 22. Enum labels "
              "are not identifiers (PostgreSQL rejects long ones outright).",
          .safeAlternative = "Choose a name of at most 63 bytes; with Prisma, set a shorter one with `map: \"...\"` on "
                             "the @@index, @@unique, @relation or @id attribute.",
          .badExample = "CREATE INDEX subscription_invoices_customer_id_billing_period_start_created_at_idx\n"
                        "  ON subscription_invoices (customer_id, billing_period_start, created_at);",
          .goodExample = "CREATE INDEX subscription_invoices_customer_period_created_idx\n"
                         "  ON subscription_invoices (customer_id, billing_period_start, created_at);",
      },
      makeRule<IdentifierTooLong>};
  return definition;
}

}  // namespace sluice::rules
