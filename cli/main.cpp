#include <unistd.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/error_output.hpp"
#include "cli/internal_error.hpp"
#include "cli/version_text.hpp"
#include "common/terminal.hpp"

int main(int argc, char** argv) {
  using namespace sluice;
  cli::exitOnTerminate();
  CLI::App app{
      "sluice: lint, snapshot and apply PostgreSQL migrations safely.\n"
      "Exit codes: 0 ok, 1 lint findings, 2 usage/config/input error, 3 database unreachable or lock\n"
      "not obtained, 4 migration failed and the database is as before, 5 failed and not recovered,\n"
      "70 internal error (a bug in sluice: please report it).",
      "sluice"};
  app.set_version_flag("--version", [] { return cli::versionText(); });
  app.require_subcommand(1);
  app.fallthrough(false);

  cli::Commands commands;
  cli::addLintCommand(app, commands);
  cli::addDeployCommand(app, commands);
  cli::addStatusCommand(app, commands);
  cli::addRollbackCommand(app, commands);
  cli::addResolveCommand(app, commands);
  cli::addNewCommand(app, commands);
  cli::addRulesCommand(app, commands);
  cli::addExplainCommand(app, commands);
  cli::addSnapshotCommand(app, commands);
  cli::addVerifyCommand(app, commands);
  cli::addConfigCommand(app, commands);

  Style errorStyle(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string hint = "run `sluice --help` or `sluice <command> --help`";
    cli::printError(Error(ErrorCode::Usage, e.what(), hint), std::cerr, errorStyle);
    return static_cast<int>(ExitCode::UsageOrInput);
  }

  for (const cli::Command& command : commands) {
    if (command.app->parsed()) return cli::runGuarded(command.run, std::cerr, errorStyle);
  }
  return static_cast<int>(ExitCode::UsageOrInput);
}
