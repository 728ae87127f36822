#include "cli/snapshot_settings.hpp"

#include "linter/config.hpp"
#include "linter/engine.hpp"
#include "rules/registry.hpp"
#include "snapshot/compression.hpp"

namespace sluice::cli {
namespace fs = std::filesystem;

Expected<SnapshotSettings> loadSnapshotSettings(const std::string& configFile, const std::string& snapshotDirFlag) {
  SnapshotSettings settings;
  std::optional<fs::path> file = configFile.empty() ? findConfig(fs::current_path()) : fs::path(configFile);
  std::optional<Config> config;
  if (file) {
    auto loaded = loadConfig(*file, ruleMetas(rules::allRules()));
    if (!loaded) return loaded.takeError();
    config = std::move(*loaded);
  }
  auto relative = [&](const std::string& path) {
    fs::path p = path;
    return p.is_absolute() || !config ? p : config->baseDir / p;
  };
  auto integer = [&](const char* key, std::int64_t min, std::int64_t max) -> Expected<std::optional<std::int64_t>> {
    const TomlValue* value = config ? config->value("snapshot", key) : nullptr;
    if (value == nullptr) return std::optional<std::int64_t>();
    if (value->integer < min || value->integer > max) {
      return Error(ErrorCode::Config,
                   std::string("snapshot.") + key + " must be between " + std::to_string(min) + " and " +
                       std::to_string(max) + ", not " + std::to_string(value->integer),
                   {}, config->where(*value));
    }
    return std::optional<std::int64_t>(value->integer);
  };

  if (!snapshotDirFlag.empty()) {
    settings.snapshotDir = snapshotDirFlag;
  } else if (const TomlValue* dir = config ? config->value("snapshot", "dir") : nullptr) {
    settings.snapshotDir = relative(dir->string);
  } else {
    settings.snapshotDir = (config ? config->baseDir : fs::current_path()) / ".sluice" / "snapshots";
  }
  if (const TomlValue* key = config ? config->value("snapshot", "key_file") : nullptr) {
    settings.configKeyFile = relative(key->string);
  }
  auto jobs = integer("jobs", 1, 64);
  if (!jobs) return jobs.takeError();
  if (*jobs) settings.jobs = static_cast<unsigned>(**jobs);
  auto level = integer("compression_level", snapshot::minCompressionLevel(), snapshot::maxCompressionLevel());
  if (!level) return level.takeError();
  if (*level) settings.compressionLevel = static_cast<int>(**level);
  struct Keep {
    const char* key;
    std::optional<unsigned> snapshot::RetentionPolicy::*field;
  };
  for (Keep keep : {Keep{"keep_last", &snapshot::RetentionPolicy::keepLast},
                    Keep{"keep_daily", &snapshot::RetentionPolicy::keepDaily},
                    Keep{"keep_weekly", &snapshot::RetentionPolicy::keepWeekly},
                    Keep{"keep_monthly", &snapshot::RetentionPolicy::keepMonthly}}) {
    auto value = integer(keep.key, 0, 100000);
    if (!value) return value.takeError();
    if (*value) settings.retention.*keep.field = static_cast<unsigned>(**value);
  }
  if (const TomlValue* maxAge = config ? config->value("snapshot", "max_age") : nullptr) {
    auto duration = snapshot::parseDuration(maxAge->string);
    if (!duration) {
      Error error = duration.takeError();
      error.code = ErrorCode::Config;
      error.location = config->where(*maxAge);
      return error;
    }
    settings.retention.maxAge = *duration;
  }
  if (const TomlValue* schema = config ? config->value("migrations", "history_schema") : nullptr) {
    settings.historySchema = schema->string;
  }
  if (const TomlValue* table = config ? config->value("migrations", "history_table") : nullptr) {
    settings.historyTable = table->string;
  }
  return settings;
}

Expected<std::optional<snapshot::MasterKey>> resolveSnapshotKey(const std::string& keyFileFlag,
                                                                const SnapshotSettings& settings) {
  std::optional<fs::path> flag;
  if (!keyFileFlag.empty()) flag = fs::path(keyFileFlag);
  return snapshot::resolveMasterKey(flag, settings.configKeyFile);
}

}  // namespace sluice::cli
