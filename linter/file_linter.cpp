#include "linter/file_linter.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "linter/suppression.hpp"

namespace sluice {
namespace {

const RuleOptions& emptyOptions() {
  static const RuleOptions options;
  return options;
}

const RuleMeta* findMeta(const std::vector<ActiveRule>& rules, std::string_view name) {
  for (const ActiveRule& rule : rules) {
    if (rule.definition->meta.name == name) return &rule.definition->meta;
  }
  return nullptr;
}

// Directives that did nothing are findings of the `unused-ignore` rule.
void reportUnusedDirectives(const Directives& directives, const FileLintInput& input, std::vector<Finding>& findings) {
  const RuleMeta* meta = findMeta(input.rules, "unused-ignore");
  if (meta == nullptr) return;
  const std::string& path = input.source->path();
  FindingSink sink(*meta, path, findings);
  for (const auto& [span, message] : directives.malformed) sink.report(span, message);
  std::vector<std::string> known;
  for (const ActiveRule& rule : input.rules) known.emplace_back(rule.definition->meta.name);
  for (const Suppression& suppression : directives.suppressions) {
    for (std::size_t r = 0; r < suppression.rules.size(); ++r) {
      if (suppression.used[r]) continue;
      const std::string& name = suppression.rules[r];
      bool runs = std::any_of(input.rules.begin(), input.rules.end(), [&](const ActiveRule& rule) {
        return rule.definition->meta.name == name || rule.definition->meta.code == name;
      });
      std::string where = suppression.wholeFile ? "in this file" : "on the next statement";
      if (runs) {
        sink.report(suppression.ruleSpans[r], "`sluice:ignore` of `" + name + "` suppresses nothing " + where,
                    "remove the directive, or the rule name, so that a future finding is not hidden");
      } else {
        std::string hint = didYouMean(name, known);
        sink.report(suppression.ruleSpans[r],
                    "`sluice:ignore` names `" + name + "`, which is not a rule that runs here",
                    hint.empty() ? std::string("`sluice rules` lists every rule") : hint);
      }
    }
  }
}

}  // namespace

TransactionMode transactionModeOf(const Migration& migration) {
  if (migration.runInTransaction && !*migration.runInTransaction) return TransactionMode::None;
  return migration.layout == LayoutKind::Prisma ? TransactionMode::SimpleQuery : TransactionMode::Runner;
}

void replayFile(std::string_view text, const ParsedSql& parsed, SchemaModel& model) {
  for (const Statement& statement : parsed.statements) {
    if (statement.deferred) {
      ParsedSql one = parseDeferred(text, statement);
      for (const Statement& inner : one.statements) model.apply(inner.node);
    } else if (statement.depth == 0) {
      model.apply(statement.node);
    }
  }
}

FileReport lintFile(const FileLintInput& input, SchemaModel& model) {
  FileReport report;
  report.source = input.source;
  report.role = input.role;
  report.migrationId = input.migration.id;
  const std::string& text = input.source->text();

  Directives directives = readDirectives(input.parsed);
  TransactionPlan plan = planTransactions(input.parsed, input.mode, directives.noTransaction, input.settings.pgVersion);
  FileContext file{*input.source, input.parsed, input.migration, input.role, plan, model, input.settings};

  std::vector<std::unique_ptr<Rule>> checks;
  checks.reserve(input.rules.size());
  for (const ActiveRule& rule : input.rules) {
    checks.push_back(rule.definition->create != nullptr
                         ? rule.definition->create(rule.options != nullptr ? *rule.options : emptyOptions())
                         : nullptr);
  }

  std::vector<Finding>& findings = report.findings;
  std::size_t topLevel = 0;
  StatementTransaction nested;  // statements inside bodies share their parent's state
  for (std::size_t i = 0; i < input.parsed.statements.size(); ++i) {
    const Statement* statement = &input.parsed.statements[i];
    ParsedSql deferred;
    if (statement->deferred) {
      deferred = parseDeferred(text, *statement);
      if (deferred.statements.empty()) continue;
      statement = &deferred.statements.front();
    }
    const StatementTransaction& transaction =
        statement->depth == 0 && topLevel < plan.statements.size() ? plan.statements[topLevel] : nested;
    if (statement->depth == 0) {
      nested = transaction;
      ++topLevel;
    }
    StatementContext context(file, *statement, i, transaction);
    for (std::size_t r = 0; r < checks.size(); ++r) {
      if (!checks[r]) continue;
      FindingSink sink(input.rules[r].definition->meta, input.source->path(), findings, i);
      if (statement->parsed()) {
        checks[r]->checkStatement(context, sink);
      } else {
        checks[r]->checkInvalidStatement(context, sink);
      }
    }
    model.apply(statement->node);
  }
  MigrationContext migration(file);
  for (std::size_t r = 0; r < checks.size(); ++r) {
    if (!checks[r]) continue;
    FindingSink sink(input.rules[r].definition->meta, input.source->path(), findings);
    checks[r]->finishFile(migration, sink);
  }

  for (Finding& finding : findings) {
    for (const ActiveRule& rule : input.rules) {
      if (&rule.definition->meta == finding.rule) finding.severity = rule.severity;
    }
  }
  applySuppressions(directives, findings);
  reportUnusedDirectives(directives, input, findings);
  for (Finding& finding : findings) {
    if (finding.rule->name == "unused-ignore") finding.severity = severityOf(input.rules, "unused-ignore");
    // The one place where spans become lines and columns.
    finding.start = input.source->lines().position(finding.span.begin);
    finding.end = input.source->lines().position(std::max(finding.span.end, finding.span.begin));
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.rule->name < b.rule->name;
  });
  return report;
}

}  // namespace sluice
