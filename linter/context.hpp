#pragma once
// What a rule sees while it checks a statement or a file.

#include <string>
#include <string_view>
#include <vector>

#include "linter/finding.hpp"
#include "linter/migration.hpp"
#include "linter/parser.hpp"
#include "linter/schema_model.hpp"
#include "linter/source_file.hpp"
#include "linter/transaction.hpp"

namespace sluice {

struct LintSettings {
  int pgVersion = 15;  // the PostgreSQL version migrations will run on
};

// Which side of a migration a file is.
enum class FileRole { Forward, Rollback };

// Everything about the file being linted; shared by the statement contexts.
struct FileContext {
  const SourceFile& source;
  const ParsedSql& parsed;
  const Migration& migration;
  FileRole role;
  const TransactionPlan& plan;
  const SchemaModel& schema;  // evolves as statements are applied
  const LintSettings& settings;
};

class StatementContext {
 public:
  StatementContext(const FileContext& file, const Statement& statement, std::size_t index,
                   const StatementTransaction& transaction)
      : file_(file), statement_(statement), index_(index), transaction_(transaction) {}

  [[nodiscard]] const ast::Node* node() const { return statement_.node; }
  [[nodiscard]] const Statement& statement() const { return statement_; }
  [[nodiscard]] std::size_t index() const { return index_; }
  // The model as it was just before this statement.
  [[nodiscard]] const SchemaModel& schema() const { return file_.schema; }
  [[nodiscard]] const LintSettings& settings() const { return file_.settings; }
  [[nodiscard]] int pgVersion() const { return file_.settings.pgVersion; }
  [[nodiscard]] const Migration& migration() const { return file_.migration; }
  [[nodiscard]] FileRole role() const { return file_.role; }
  [[nodiscard]] const TransactionPlan& plan() const { return file_.plan; }
  [[nodiscard]] const StatementTransaction& transaction() const { return transaction_; }
  [[nodiscard]] bool inTransaction() const { return transaction_.inTransaction; }
  [[nodiscard]] const SourceFile& source() const { return file_.source; }
  [[nodiscard]] const ParsedSql& parsed() const { return file_.parsed; }

  // File offset of a node location inside this statement.
  [[nodiscard]] std::size_t offset(int32_t location) const {
    return statement_.locationBase + static_cast<std::size_t>(location);
  }
  // The token (or dotted name) at a node location; the statement when there is none.
  [[nodiscard]] Span spanAt(int32_t location) const;
  // From a node location to the end of the statement.
  [[nodiscard]] Span spanFrom(int32_t location) const;
  [[nodiscard]] Span span() const { return statement_.span; }
  [[nodiscard]] std::string_view text(Span span) const {
    return std::string_view(file_.source.text()).substr(span.begin, span.size());
  }

 private:
  const FileContext& file_;
  const Statement& statement_;
  std::size_t index_;
  const StatementTransaction& transaction_;
};

class MigrationContext {
 public:
  explicit MigrationContext(const FileContext& file) : file_(file) {}
  [[nodiscard]] const SourceFile& source() const { return file_.source; }
  [[nodiscard]] const ParsedSql& parsed() const { return file_.parsed; }
  [[nodiscard]] const Migration& migration() const { return file_.migration; }
  [[nodiscard]] FileRole role() const { return file_.role; }
  [[nodiscard]] const TransactionPlan& plan() const { return file_.plan; }
  [[nodiscard]] const SchemaModel& schema() const { return file_.schema; }
  [[nodiscard]] const LintSettings& settings() const { return file_.settings; }
  // The whole file, for findings that are about it rather than a statement.
  [[nodiscard]] Span fileSpan() const;

 private:
  const FileContext& file_;
};

// Where a rule reports. The engine creates one per rule call; findings reported while
// a statement is checked belong to it (so `-- sluice:ignore` before it applies).
class FindingSink {
 public:
  FindingSink(const RuleMeta& rule, const std::string& file, std::vector<Finding>& out,
              std::optional<std::size_t> statement = std::nullopt)
      : rule_(rule), file_(file), out_(out), statement_(statement) {}

  // Reports a finding at `span`. `help` overrides the rule's safe alternative.
  Finding& report(Span span, std::string message, std::string help = {});

 private:
  const RuleMeta& rule_;
  const std::string& file_;
  std::vector<Finding>& out_;
  std::optional<std::size_t> statement_;
};

}  // namespace sluice
