#pragma once
// What a rule sees while it checks a statement or a file.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/changes.hpp"
#include "linter/finding.hpp"
#include "linter/formats/format.hpp"
#include "linter/migration.hpp"
#include "linter/parser.hpp"
#include "linter/schema_model.hpp"
#include "linter/source_file.hpp"
#include "linter/transaction.hpp"

namespace sluice {

struct LintSettings {
  int pgVersion = 15;  // the PostgreSQL version migrations will run on
  // Whether findings carry their fixes. Building a fix means trying it and linting the
  // result; reports that never show fixes (gcc, github, junit, markdown) skip that work.
  bool fixes = true;
};

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
                   const StatementTransaction& transaction, const std::vector<Change>* changes = nullptr)
      : file_(file), statement_(statement), index_(index), transaction_(transaction), changes_(changes) {}

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
  // What this statement changes, object by object, against schema() (empty for
  // statements of function bodies, which do not run now: statementChanges() says what
  // they would change when called).
  [[nodiscard]] const std::vector<Change>& changes() const;
  // Inside a DO block or function body (depth > 0); a function body runs only when the
  // function is called, so schema() shows nothing as new there.
  [[nodiscard]] bool nested() const { return statement_.depth > 0; }
  [[nodiscard]] bool inFunctionBody() const { return statement_.body == BodyKind::Function; }

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
  const std::vector<Change>* changes_;
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

// One side of a migration as it was checked: its text, statements and what each
// statement changed. For the migration-level hook.
struct LintedFile {
  const SourceFile& source;
  const ParsedSql& parsed;
  const TransactionPlan& plan;
  const std::vector<Change>& changes;  // every statement's, in file order

  // No statement at all: whitespace and comments only.
  [[nodiscard]] bool empty() const;
  // The first token of the file (or its start when it is empty).
  [[nodiscard]] Span fileSpan() const;
  [[nodiscard]] const Statement& statement(std::size_t index) const { return parsed.statements[index]; }
};

// What the schema model knew around a migration (each may be unknown).
struct MigrationSchemas {
  const SchemaModel* before = nullptr;         // before the migration (or its first part)
  const SchemaModel* afterRollback = nullptr;  // after the migration and then its rollback(s)
};

// What the migration-level hook (Rule::checkMigration) sees: one migration of a set,
// with its forward and rollback files as checked.
class MigrationPairContext {
 public:
  MigrationPairContext(const MigrationSet& set, const Migration& migration, const LintedFile* forward,
                       const LintedFile* rollback, const LintSettings& settings,
                       const std::vector<const LintedFile*>* groupRollbacks = nullptr,
                       MigrationSchemas schemas = MigrationSchemas())
      : set_(set),
        migration_(migration),
        forward_(forward),
        rollback_(rollback),
        settings_(settings),
        groupRollbacks_(groupRollbacks),
        schemas_(schemas) {}
  [[nodiscard]] const MigrationSet& set() const { return set_; }
  [[nodiscard]] const Migration& migration() const { return migration_; }
  [[nodiscard]] const LintedFile* forward() const { return forward_; }    // null if it could not be read
  [[nodiscard]] const LintedFile* rollback() const { return rollback_; }  // null when there is none
  [[nodiscard]] const LintSettings& settings() const { return settings_; }
  // Whether any migration of the set has a rollback file.
  [[nodiscard]] bool setHasRollbacks() const;
  // The rollback files that undo this migration, in the order they run: its own, or,
  // for a part of a split migration (Migration::group), those of every part, last
  // part first.
  [[nodiscard]] std::vector<const LintedFile*> rollbacksOfGroup() const;
  // The schema before the migration, and after the migration and its rollback(s) ran:
  // what a rollback should restore, as far as the model follows it. Null when unknown.
  [[nodiscard]] const SchemaModel* schemaBefore() const { return schemas_.before; }
  [[nodiscard]] const SchemaModel* schemaAfterRollback() const { return schemas_.afterRollback; }

 private:
  const MigrationSet& set_;
  const Migration& migration_;
  const LintedFile* forward_;
  const LintedFile* rollback_;
  const LintSettings& settings_;
  const std::vector<const LintedFile*>* groupRollbacks_;
  MigrationSchemas schemas_;
};

// What the set-level hook (Rule::checkSet) sees: a migrations folder as the layout
// read it, before any file is linted.
class MigrationSetContext {
 public:
  MigrationSetContext(const MigrationSet& set, const LintSettings& settings) : set_(set), settings_(settings) {}
  [[nodiscard]] const MigrationSet& set() const { return set_; }
  [[nodiscard]] const LintSettings& settings() const { return settings_; }

 private:
  const MigrationSet& set_;
  const LintSettings& settings_;
};

// Where a rule reports. The engine creates one per rule call; findings reported while
// a statement is checked belong to it (so `-- sluice:ignore` before it applies).
class FindingSink {
 public:
  FindingSink(const RuleMeta& rule, std::vector<Finding>& out, std::optional<std::size_t> statement = std::nullopt)
      : rule_(rule), out_(out), statement_(statement) {}

  // Reports a finding at `span`. `help` overrides the rule's safe alternative.
  Finding& report(Span span, std::string message, std::string help = {});

 private:
  const RuleMeta& rule_;
  std::vector<Finding>& out_;
  std::optional<std::size_t> statement_;
};

// Where the migration-level hook reports: on the forward or the rollback file, at a
// statement (so that `-- sluice:ignore` before it applies) or at the file.
class PairFindingSink {
 public:
  struct Target {
    const std::string* path = nullptr;  // null when that side does not exist
    std::vector<Finding>* findings = nullptr;
  };
  PairFindingSink(const RuleMeta& rule, Target forward, Target rollback)
      : rule_(rule), forward_(forward), rollback_(rollback) {}

  // Null when `file` has no such side (no rollback file).
  Finding* report(FileRole file, Span span, std::string message, std::optional<std::size_t> statement = std::nullopt,
                  std::string help = {});

 private:
  const RuleMeta& rule_;
  Target forward_;
  Target rollback_;
};

// Where the set-level hook reports: on any file of the folder, by path. Without a span
// the finding is about the whole file (shown at its first token).
class SetFindingSink {
 public:
  SetFindingSink(const RuleMeta& rule, std::map<std::filesystem::path, std::vector<Finding>>& out)
      : rule_(rule), out_(out) {}

  Finding& report(const std::filesystem::path& file, std::optional<Span> span, std::string message,
                  std::string help = {});

 private:
  const RuleMeta& rule_;
  std::map<std::filesystem::path, std::vector<Finding>>& out_;
};

}  // namespace sluice
