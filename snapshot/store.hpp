#pragma once
// Where snapshots are kept: a local directory (local_store.cpp) or an S3-compatible
// bucket and prefix (s3_store.cpp), behind one interface. Everything that creates,
// lists, reads or removes snapshots goes through it. A location is what
// --snapshot-dir and `[snapshot] dir` / `offsite` hold: a path, or "s3://BUCKET/PREFIX";
// a snapshot's own location is its store's location plus "/<id>".
//
// In both places a snapshot exists once its manifest does: the manifest is written
// last, so an interrupted writer leaves nothing that lists, verifies or restores.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "config/settings.hpp"
#include "snapshot/byte_sink.hpp"
#include "snapshot/manifest.hpp"
#include "snapshot/progress.hpp"
#include "snapshot/storage.hpp"

namespace sluice::snapshot {

// One snapshot being written.
class SnapshotUpload {
 public:
  SnapshotUpload() = default;
  SnapshotUpload(const SnapshotUpload&) = delete;
  SnapshotUpload& operator=(const SnapshotUpload&) = delete;
  virtual ~SnapshotUpload() = default;
  // A sink for one new file of the snapshot; may be called from several threads.
  virtual Expected<std::unique_ptr<ByteSink>> openFile(const std::string& name) = 0;
  // Writes the manifest's authentication line, then the manifest, which makes the
  // snapshot visible; returns the snapshot's location.
  virtual Expected<std::filesystem::path> commit(const std::string& manifestJson, const std::string& authLine) = 0;
};

class SnapshotStore {
 public:
  SnapshotStore() = default;
  SnapshotStore(const SnapshotStore&) = delete;
  SnapshotStore& operator=(const SnapshotStore&) = delete;
  virtual ~SnapshotStore() = default;

  // The location, for messages ("/srv/snapshots", "s3://bucket/prefix").
  [[nodiscard]] virtual std::string describe() const = 0;
  [[nodiscard]] std::filesystem::path locationOf(const std::string& name) const {
    return std::filesystem::path(describe()) / name;
  }
  // Creates what must exist before a snapshot is written (the local directory).
  virtual Status prepare() const = 0;
  // Free bytes for the size check; unset where there is no such limit.
  virtual Expected<std::optional<std::uint64_t>> freeBytes() const = 0;
  virtual Expected<std::unique_ptr<SnapshotUpload>> begin(const std::string& id) const = 0;

  // Every snapshot, oldest first; manifests parsed but not authenticated.
  virtual Expected<std::vector<StoredSnapshot>> list() const = 0;
  // Whether a snapshot called `name` is there (its directory; in a bucket, its manifest).
  virtual Expected<bool> exists(const std::string& name) const = 0;
  // The names of the files a snapshot holds.
  virtual Expected<std::vector<std::string>> fileNames(const std::string& name) const = 0;
  // A small file read whole (manifest, authentication line); ErrorCode::Snapshot when missing.
  virtual Expected<std::string> readSmallFile(const std::string& name, const std::string& file) const = 0;
  // Streams one of the manifest's files into `consume`; safe from several threads.
  // Errors name the file (snapshotFileError); `consume`'s own errors pass unchanged.
  virtual Status readFile(const std::string& name, const FileEntry& entry,
                          const std::function<Status(std::string_view)>& consume) const = 0;
  // Removes a snapshot: first whatever makes it a snapshot, then the rest.
  virtual Status remove(const std::string& name) const = 0;
  // What interrupted writers left behind; prune removes it.
  virtual std::vector<Leftover> leftovers() const = 0;
};

// The S3 endpoint, region, addressing and credentials for every s3:// location of
// this process; the command line sets them once from the configuration.
void useS3Settings(const config::S3Section& settings);

// A location for messages: a path normalised, a URL as it is.
std::string displayLocation(const std::filesystem::path& location);

// Whether a location is in a bucket ("s3://…") rather than a local directory.
bool isBucketLocation(const std::filesystem::path& location);

// The store at a location.
Expected<std::unique_ptr<SnapshotStore>> openStore(const std::filesystem::path& location);

// The store holding the snapshot at `snapshot` (a location plus "/<name>").
struct StoredLocation {
  std::unique_ptr<SnapshotStore> store;
  std::string name;
};
Expected<StoredLocation> openSnapshotLocation(const std::filesystem::path& snapshot);

// Copies a complete snapshot from one store to another, files first (their size and
// SHA-256 checked against the manifest on the way), the manifest last. `cancel` stops it
// between chunks ("interrupted"); `progress` reports the bytes copied.
struct CopyControl {
  const std::atomic<bool>* cancel = nullptr;
  ProgressCallback progress;
  std::string phase = "copy";  // the progress line's phase
};
Expected<std::filesystem::path> copySnapshot(const SnapshotStore& from, const std::string& name,
                                             const SnapshotStore& to, const CopyControl& control = {});

}  // namespace sluice::snapshot

namespace sluice::snapshot {

// The drivers (openStore chooses).
std::unique_ptr<SnapshotStore> localStore(const std::filesystem::path& dir);
Expected<std::unique_ptr<SnapshotStore>> s3Store(std::string_view url, const config::S3Section& settings);

}  // namespace sluice::snapshot
