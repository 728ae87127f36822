#pragma once
// The rule API. A rule is metadata (which is also its documentation) plus a check class
// that sees each statement with its context and reports findings. Rules live in rules/,
// one file each, and are listed in rules/registry.cpp.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/catalog.hpp"

namespace sluice {

enum class Severity { Off, Warning, Error };
std::string_view severityName(Severity severity);
std::optional<Severity> parseSeverity(std::string_view name);

enum class Category { Destructive, Locking, Transaction, Size, Rollback, Layout, Style, Syntax, Suppression };
std::string_view categoryName(Category category);

struct RuleOptionSpec {
  using Type = config::OptionKind;  // the configuration reads the values
  std::string_view name;
  Type type = Type::Integer;
  std::string_view defaultValue;  // as TOML would write it: 20, true, "x", ["a", "b"]
  std::string_view description;
};

struct RuleMeta {
  std::string_view name;  // kebab-case, what users type
  std::string_view code;  // short and stable: D001
  Category category = Category::Destructive;
  Severity defaultSeverity = Severity::Error;
  std::string_view summary;          // one line
  std::string_view rationale;        // the lock it takes, whether it rewrites, what breaks
  std::string_view safeAlternative;  // what to do instead
  std::string_view badExample;       // SQL that triggers the rule
  std::string_view goodExample;      // the safe way
  // A rule without options leaves this out, as one without a fix leaves out `fix`.
  std::vector<RuleOptionSpec> options = {};
  // How `sluice fix` rewrites a finding, for the rule's page; empty: not fixable.
  std::string_view fix = {};
};

using RuleOptionValue = config::OptionValue;

// A rule's options after defaults and configuration are applied.
class RuleOptions {
 public:
  void set(std::string name, RuleOptionValue value) { values_[std::move(name)] = std::move(value); }
  [[nodiscard]] std::int64_t integer(std::string_view name) const;
  [[nodiscard]] bool boolean(std::string_view name) const;
  [[nodiscard]] const std::string& string(std::string_view name) const;
  [[nodiscard]] const std::vector<std::string>& strings(std::string_view name) const;

 private:
  std::map<std::string, RuleOptionValue, std::less<>> values_;
};

class StatementContext;
class MigrationContext;
class FindingSink;
class MigrationPairContext;
class PairFindingSink;
class MigrationSetContext;
class SetFindingSink;

// A rule overrides the hooks it needs. The engine creates one instance per rule per
// migration file for the statement hooks, so a rule may keep state across the
// statements of a file (enum values added, constraints added NOT VALID...), and fresh
// instances for the migration and set hooks.
class Rule {
 public:
  virtual ~Rule() = default;
  // Every statement the migration runs that parsed, in file order (statements inside DO
  // blocks included, with depth > 0, right after their parent).
  virtual void checkStatement(const StatementContext& /*context*/, FindingSink& /*out*/) {}
  // Every statement that did not parse, function bodies included (PostgreSQL checks a
  // body's syntax when the function is created).
  virtual void checkInvalidStatement(const StatementContext& /*context*/, FindingSink& /*out*/) {}
  // Every statement of a function or procedure body, right after its CREATE FUNCTION. A
  // body runs when the function is called, later and maybe never: it is not part of what
  // the migration does, so the hooks above never see it.
  virtual void checkFunctionBody(const StatementContext& /*context*/, FindingSink& /*out*/) {}
  // After the last statement of the file.
  virtual void finishFile(const MigrationContext& /*context*/, FindingSink& /*out*/) {}
  // Once per migration that is reported on, after its forward file and its rollback
  // file (if any) were checked: for rules about the pair. Findings go on either file.
  virtual void checkMigration(const MigrationPairContext& /*context*/, PairFindingSink& /*out*/) {}
  // Once per migrations folder, before its migrations are checked: for rules about
  // names, versions and layout metadata. Findings go on any file of the folder.
  virtual void checkSet(const MigrationSetContext& /*context*/, SetFindingSink& /*out*/) {}
};

struct RuleDefinition {
  RuleMeta meta;
  std::unique_ptr<Rule> (*create)(const RuleOptions& options) = nullptr;  // null: reported by the engine
};

template <class RuleClass>
std::unique_ptr<Rule> makeRule(const RuleOptions& options) {
  if constexpr (std::is_constructible_v<RuleClass, const RuleOptions&>) {
    return std::make_unique<RuleClass>(options);
  } else {
    (void)options;
    return std::make_unique<RuleClass>();
  }
}

}  // namespace sluice
