#pragma once
// The configuration of one command run, loaded once through config/: `.sluice.toml`
// (--config, else found upward from the current directory), the environment, and the
// flags the command was given for settings. Commands list those flags with SettingFlags;
// config/ parses them with the key's type and applies the precedence.

#include <CLI/CLI.hpp>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/exit_code.hpp"
#include "config/loader.hpp"
#include "snapshot/key.hpp"

namespace sluice::cli {

// The flags of a command that set configuration keys.
class SettingFlags {
 public:
  // A flag given as text ("" when it was not given: ignored).
  void add(std::string key, const std::string& text, std::string flag);
  // A flag that was given and sets the key to `text` (--no-lint-gate: deploy.lint_gate = false).
  void addIf(bool given, std::string key, std::string text, std::string flag);
  [[nodiscard]] const std::vector<config::FlagValue>& values() const { return values_; }

 private:
  std::vector<config::FlagValue> values_;
};

// `configFile` is --config ("" to search upward from the current directory).
Expected<config::Settings> loadSettings(const std::string& configFile, const SettingFlags& flags);

// The reserved keys a file set, as warnings on standard error.
void printWarnings(const std::vector<Error>& warnings);

// --print-config: print the effective settings instead of running the command.
void addPrintConfigFlag(CLI::App& command, bool& flag);
ExitCode printSettings(const config::Settings& settings, bool json);

// The migrations folder: --dir, [migrations] dir, else the first of prisma/migrations,
// migrations, db/migrations; a Usage error when there is none.
Expected<std::filesystem::path> migrationsDir(const config::Settings& settings);

// A flag that takes a duration or a size but sets no configuration key (snapshot
// create --lock-timeout, restore --maintenance-work-mem): the same parser, the flag's
// name in the error.
Expected<Duration> durationFlag(const std::string& text, std::string_view flag);
Expected<ByteSize> sizeFlag(const std::string& text, std::string_view flag);

// The snapshot key the configuration names, read; nullopt when none is set.
Expected<std::optional<snapshot::MasterKey>> snapshotKey(const config::SnapshotSection& section);

}  // namespace sluice::cli
