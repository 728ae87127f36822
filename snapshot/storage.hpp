#pragma once
// Snapshot ids, and snapshots wherever they are stored (store.hpp): listing the complete
// ones, finding one by id, removing snapshots and the leftovers of interrupted runs.
// The *Directory functions are the local directory's side (local_store.cpp uses them).

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "snapshot/manifest.hpp"

namespace sluice::snapshot {

using Clock = std::chrono::system_clock;

// "20250131T120000Z-3fa2c1" for `time`.
Expected<std::string> newSnapshotId(Clock::time_point time);
// Whether a directory name has the shape of an id.
bool looksLikeSnapshotId(std::string_view name);
// The creation time encoded in an id.
std::optional<Clock::time_point> timeOfSnapshotId(std::string_view id);
// RFC 3339 UTC with milliseconds, "2025-01-31T12:00:00.042Z", and back.
std::string formatUtc(Clock::time_point time);
std::optional<Clock::time_point> parseUtc(std::string_view text);

struct StoredSnapshot {
  std::string id;
  std::filesystem::path path;
  Clock::time_point createdAt;
  std::optional<Manifest> manifest;  // unset when the manifest cannot be read
  std::string problem;               // why not, for listings
  std::uint64_t bytesOnDisk = 0;
};

// A listed snapshot's manifest from its text (its time with milliseconds orders
// snapshots of the same second), or the problem when there is none (`text` failed) or it
// does not parse. Shared by every store's listing.
void takeManifest(StoredSnapshot& snapshot, const Expected<std::string>& text);
// Oldest first, by creation time, then by id.
void sortByCreation(std::vector<StoredSnapshot>& snapshots);

// Every snapshot at a location (a directory or s3://BUCKET/PREFIX), oldest first (by
// the manifest's creation time). Manifests are parsed (not authenticated: that needs
// the key and is verification's job).
Expected<std::vector<StoredSnapshot>> listSnapshots(const std::filesystem::path& snapshotDir);
// Every directory named like an id in a local snapshot directory.
Expected<std::vector<StoredSnapshot>> listSnapshotDirectory(const std::filesystem::path& snapshotDir);

// An id, a unique prefix of one, "latest", or the location of a snapshot (a path to
// its directory, or s3://BUCKET/PREFIX/ID); returns the snapshot's location.
Expected<std::filesystem::path> resolveSnapshot(const std::filesystem::path& snapshotDir, const std::string& reference);

struct Leftover {
  std::filesystem::path path;
  pid_t pid = 0;  // the process that was writing it
};
// What interrupted runs left at a location (see SnapshotStore::leftovers).
std::vector<Leftover> leftovers(const std::filesystem::path& snapshotDir);
// ".tmp-*" directories whose writer is no longer running, and ".deleting-*" ones.
std::vector<Leftover> leftoversInDirectory(const std::filesystem::path& snapshotDir);

// Removes the snapshot (or leftover) at a location.
Status removeSnapshot(const std::filesystem::path& path);
// A snapshot directory: renamed to ".deleting-<id>" first (so it stops being a snapshot
// at once), then deleted, then the parent is fsynced.
Status removeSnapshotDirectory(const std::filesystem::path& path);

// Creates the snapshot directory where it is missing, every folder it creates mode 0700
// (a snapshot is a copy of the database), and, in a snapshot directory it creates, a
// `.gitignore` holding `*` (as pytest's and ruff's caches do), so that the default
// `.sluice/snapshots` inside a project never reaches its repository by `git add .`.
// An existing directory is left as it is.
Status createSnapshotDir(const std::filesystem::path& dir);

// Bytes available to an unprivileged writer on the filesystem holding `dir`.
Expected<std::uint64_t> freeSpace(const std::filesystem::path& dir);

}  // namespace sluice::snapshot
