#include <iostream>

#include "cli/command.hpp"
#include "common/file_io.hpp"
#include "linter/engine.hpp"
#include "linter/rule_docs.hpp"
#include "rules/registry.hpp"

namespace sluice::cli {
namespace {

ExitCode listRules() {
  std::size_t width = 4;
  for (const RuleDefinition* rule : rules::allRules()) width = std::max(width, rule->meta.name.size());
  std::cout << "RULE" << std::string(width - 4 + 2, ' ') << "CODE  CATEGORY     SEVERITY  SUMMARY\n";
  for (const RuleDefinition* rule : rules::allRules()) {
    const RuleMeta& meta = rule->meta;
    std::string category(categoryName(meta.category));
    std::string severity(severityName(meta.defaultSeverity));
    std::cout << meta.name << std::string(width - meta.name.size() + 2, ' ') << meta.code << "  " << category
              << std::string(13 - std::min<std::size_t>(12, category.size()), ' ') << severity
              << std::string(10 - std::min<std::size_t>(9, severity.size()), ' ') << meta.summary << "\n";
  }
  std::cout << "\n" << rules::allRules().size() << " rules. `sluice explain NAME` shows one rule's documentation.\n";
  return ExitCode::Success;
}

ExitCode writeDocs(const std::string& dir) {
  std::filesystem::create_directories(dir);
  auto metas = ruleMetas(rules::allRules());
  for (const RuleMeta* meta : metas) {
    orThrow(writeFileAtomically(std::filesystem::path(dir) / (std::string(meta->name) + ".md"), ruleDocPage(*meta),
                                {.mode = 0644, .sync = false}));
  }
  orThrow(writeFileAtomically(std::filesystem::path(dir) / "README.md", ruleIndexPage(metas),
                              {.mode = 0644, .sync = false}));
  std::cout << "wrote " << metas.size() + 1 << " pages to " << dir << "\n";
  return ExitCode::Success;
}

}  // namespace

void addRulesCommand(CLI::App& app, Commands& commands) {
  auto docsDir = std::make_shared<std::string>();
  CLI::App* rules = app.add_subcommand("rules", "List every lint rule with its code, category and default severity.");
  rules->add_option("--write-docs", *docsDir, "Write the rule documentation pages (docs/rules) to this folder");
  commands.push_back({rules, [docsDir] { return docsDir->empty() ? listRules() : writeDocs(*docsDir); }});
}

}  // namespace sluice::cli
