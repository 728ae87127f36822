#pragma once
// Each command lives in its own file and registers itself on the application with a
// function `addXCommand`; main() runs whichever was parsed. Commands return an exit
// code (common/exit_code.hpp) or throw SluiceException, which main() prints.

#include <CLI/CLI.hpp>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/exit_code.hpp"

namespace sluice::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<ExitCode()> run;
};

using Commands = std::vector<Command>;

void addConfigCommand(CLI::App& app, Commands& commands);
void addDeployCommand(CLI::App& app, Commands& commands);
void addExplainCommand(CLI::App& app, Commands& commands);
void addFixCommand(CLI::App& app, Commands& commands);
void addLintCommand(CLI::App& app, Commands& commands);
void addNewCommand(CLI::App& app, Commands& commands);
void addPitrCommand(CLI::App& app, Commands& commands);
void addResolveCommand(CLI::App& app, Commands& commands);
void addRollbackCommand(CLI::App& app, Commands& commands);
// `sluice rollback generate`, a subcommand of `rollback`: registered before rollback's own run.
void addRollbackGenerateCommand(CLI::App& rollback, Commands& commands);
void addRulesCommand(CLI::App& app, Commands& commands);
void addSnapshotCommand(CLI::App& app, Commands& commands);
void addStatusCommand(CLI::App& app, Commands& commands);
void addVerifyCommand(CLI::App& app, Commands& commands);

// The top-level commands in the order `sluice --help` lists them, each with the function
// that registers it. main() registers only the one the command line names.
struct CommandEntry {
  std::string_view name;
  void (*add)(CLI::App& app, Commands& commands);
};
std::span<const CommandEntry> commandTable();
// The entry named exactly `word`, or nullptr.
const CommandEntry* findCommand(std::string_view word);

// Unwraps an Expected or throws its error to main().
template <class T>
T orThrow(Expected<T> value) {
  if (!value) throw SluiceException(value.takeError());
  return std::move(value.value());
}
inline void orThrow(Status status) {
  if (!status) throw SluiceException(status.takeError());
}

}  // namespace sluice::cli
