#include <algorithm>
#include <iostream>

#include "cli/command.hpp"
#include "cli/fix_plan.hpp"
#include "cli/settings.hpp"
#include "linter/fix.hpp"
#include "linter/layout.hpp"
#include "rules/registry.hpp"

namespace sluice::cli {
namespace {

struct FixOptions {
  std::vector<std::string> paths;
  std::vector<std::string> rules;
  std::string layout;
  std::string config;
  bool write = false;
};

// The rules whose pages say how `sluice fix` rewrites their findings, comma-separated.
std::string fixableRules() {
  std::string names;
  for (const RuleDefinition* rule : rules::allRules()) {
    if (rule->meta.fix.empty()) continue;
    names += (names.empty() ? "" : ", ") + std::string(rule->meta.name);
  }
  return names;
}

// --rule names a rule that has no fix: say so rather than report "nothing to fix".
void refuseUnfixableRules(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    for (const RuleDefinition* rule : rules::allRules()) {
      if (rule->meta.name == name && rule->meta.fix.empty()) {
        throw SluiceException(Error(ErrorCode::Usage, "--rule " + name + ": `sluice fix` has no fix for this rule",
                                    "the fixable rules are " + fixableRules()));
      }
    }
  }
}

ExitCode runFix(const FixOptions& options) {
  refuseUnfixableRules(options.rules);
  if (std::find(options.paths.begin(), options.paths.end(), "-") != options.paths.end()) {
    throw SluiceException(Error(ErrorCode::Usage, "sluice fix cannot rewrite standard input",
                                "name the migration files or their folder"));
  }
  LintRequest request;
  request.paths = options.paths;
  if (request.paths.empty()) {
    config::Settings configured = orThrow(loadSettings(options.config, SettingFlags()));
    request.paths.push_back(orThrow(migrationsDir(configured)).string());
  }
  if (!options.config.empty()) request.configFile = options.config;
  if (!options.layout.empty()) request.layout = findFormat(options.layout);
  FixPlan plan = orThrow(planFixes(request, options.rules, rules::allRules()));

  if (options.write) {
    orThrow(writeFixPlan(plan));
  } else {
    for (const FileChange& change : plan.changes) {
      std::cout << unifiedDiff(change.path.generic_string(), change.before, change.after, change.created);
    }
  }
  for (const FixOutcome& fixed : plan.applied) {
    std::cerr << fixed.location << ": " << fixed.rule << ": " << (options.write ? "fixed: " : "fix: ")
              << fixed.description << "\n";
  }
  for (const FileChange& change : plan.changes) {
    if (change.created) std::cerr << (options.write ? "created " : "would create ") << change.path.string() << "\n";
  }
  for (const FixOutcome& skipped : plan.skipped) {
    std::cerr << skipped.location << ": " << skipped.rule << ": not fixed: " << skipped.description << "\n";
  }
  if (plan.applied.empty() && plan.skipped.empty()) std::cerr << "nothing to fix\n";
  if (!options.write && !plan.applied.empty()) std::cerr << "run with --write to apply\n";
  return plan.skipped.empty() ? ExitCode::Success : ExitCode::Findings;
}

}  // namespace

void addFixCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<FixOptions>();
  CLI::App* fix = app.add_subcommand("fix", "Rewrite fixable findings into their safe form (a diff, or --write).");
  fix->footer(
      "Each fix is tried on a copy of the folder first: the fixed file must parse and lint clean of the rule it\n"
      "fixes. Some fixes add a migration right after the fixed one (CREATE INDEX CONCURRENTLY moved out of a\n"
      "transaction, VALIDATE CONSTRAINT after NOT VALID); those apply only to the newest migration, and the\n"
      "new migration's rollback lists what would undo it (the fixed migration's rollback still does).\n"
      "One fix can make another possible: run it again until it says `nothing to fix`. See docs/fix.md.\n"
      "Examples:\n"
      "  sluice fix                                   show the diff for the project's migrations folder\n"
      "  sluice fix migrations --write                apply it\n"
      "  sluice fix --rule require-lock-timeout migrations/20240501_add_index.sql\n"
      "Exit codes: 0 every fixable finding fixed (or none), 1 some could not be fixed (listed on stderr),\n"
      "2 usage/config/input error. `sluice rules` pages say which rules are fixable.");
  fix->add_option("paths", options->paths,
                  "Files or folders, as for `sluice lint` (default: the project's migrations folder)");
  fix->add_option("--rule", options->rules, "Fix only this rule's findings (repeatable): " + fixableRules())
      ->allow_extra_args(false);
  fix->add_flag("--write", options->write, "Apply the fixes (default: print a unified diff)");
  fix->add_option("--layout", options->layout, "Override layout detection: " + formatNames())
      ->check(CLI::IsMember(formatNameList()));
  fix->add_option("--config", options->config, "Configuration file (default: .sluice.toml found upward)");
  commands.push_back({fix, [options] { return runFix(*options); }});
}

}  // namespace sluice::cli
