#include <iostream>

#include "cli/command.hpp"
#include "cli/settings.hpp"

namespace sluice::cli {
namespace {

struct ConfigFlags {
  std::string config;
  std::string format = "text";
};

ExitCode runConfig(const ConfigFlags& flags) {
  config::Settings settings = orThrow(loadSettings(flags.config, SettingFlags()));
  return printSettings(settings, flags.format == "json");
}

}  // namespace

void addConfigCommand(CLI::App& app, Commands& commands) {
  auto flags = std::make_shared<ConfigFlags>();
  CLI::App* command = app.add_subcommand(
      "config", "Show the effective settings and where each came from (file:line, env VAR, default).");
  command->footer(
      "Reads .sluice.toml (found upward from the current directory, or --config) and the environment,\n"
      "validates every key, and prints each setting with its value and its origin; secrets show as ***.\n"
      "Reserved keys (features still to come) are marked; setting one is a warning.\n"
      "Any command that reads settings takes --print-config to show them with its own flags applied:\n"
      "  sluice deploy --lock-timeout 5s --print-config\n"
      "Exit codes: 0 the configuration is valid, 2 it is not (the error names the file, line and key).");
  command->add_option("--config", flags->config, "Configuration file (default: .sluice.toml found upward)");
  command->add_option("--format", flags->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  commands.push_back({command, [flags] { return runConfig(*flags); }});
}

}  // namespace sluice::cli
