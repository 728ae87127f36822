#include "snapshot/store.hpp"

#include <mutex>

#include "common/sha256.hpp"
#include "snapshot/file_pipeline.hpp"
#include "snapshot/format.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

std::mutex gS3SettingsMutex;
config::S3Section gS3Settings;

}  // namespace

#ifndef SLUICE_HAVE_S3
Expected<std::unique_ptr<SnapshotStore>> s3Store(std::string_view url, const config::S3Section& /*settings*/) {
  return Error(ErrorCode::Usage, "this sluice binary was built without S3 support: " + std::string(url),
               "use the distribution's package or a build with libcurl");
}
#endif

void useS3Settings(const config::S3Section& settings) {
  std::lock_guard lock(gS3SettingsMutex);
  gS3Settings = settings;
}

std::string displayLocation(const fs::path& location) {
  std::string text = location.string();
  return text.find("://") != std::string::npos ? text : location.lexically_normal().string();
}

bool isBucketLocation(const fs::path& location) { return location.string().starts_with("s3://"); }

Expected<std::unique_ptr<SnapshotStore>> openStore(const fs::path& location) {
  if (isBucketLocation(location)) {
    config::S3Section settings;
    {
      std::lock_guard lock(gS3SettingsMutex);
      settings = gS3Settings;
    }
    return s3Store(location.string(), settings);
  }
  return localStore(location);
}

Expected<StoredLocation> openSnapshotLocation(const fs::path& snapshot) {
  std::string text = snapshot.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  fs::path path = text;
  auto store = openStore(path.parent_path().empty() ? fs::path(".") : path.parent_path());
  if (!store) return store.takeError();
  return StoredLocation{std::move(*store), path.filename().string()};
}

Expected<std::vector<StoredSnapshot>> listSnapshots(const fs::path& snapshotDir) {
  auto store = openStore(snapshotDir);
  if (!store) return store.takeError();
  return (*store)->list();
}

std::vector<Leftover> leftovers(const fs::path& snapshotDir) {
  auto store = openStore(snapshotDir);
  if (!store) return {};
  return (*store)->leftovers();
}

Status removeSnapshot(const fs::path& path) {
  auto located = openSnapshotLocation(path);
  if (!located) return located.takeError();
  return located->store->remove(located->name);
}

Expected<fs::path> resolveSnapshot(const fs::path& snapshotDir, const std::string& reference) {
  if (reference.find('/') != std::string::npos) {
    auto located = openSnapshotLocation(reference);
    if (!located) return located.takeError();
    auto found = located->store->exists(located->name);
    if (!found) return found.takeError();
    if (*found) return fs::path(reference);
    return Error(ErrorCode::Input, "no snapshot at " + reference);
  }
  auto all = listSnapshots(snapshotDir);
  if (!all) return all.takeError();
  if (all->empty()) {
    return Error(ErrorCode::Input, "there are no snapshots in " + snapshotDir.string(),
                 "create one with `sluice snapshot create`, or point --snapshot-dir at the right place");
  }
  if (reference == "latest") return all->back().path;
  std::vector<const StoredSnapshot*> matches;
  for (const StoredSnapshot& snapshot : *all) {
    if (snapshot.id == reference) return snapshot.path;
    if (snapshot.id.starts_with(reference)) matches.push_back(&snapshot);
  }
  if (matches.size() == 1) return matches.front()->path;
  if (matches.empty()) {
    return Error(ErrorCode::Input, "no snapshot `" + reference + "` in " + snapshotDir.string(),
                 "`sluice snapshot list` shows the ids");
  }
  return Error(ErrorCode::Input, "`" + reference + "` matches " + std::to_string(matches.size()) + " snapshots",
               "give more of the id (`sluice snapshot list` shows them)");
}

Expected<fs::path> copySnapshot(const SnapshotStore& from, const std::string& name, const SnapshotStore& to,
                                const CopyControl& control) {
  auto manifestText = from.readSmallFile(name, kManifestFile);
  if (!manifestText) return manifestText.takeError();
  auto authLine = from.readSmallFile(name, kManifestAuthFile);
  if (!authLine) return authLine.takeError();
  auto manifest = parseManifest(*manifestText, name + "/" + kManifestFile);
  if (!manifest) return manifest.takeError();
  auto upload = to.begin(manifest->id);
  if (!upload) return upload.takeError();
  std::uint64_t total = 0;
  for (const FileEntry& file : manifest->files) total += file.bytes;
  ProgressTracker progress(control.progress, control.phase, manifest->files.size(), total);
  for (const FileEntry& file : manifest->files) {
    auto sink = (*upload)->openFile(file.name);
    if (!sink) return sink.takeError();
    Sha256 hash;
    std::uint64_t bytes = 0;
    auto copied = from.readFile(name, file, [&](std::string_view chunk) {
      if (control.cancel != nullptr && control.cancel->load()) return Status(Error(ErrorCode::Io, "interrupted"));
      hash.update(chunk);
      bytes += chunk.size();
      progress.addBytes(chunk.size());
      return (*sink)->write(chunk);
    });
    if (!copied) return copied.takeError();
    if (bytes != file.bytes || hash.finishHex() != file.sha256) {
      return snapshotFileError(file, "checksum mismatch: its size or SHA-256 differs from the manifest's");
    }
    if (auto status = (*sink)->finish(); !status) return status.takeError();
    progress.itemDone();
  }
  auto committed = (*upload)->commit(*manifestText, *authLine);
  if (committed) progress.finish();
  return committed;
}

}  // namespace sluice::snapshot
