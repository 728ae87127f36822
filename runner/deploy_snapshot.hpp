#pragma once
// The snapshot hook `sluice deploy` uses by default: a snapshot through snapshot/ into
// the snapshot directory, under the migration lock, right before the first pending
// migration runs; and its restore after a failure. The settings are those of
// `sluice snapshot create` (directory, key, jobs, compression level), resolved by cli/.

#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "runner/snapshot_hook.hpp"
#include "snapshot/key.hpp"

namespace sluice {

struct DeploySnapshotSettings {
  std::filesystem::path dir;                     // a directory or s3://BUCKET/PREFIX
  std::optional<std::filesystem::path> offsite;  // also copy the snapshot there
  std::optional<snapshot::MasterKey> key;        // encrypt when set
  unsigned jobs = 0;                             // 0: snapshot::defaultJobs()
  int compressionLevel = 0;                      // 0: the snapshot module's default
  // What the plan adds after the directory, e.g. "a temporary directory, removed when
  // sluice exits" for --ephemeral.
  std::string dirNote;
  // The directory goes away when sluice exits (--ephemeral): no command to retry later.
  bool temporary = false;
  // Flags the retry command needs besides the snapshot's path (--key-file FILE,
  // --database-url without password...), already quoted for a shell.
  std::string retryFlags;
  // Where the warning about an unencrypted snapshot goes (stderr in the CLI); unset: none.
  std::ostream* warnings = nullptr;
};

std::unique_ptr<SnapshotHook> makeDeploySnapshot(DeploySnapshotSettings settings);

// `text` as one word for a POSIX shell: unchanged when it is plain, else single-quoted.
std::string shellWord(std::string_view text);

}  // namespace sluice
