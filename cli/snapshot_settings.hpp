#pragma once
// Where snapshots live and how they are made, from flags over .sluice.toml over
// defaults; shared by `sluice snapshot` and `sluice deploy`.
//
//   snapshot dir   --snapshot-dir, else [snapshot] dir (relative to the config file),
//                  else .sluice/snapshots next to .sluice.toml, else in the current
//                  directory
//   key            --key-file, else SLUICE_SNAPSHOT_KEY, else [snapshot] key_file
//   history table  [migrations] history_schema / history_table (public.sluice_migrations)

#include <filesystem>
#include <optional>
#include <string>

#include "common/error.hpp"
#include "snapshot/key.hpp"
#include "snapshot/pruner.hpp"

namespace sluice::cli {

struct SnapshotSettings {
  std::filesystem::path snapshotDir;
  std::optional<std::filesystem::path> configKeyFile;
  std::optional<unsigned> jobs;
  std::optional<int> compressionLevel;
  snapshot::RetentionPolicy retention;
  std::string historySchema = "public";
  std::string historyTable = "sluice_migrations";
};

// `configFile` is --config ("" to search upward from the current directory);
// `snapshotDirFlag` is --snapshot-dir ("" when not given).
Expected<SnapshotSettings> loadSnapshotSettings(const std::string& configFile, const std::string& snapshotDirFlag);

// The master key, if any (see snapshot/key.hpp for the order).
Expected<std::optional<snapshot::MasterKey>> resolveSnapshotKey(const std::string& keyFileFlag,
                                                                const SnapshotSettings& settings);

}  // namespace sluice::cli
