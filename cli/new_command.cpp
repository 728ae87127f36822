#include <iostream>

#include "cli/command.hpp"
#include "cli/runner_options.hpp"
#include "linter/layout.hpp"
#include "runner/scaffold.hpp"

namespace sluice::cli {
namespace {

struct NewFlags {
  std::string name;
  std::string dir;
  std::string layout;
  std::string config;
};

ExitCode runNew(const NewFlags& flags) {
  orThrow(validateMigrationName(flags.name));
  RunnerFlags runner;
  runner.dir = flags.dir;
  runner.layout = flags.layout;
  runner.config = flags.config;
  std::filesystem::path dir;
  const MigrationFormat* layout = nullptr;
  config::Settings configured = orThrow(loadRunnerSettings(runner));
  auto project = projectOptions(configured);
  if (project) {
    dir = project->dir;
    layout = project->layout;
  } else if (!flags.dir.empty() || project.error().code != ErrorCode::Usage) {
    throw SluiceException(project.takeError());
  } else {
    // No folder yet: a new project starts in migrations/.
    dir = "migrations";
    if (configured.migrations.layout) layout = findFormat(*configured.migrations.layout);
  }
  ScaffoldResult result = orThrow(scaffoldMigration(dir, flags.name, layout));
  std::cout << "created " << result.id << " (" << result.layout->name() << " layout"
            << (result.layoutDetected ? "" : ", chosen for an empty folder; --layout picks another") << "):\n";
  for (const auto& path : result.created) std::cout << "  " << path.lexically_normal().string() << "\n";
  return ExitCode::Success;
}

}  // namespace

void addNewCommand(CLI::App& app, Commands& commands) {
  auto flags = std::make_shared<NewFlags>();
  CLI::App* command =
      app.add_subcommand("new", "Create the next migration (and its rollback) in the project's layout.");
  command->footer(
      "The version is the current UTC time (YYYYMMDDHHMMSS), always after the newest migration.\n"
      "Example: sluice new add_orders_status");
  command->add_option("name", flags->name, "Migration name: letters, digits, '_' and '-'")->required();
  command->add_option("--dir", flags->dir, "Migrations folder (default as for deploy; migrations/ in a new project)");
  command->add_option("--layout", flags->layout, "Layout for a new folder (default: the folder's, else paired)")
      ->check(CLI::IsMember(formatNameList()));
  command->add_option("--config", flags->config, "Configuration file (default: .sluice.toml found upward)");
  commands.push_back({command, [flags] { return runNew(*flags); }});
}

}  // namespace sluice::cli
