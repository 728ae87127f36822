#include "cli/settings.hpp"

#include <unistd.h>

#include <iostream>

#include "cli/error_output.hpp"
#include "config/print.hpp"
#include "linter/config.hpp"
#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice::cli {

void SettingFlags::add(std::string key, const std::string& text, std::string flag) {
  if (!text.empty()) values_.push_back({std::move(key), text, std::move(flag)});
}

void SettingFlags::addIf(bool given, std::string key, std::string text, std::string flag) {
  if (given) values_.push_back({std::move(key), std::move(text), std::move(flag)});
}

Expected<config::Settings> loadSettings(const std::string& configFile, const SettingFlags& flags) {
  config::LoadRequest request;
  if (!configFile.empty()) request.file = std::filesystem::path(configFile);
  request.flags = flags.values();
  request.catalog = configCatalog(ruleMetas(rules::allRules()));
  return config::loadSettings(request);
}

void printWarnings(const std::vector<Error>& warnings) {
  Style style(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  for (const Error& warning : warnings) printWarning(warning, std::cerr, style);
}

void addPrintConfigFlag(CLI::App& command, bool& flag) {
  command.add_flag("--print-config", flag,
                   "Print the settings this command would use and where each came from (flag, env, file, default), "
                   "then exit without doing anything");
}

ExitCode printSettings(const config::Settings& settings, bool json) {
  if (json) {
    config::writeSettingsJson(settings, std::cout);
  } else {
    config::writeSettingsText(settings, std::cout);
  }
  std::cout.flush();
  printWarnings(settings.warnings);
  return ExitCode::Success;
}

Expected<std::filesystem::path> migrationsDir(const config::Settings& settings) {
  if (!settings.migrations.dir.empty()) return settings.migrations.dir;
  if (settings.migrations.dirProblem) return *settings.migrations.dirProblem;
  return Error(ErrorCode::Usage, "no migrations folder given and none found",
               "pass it (sluice lint path/to/migrations, --dir for other commands), set [migrations] dir in "
               ".sluice.toml, or run from a project with prisma/migrations, migrations or db/migrations");
}

namespace {

template <class T>
Expected<T> named(Expected<T> parsed, std::string_view flag) {
  if (parsed) return parsed;
  Error error = parsed.takeError();
  error.message = std::string(flag) + ": " + error.message;
  return error;
}

}  // namespace

Expected<Duration> durationFlag(const std::string& text, std::string_view flag) {
  return named(parseDuration(text), flag);
}

Expected<ByteSize> sizeFlag(const std::string& text, std::string_view flag) { return named(parseByteSize(text), flag); }

Expected<std::optional<snapshot::MasterKey>> snapshotKey(const config::SnapshotSection& section) {
  using Key = std::optional<snapshot::MasterKey>;
  if (!section.key) return Key();
  if (section.key->value) {
    auto key = snapshot::parseMasterKey(section.key->value->reveal(), section.key->variable);
    if (!key) return key.takeError();
    return Key(std::move(*key));
  }
  auto key = snapshot::readMasterKeyFile(*section.key->file);
  if (!key) return key.takeError();
  return Key(std::move(*key));
}

}  // namespace sluice::cli
