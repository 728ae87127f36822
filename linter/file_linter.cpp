#include "linter/file_linter.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "common/text.hpp"

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
void reportUnusedDirectives(const Directives& directives, const std::vector<ActiveRule>& rules,
                            std::vector<Finding>& findings) {
  const RuleMeta* meta = findMeta(rules, "unused-ignore");
  if (meta == nullptr) return;
  FindingSink sink(*meta, findings);
  for (const auto& [span, message] : directives.malformed) sink.report(span, message);
  std::vector<std::string> known;  // the rule names, for a did-you-mean; made on first use
  for (const Suppression& suppression : directives.suppressions) {
    for (std::size_t r = 0; r < suppression.rules.size(); ++r) {
      if (suppression.used[r]) continue;
      const std::string& name = suppression.rules[r];
      bool runs = std::any_of(rules.begin(), rules.end(), [&](const ActiveRule& rule) {
        return rule.definition->meta.name == name || rule.definition->meta.code == name;
      });
      std::string where = suppression.wholeFile ? "in this file" : "on the next statement";
      if (runs) {
        sink.report(suppression.ruleSpans[r], "`sluice:ignore` of `" + name + "` suppresses nothing " + where,
                    "remove the directive, or the rule name, so that a future finding is not hidden");
      } else {
        if (known.empty()) {
          for (const ActiveRule& rule : rules) known.emplace_back(rule.definition->meta.name);
        }
        std::string hint = didYouMean(name, known);
        sink.report(suppression.ruleSpans[r],
                    "`sluice:ignore` names `" + name + "`, which is not a rule that runs here",
                    hint.empty() ? std::string("`sluice rules` lists every rule") : hint);
      }
    }
  }
}

Span firstToken(const std::string& text) {
  std::size_t begin = skipTrivia(text, 0, text.size());
  if (begin >= text.size()) return {0, 0};
  return {begin, tokenSpanAt(text, begin).end};
}

bool endsTransaction(const Statement& statement) {
  TransactionControl control = transactionControl(statement.node);
  return control == TransactionControl::Commit || control == TransactionControl::Rollback;
}

// Advances the model past one statement; one that does not parse may still create a
// table (linter/unparsed.hpp).
void applyStatement(std::string_view text, const Statement& statement, SchemaModel& model) {
  if (statement.parsed()) {
    model.apply(statement.node);
  } else if (statement.span.end <= text.size()) {
    model.applyUnparsed(text.substr(statement.span.begin, statement.span.size()));
  }
}

}  // namespace

void replayFile(std::string_view text, const ParsedSql& parsed, SchemaModel& model) {
  std::size_t opaque = 0;
  for (std::size_t i = 0; i < parsed.statements.size(); ++i) {
    const Statement& statement = parsed.statements[i];
    if (statement.depth == 0) {
      for (; opaque < parsed.opaque.size() && parsed.opaque[opaque].parent < i; ++opaque) {
        model.applyOpaque(text.substr(parsed.opaque[opaque].span.begin, parsed.opaque[opaque].span.size()));
      }
    }
    if (statement.deferred) {
      ParsedSql one = parseDeferred(text, statement);
      for (const Statement& inner : one.statements) applyStatement(text, inner, model);
    } else if (statement.body != BodyKind::Function) {
      applyStatement(text, statement, model);
    }
  }
  for (; opaque < parsed.opaque.size(); ++opaque) {
    model.applyOpaque(text.substr(parsed.opaque[opaque].span.begin, parsed.opaque[opaque].span.size()));
  }
}

CheckedFile checkFile(const FileLintInput& input, SchemaModel& model) {
  CheckedFile out;
  out.source = input.source;
  out.parsed = &input.parsed;
  out.role = input.role;
  out.migrationId = input.migration.id;
  const std::string& text = input.source->text();

  out.directives = readDirectives(input.parsed);
  out.plan =
      planTransactions(input.parsed, text, input.execution, out.directives.noTransaction, input.settings.pgVersion);
  const TransactionPlan& plan = out.plan;
  FileContext file{*input.source, input.parsed, input.migration, input.role, plan, model, input.settings};
  // Statements of a function body run when it is called: nothing is new for them. The
  // model is switched to that view while they are checked (they do not change it).
  const std::string migrationId = model.currentMigration();
  auto viewAsLater = [&](bool later) {
    bool isLater = model.currentMigration() == SchemaModel::kLater;
    if (later != isLater) model.beginMigration(later ? std::string(SchemaModel::kLater) : migrationId);
  };

  std::vector<std::unique_ptr<Rule>> checks;
  checks.reserve(input.rules.size());
  for (const ActiveRule& rule : input.rules) {
    checks.push_back(rule.definition->create != nullptr
                         ? rule.definition->create(rule.options != nullptr ? *rule.options : emptyOptions())
                         : nullptr);
  }

  std::vector<Finding>& findings = out.findings;
  std::size_t topLevel = 0;
  std::size_t opaque = 0;
  StatementTransaction nested;  // statements inside DO blocks share their parent's state
  StatementTransaction called;  // a function runs inside its caller's transaction
  called.inTransaction = true;
  for (std::size_t i = 0; i < input.parsed.statements.size(); ++i) {
    const Statement* statement = &input.parsed.statements[i];
    if (statement->depth == 0) {
      // Dynamic SQL of the previous statement's DO block has run by now.
      for (; opaque < input.parsed.opaque.size() && input.parsed.opaque[opaque].parent < i; ++opaque) {
        const OpaqueSql& code = input.parsed.opaque[opaque];
        model.applyOpaque(std::string_view(text).substr(code.span.begin, code.span.size()));
      }
    }
    ParsedSql deferred;
    if (statement->deferred) {
      deferred = parseDeferred(text, *statement);
      if (deferred.statements.empty()) continue;
      statement = &deferred.statements.front();
    }
    bool inFunction = statement->body == BodyKind::Function;
    const StatementTransaction* transaction = &nested;
    if (statement->depth == 0) {
      transaction = topLevel < plan.statements.size() ? &plan.statements[topLevel] : &nested;
      nested = *transaction;
      ++topLevel;
    } else if (inFunction) {
      transaction = &called;
    }
    viewAsLater(inFunction);

    std::vector<Change> changes;
    if (statement->parsed() && !inFunction) changes = statementChanges(model, *statement, i);
    StatementContext context(file, *statement, i, *transaction, &changes);
    for (std::size_t r = 0; r < checks.size(); ++r) {
      if (!checks[r]) continue;
      FindingSink sink(input.rules[r].definition->meta, findings, i);
      // A body that does not parse fails its CREATE FUNCTION now, so it is checked as an
      // invalid statement of the migration like any other.
      if (!statement->parsed()) {
        checks[r]->checkInvalidStatement(context, sink);
      } else if (inFunction) {
        checks[r]->checkFunctionBody(context, sink);
      } else {
        checks[r]->checkStatement(context, sink);
      }
    }
    if (!inFunction) applyStatement(text, *statement, model);
    // COMMIT inside a DO block ends the transaction and starts a new one at once.
    if (statement->depth > 0 && !inFunction && statement->parsed() && endsTransaction(*statement)) {
      nested = StatementTransaction{};
      nested.inTransaction = true;
    }
    for (Change& change : changes) out.changes.push_back(std::move(change));
  }
  viewAsLater(false);
  for (; opaque < input.parsed.opaque.size(); ++opaque) {
    const OpaqueSql& code = input.parsed.opaque[opaque];
    model.applyOpaque(std::string_view(text).substr(code.span.begin, code.span.size()));
  }
  MigrationContext migration(file);
  for (std::size_t r = 0; r < checks.size(); ++r) {
    if (!checks[r]) continue;
    FindingSink sink(input.rules[r].definition->meta, findings);
    checks[r]->finishFile(migration, sink);
  }
  return out;
}

FileReport finishFindings(CheckedFile& checked, const std::vector<ActiveRule>& rules) {
  FileReport report;
  report.source = checked.source;
  report.role = checked.role;
  report.migrationId = checked.migrationId;
  report.findings = std::move(checked.findings);
  std::vector<Finding>& findings = report.findings;
  const std::string& text = checked.source->text();

  for (Finding& finding : findings) {
    for (const ActiveRule& rule : rules) {
      if (&rule.definition->meta == finding.rule) finding.severity = std::min(rule.severity, finding.maxSeverity);
    }
    if (finding.span.begin == SIZE_MAX) finding.span = firstToken(text);  // about the whole file
  }
  applySuppressions(checked.directives, findings, checked.parsed);
  reportUnusedDirectives(checked.directives, rules, findings);
  for (Finding& finding : findings) {
    if (finding.rule->name == "unused-ignore") finding.severity = severityOf(rules, "unused-ignore");
    // The one place where spans become lines and columns.
    finding.start = checked.source->lines().position(finding.span.begin);
    finding.end = checked.source->lines().position(std::max(finding.span.end, finding.span.begin));
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.rule->name < b.rule->name;
  });
  return report;
}

FileReport lintFile(const FileLintInput& input, SchemaModel& model) {
  CheckedFile checked = checkFile(input, model);
  return finishFindings(checked, input.rules);
}

}  // namespace sluice
