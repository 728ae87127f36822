#include <set>

#include "common/text.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class MigrationTooLarge final : public Rule {
 public:
  explicit MigrationTooLarge(const RuleOptions& options)
      : maxStatements_(options.integer("max_statements")),
        maxBytes_(options.integer("max_bytes")),
        maxTables_(options.integer("max_tables")) {}

  void checkStatement(const StatementContext& context, FindingSink& /*out*/) override {
    if (context.role() != FileRole::Forward) return;
    bool touches = false;
    for (const Change& change : context.changes()) {
      if (!touchesExisting(change)) continue;
      touches = true;
      if (isSchemaChange(change) && !change.table.empty()) tables_.insert(change.table.key());
    }
    if (!touches) return;
    ++touching_;
    if (first_.size() == 0) first_ = context.span();
  }

  void finishFile(const MigrationContext& context, FindingSink& out) override {
    // A migration that only creates new objects locks nothing anybody uses.
    if (context.role() != FileRole::Forward || touching_ == 0) return;
    auto bytes = static_cast<std::int64_t>(context.source().text().size());
    auto tables = static_cast<std::int64_t>(tables_.size());
    std::vector<std::string> over;
    if (touching_ > maxStatements_) {
      over.push_back(std::to_string(touching_) + " statements change existing objects (limit " +
                     std::to_string(maxStatements_) + ")");
    }
    if (tables > maxTables_) {
      over.push_back(std::to_string(tables) + " existing tables are altered (limit " + std::to_string(maxTables_) +
                     ")");
    }
    if (bytes > maxBytes_) {
      over.push_back("the file has " + humanBytes(static_cast<double>(bytes)) + " (limit " +
                     humanBytes(static_cast<double>(maxBytes_)) + ")");
    }
    if (over.empty()) return;
    Finding& finding = out.report(first_, "this migration is too large to ship at once: " + join(over, "; "));
    finding.notes.push_back("it changes existing objects in " + std::to_string(touching_) + " statement" +
                            (touching_ == 1 ? "" : "s") + " on " + std::to_string(tables) + " existing table" +
                            (tables == 1 ? "" : "s") + ", in " + std::to_string(bytes) + " bytes");
  }

 private:
  std::int64_t maxStatements_;
  std::int64_t maxBytes_;
  std::int64_t maxTables_;
  std::int64_t touching_ = 0;
  std::set<std::string> tables_;
  Span first_;
};

}  // namespace

const RuleDefinition& migrationTooLargeRule() {
  static const RuleDefinition definition{
      {
          .name = "migration-too-large",
          .code = "S001",
          .category = Category::Size,
          .defaultSeverity = Severity::Warning,
          .summary = "A migration changes too many existing objects to be reviewed, deployed and undone safely.",
          .rationale =
              "Every statement on an existing table takes a lock that the whole migration then holds until it "
              "commits; the more of them one migration holds, the longer writers queue behind it, the more a "
              "failure late in the file throws away, and the harder the change is to review and to roll back. "
              "Counted are the statements that change objects that existed before the migration (ALTER, CREATE "
              "INDEX, DROP, RENAME, UPDATE, DELETE... on existing tables, inside DO blocks too), the existing "
              "tables whose schema changes, and the file's size. A migration that only creates new objects is "
              "never oversized, whatever its size: nothing else uses them yet.\n\n"
              "The defaults were chosen on a corpus of 2,900 real migrations (docs/benchmarks.md): each flags "
              "the largest 1 to 2% of the migrations that change existing objects.",
          .safeAlternative = "Split the migration: one migration per table or per concern, expand/contract "
                             "steps in separate deploys, backfills in their own migrations.",
          .badExample = "-- one migration that alters 12 existing tables and backfills 4 of them",
          .goodExample = "-- 20240301000000_add_order_status.sql: one table, one concern",
          .options = {{"max_statements", RuleOptionSpec::Type::Integer, "30",
                       "Most statements that change existing objects"},
                      {"max_tables", RuleOptionSpec::Type::Integer, "10", "Most existing tables whose schema changes"},
                      {"max_bytes", RuleOptionSpec::Type::Integer, "32768",
                       "Largest file, in bytes, of a migration that changes existing objects"}},
      },
      makeRule<MigrationTooLarge>};
  return definition;
}

}  // namespace sluice::rules
