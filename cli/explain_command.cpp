#include <iostream>

#include "cli/command.hpp"
#include "common/text.hpp"
#include "linter/rule_docs.hpp"
#include "rules/registry.hpp"

namespace sluice::cli {

void addExplainCommand(CLI::App& app, Commands& commands) {
  auto name = std::make_shared<std::string>();
  CLI::App* explain =
      app.add_subcommand("explain", "Print a rule's documentation: why it matters and what to do instead.");
  explain->add_option("rule", *name, "Rule name or code, e.g. require-concurrent-index or L001")->required();
  commands.push_back({explain, [name] {
                        std::vector<std::string> names;
                        for (const RuleDefinition* rule : rules::allRules()) {
                          if (rule->meta.name == *name || rule->meta.code == *name) {
                            std::cout << ruleDocPage(rule->meta);
                            return ExitCode::Success;
                          }
                          names.emplace_back(rule->meta.name);
                        }
                        std::string hint = didYouMean(*name, names);
                        throw SluiceException(Error(ErrorCode::Usage, "unknown rule `" + *name + "`",
                                                    hint.empty() ? "`sluice rules` lists every rule" : hint));
                      }});
}

}  // namespace sluice::cli
