// Opening a snapshot (format version, key, manifest authentication) and checking every
// one of its files: size, SHA-256, encryption tags, zstd stream and checksum, and for
// table data the number of rows. Restore runs the same checks before it connects.

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include "common/file_io.hpp"
#include "snapshot/file_pipeline.hpp"
#include "snapshot/format.hpp"
#include "snapshot/snapshot.hpp"
#include "snapshot/storage.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

Expected<OpenedSnapshot> openSnapshot(const fs::path& path, const std::optional<MasterKey>& key) {
  auto located = openSnapshotLocation(path);
  if (!located) return located.takeError();
  std::string name = located->name;
  std::shared_ptr<const SnapshotStore> store = std::move(located->store);
  auto found = store->exists(name);
  if (!found) return found.takeError();
  if (!*found) return Error(ErrorCode::Input, "no snapshot at " + path.string());
  std::string where = name + "/" + kManifestFile;
  auto text = store->readSmallFile(name, kManifestFile);
  if (!text && text.error().code == ErrorCode::Unreachable) return text.takeError();
  if (!text) {
    return Error(ErrorCode::Snapshot, where + ": missing or unreadable",
                 "this directory is not a complete snapshot; it cannot be restored", where);
  }
  auto manifest = parseManifest(*text, where);
  if (!manifest) return manifest.takeError();
  auto auth = store->readSmallFile(name, kManifestAuthFile);
  std::string authWhere = name + "/" + kManifestAuthFile;
  if (!auth && auth.error().code == ErrorCode::Unreachable) return auth.takeError();
  if (!auth) {
    return Error(ErrorCode::Snapshot, authWhere + ": missing or unreadable",
                 "the manifest cannot be authenticated; the snapshot cannot be restored", authWhere);
  }
  OpenedSnapshot opened;
  opened.path = path;
  opened.store = store;
  opened.name = name;
  if (manifest->encryption) {
    const EncryptionInfo& info = *manifest->encryption;
    if (!key) {
      return Error(ErrorCode::Config, "snapshot " + manifest->id + " is encrypted (key " + info.keyId + ")",
                   "give its key with --key-file FILE or the SLUICE_SNAPSHOT_KEY environment variable");
    }
    if (key->id() != info.keyId) {
      return Error(ErrorCode::Snapshot,
                   "snapshot " + manifest->id + " was encrypted with key " + info.keyId + ", but the key from " +
                       key->source + " is key " + key->id() + ": wrong key",
                   "use the key the snapshot was taken with (--key-file FILE or SLUICE_SNAPSHOT_KEY)", where);
    }
    std::array<std::uint8_t, 32> salt{};
    hexDecode(info.salt, salt);
    opened.keys = deriveSnapshotKeys(*key, salt);
  }
  if (auto status = checkManifestAuth(*text, *auth, opened.keys ? &opened.keys->manifest : nullptr, where); !status) {
    return status.takeError();
  }
  // A snapshot directory renamed to another id would restore something other than
  // what its name promises.
  if (looksLikeSnapshotId(name) && manifest->id != name) {
    return Error(ErrorCode::Snapshot, "directory " + name + " holds snapshot " + manifest->id,
                 "snapshot directories were renamed or swapped; restore by the manifest's id", where);
  }
  opened.manifest = std::move(*manifest);
  return opened;
}

VerifyReport verifyFiles(const OpenedSnapshot& snapshot, unsigned jobs, const ProgressCallback& progress,
                         VerifyDepth depth) {
  const Manifest& manifest = snapshot.manifest;
  VerifyReport report;
  report.id = manifest.id;
  report.path = snapshot.path;
  report.encrypted = manifest.encrypted();
  report.integrity = manifest.encrypted() ? Integrity::Authenticated : Integrity::Checksums;
  report.files = manifest.files.size();
  std::uint64_t totalBytes = 0;
  for (const FileEntry& file : manifest.files) totalBytes += file.bytes;
  report.bytes = totalBytes;

  std::set<std::string> expected{kManifestFile, kManifestAuthFile};
  for (const FileEntry& file : manifest.files) expected.insert(file.name);
  auto names = snapshot.store->fileNames(snapshot.name);
  for (const std::string& name : names ? *names : std::vector<std::string>{}) {
    if (expected.count(name) == 0) report.notes.push_back("unexpected file " + name + " (not in the manifest)");
  }

  // Biggest first, so that the parallel workers finish together.
  std::vector<const FileEntry*> order;
  for (const FileEntry& file : manifest.files) order.push_back(&file);
  std::sort(order.begin(), order.end(), [](const FileEntry* a, const FileEntry* b) { return a->bytes > b->bytes; });

  ProgressTracker tracker(progress, "verify", order.size(), totalBytes);
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  auto work = [&] {
    while (true) {
      std::size_t index = next++;
      if (index >= order.size()) return;
      const FileEntry& file = *order[index];
      NullSink discard;
      LineCountingSink counter(discard);
      std::atomic<std::uint64_t> read{0};
      Status status = depth == VerifyDepth::Full
                          ? readSnapshotFile(*snapshot.store, snapshot.name, file, snapshot.dataKey(), counter, &read)
                          : authenticateSnapshotFile(*snapshot.store, snapshot.name, file, snapshot.dataKey(), &read);
      tracker.addBytes(read);
      tracker.itemDone();
      std::lock_guard lock(mutex);
      if (!status) {
        report.failures.push_back(status.takeError());
        continue;
      }
      report.plainBytes += counter.bytes();
      if (file.role != kRoleTableData || depth != VerifyDepth::Full) continue;
      report.rows += counter.lines();
      for (const TableEntry& table : manifest.tables) {
        for (const TablePart& part : table.parts) {
          if (part.file != file.name || part.rows == counter.lines()) continue;
          report.failures.emplace_back(ErrorCode::Snapshot,
                                       file.name + ": holds " + std::to_string(counter.lines()) + " rows of " +
                                           table.qualifiedName() + ", the manifest says " + std::to_string(part.rows),
                                       "the snapshot is damaged; it cannot be restored", file.name);
        }
      }
    }
  };
  unsigned threads = std::max(1U, std::min<unsigned>(jobs > 0 ? jobs : defaultJobs(),
                                                     static_cast<unsigned>(std::max<std::size_t>(1, order.size()))));
  {
    std::vector<std::jthread> pool;
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back(work);
  }
  tracker.finish();
  std::sort(report.failures.begin(), report.failures.end(),
            [](const Error& a, const Error& b) { return a.location < b.location; });
  report.seconds = tracker.elapsedSeconds();
  return report;
}

Expected<VerifyReport> verifySnapshot(const fs::path& path, const VerifyOptions& options) {
  auto opened = openSnapshot(path, options.key);
  if (!opened) return opened.takeError();
  VerifyReport report = verifyFiles(*opened, options.jobs, options.progress);
  if (!opened->manifest.encrypted()) {
    report.notes.emplace_back(
        "not encrypted: the checksums detect damage, not deliberate changes by someone who can write the files");
  }
  return report;
}

}  // namespace sluice::snapshot
