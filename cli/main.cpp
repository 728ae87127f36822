#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/error_output.hpp"
#include "cli/internal_error.hpp"
#include "cli/version_text.hpp"
#include "common/large_stack.hpp"
#include "common/terminal.hpp"
#include "common/text.hpp"

// An exception escaping main (the CLI set-up running out of memory) reaches the terminate
// handler exitOnTerminate installs first: the internal-error report and exit 70.
int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
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

  // Only the command the command line names is built: building all thirteen, with every
  // option and validator, was half the instructions of `sluice lint FILE`. The top-level
  // help, --version and anything that names no command get them all.
  cli::Commands commands;
  const cli::CommandEntry* named = argc > 1 ? cli::findCommand(argv[1]) : nullptr;
  if (named != nullptr) {
    named->add(app, commands);
  } else {
    for (const cli::CommandEntry& entry : cli::commandTable()) entry.add(app, commands);
  }

  Style errorStyle(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  // A first word that names no command is a typo far more often than anything else;
  // CLI11 alone would only say that a subcommand is required.
  if (argc > 1 && argv[1][0] != '-' && named == nullptr) {
    std::string word = argv[1];
    std::vector<std::string> names;
    for (const cli::CommandEntry& entry : cli::commandTable()) names.emplace_back(entry.name);
    std::string suggestion = didYouMean(word, names);
    cli::printError(Error(ErrorCode::Usage,
                          "`" + word + "` is not a sluice command" + (suggestion.empty() ? "" : ": " + suggestion),
                          "the commands are " + join(names, ", ") + "; `sluice --help` describes them"),
                    std::cerr, errorStyle);
    return static_cast<int>(ExitCode::UsageOrInput);
  }
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
    if (!command.app->parsed()) continue;
    // Parsing and the walkers over parse trees recurse as deep as a statement nests:
    // every command runs on a large stack (common/large_stack.hpp), whatever `ulimit -s`.
    int code = 0;
    runOnLargeStack([&] { code = cli::runGuarded(command.run, std::cerr, errorStyle); });
    return code;
  }
  return static_cast<int>(ExitCode::UsageOrInput);
}
