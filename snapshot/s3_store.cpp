// Snapshots in an S3-compatible bucket: the objects PREFIX/<id>/<file>. Files are
// uploaded while they are written (one multipart upload each, a part in memory at a
// time); the manifest is uploaded last, and a snapshot whose manifest is missing does
// not exist. An interrupted writer aborts its uploads and deletes what it completed.

#include <algorithm>
#include <map>
#include <mutex>

#include "snapshot/file_pipeline.hpp"
#include "snapshot/format.hpp"
#include "snapshot/s3_client.hpp"
#include "snapshot/store.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

// S3 parts are at least 5 MiB (except the last) and at most 10,000 per object: 8 MiB
// parts allow objects of 78 GiB, and a snapshot's files are far smaller (tables are
// split into parts). Memory: one part per file being written.
constexpr std::size_t kPartSize = std::size_t{8} << 20U;
// Objects of a snapshot without a manifest this old are left by a killed writer.
constexpr auto kLeftoverAge = std::chrono::hours(24);

// Completed objects of an upload in progress, to delete if it is abandoned.
struct WrittenKeys {
  std::mutex mutex;
  std::vector<std::string> keys;
};

class ObjectSink final : public ByteSink {
 public:
  ObjectSink(const S3Client& client, std::string key, WrittenKeys& written)
      : client_(client), key_(std::move(key)), written_(written) {}
  ObjectSink(const ObjectSink&) = delete;
  ObjectSink& operator=(const ObjectSink&) = delete;
  ~ObjectSink() override {
    if (!uploadId_.empty()) client_.abortMultipart(key_, uploadId_);
  }

  Status write(std::string_view data) override {
    buffer_.append(data);
    while (buffer_.size() >= kPartSize) {
      if (auto status = sendPart(std::string_view(buffer_).substr(0, kPartSize)); !status) return status;
      buffer_.erase(0, kPartSize);
    }
    return {};
  }

  Status finish() override {
    if (uploadId_.empty()) {
      if (auto status = client_.put(key_, buffer_); !status) return status;
    } else {
      if (!buffer_.empty() || etags_.empty()) {
        if (auto status = sendPart(buffer_); !status) return status;
      }
      if (auto status = client_.completeMultipart(key_, uploadId_, etags_); !status) return status;
      uploadId_.clear();
    }
    buffer_.clear();
    std::lock_guard lock(written_.mutex);
    written_.keys.push_back(key_);
    return {};
  }

 private:
  Status sendPart(std::string_view part) {
    if (uploadId_.empty()) {
      auto id = client_.startMultipart(key_);
      if (!id) return id.takeError();
      uploadId_ = std::move(*id);
    }
    auto etag = client_.uploadPart(key_, uploadId_, static_cast<int>(etags_.size()) + 1, part);
    if (!etag) return etag.takeError();
    etags_.push_back(std::move(*etag));
    return {};
  }

  const S3Client& client_;
  std::string key_;
  WrittenKeys& written_;
  std::string buffer_;
  std::string uploadId_;
  std::vector<std::string> etags_;
};

class S3Upload final : public SnapshotUpload {
 public:
  S3Upload(const S3Client& client, std::string prefix, std::string location)
      : client_(client), prefix_(std::move(prefix)), location_(std::move(location)) {}
  S3Upload(const S3Upload&) = delete;
  S3Upload& operator=(const S3Upload&) = delete;
  ~S3Upload() override {
    if (committed_) return;
    for (const std::string& key : written_.keys) (void)client_.remove(key);
  }

  Expected<std::unique_ptr<ByteSink>> openFile(const std::string& name) override {
    return std::unique_ptr<ByteSink>(std::make_unique<ObjectSink>(client_, prefix_ + name, written_));
  }

  Expected<fs::path> commit(const std::string& manifestJson, const std::string& authLine) override {
    if (auto status = client_.put(prefix_ + kManifestAuthFile, authLine); !status) return status.takeError();
    written_.keys.push_back(prefix_ + kManifestAuthFile);
    if (auto status = client_.put(prefix_ + kManifestFile, manifestJson); !status) return status.takeError();
    committed_ = true;
    return fs::path(location_);
  }

 private:
  const S3Client& client_;
  std::string prefix_;  // "PREFIX/<id>/"
  std::string location_;
  WrittenKeys written_;
  bool committed_ = false;
};

class S3Store final : public SnapshotStore {
 public:
  S3Store(S3Location location, S3Client client) : location_(std::move(location)), client_(std::move(client)) {}

  [[nodiscard]] std::string describe() const override { return location_.url(); }
  Status prepare() const override { return {}; }
  Expected<std::optional<std::uint64_t>> freeBytes() const override { return std::optional<std::uint64_t>(); }
  Expected<std::unique_ptr<SnapshotUpload>> begin(const std::string& id) const override {
    return std::unique_ptr<SnapshotUpload>(std::make_unique<S3Upload>(client_, keyOf(id, ""), locationOf(id).string()));
  }
  Expected<std::vector<StoredSnapshot>> list() const override;
  Expected<bool> exists(const std::string& name) const override {
    bool missing = false;
    auto status = client_.get(
        keyOf(name, kManifestFile), [](std::string_view) { return Status(); }, &missing);
    if (missing) return false;
    if (!status) return status.takeError();
    return true;
  }
  Expected<std::vector<std::string>> fileNames(const std::string& name) const override {
    auto objects = client_.list(keyOf(name, ""));
    if (!objects) return objects.takeError();
    std::vector<std::string> out;
    for (const S3Object& object : *objects) out.push_back(object.key.substr(keyOf(name, "").size()));
    return out;
  }
  Expected<std::string> readSmallFile(const std::string& name, const std::string& file) const override {
    std::string text;
    bool missing = false;
    auto status = client_.get(
        keyOf(name, file),
        [&](std::string_view chunk) {
          text.append(chunk);
          return Status();
        },
        &missing);
    std::string where = name + "/" + file;
    if (missing) return Error(ErrorCode::Snapshot, where + ": missing in " + location_.url(), "", where);
    if (!status) return status.takeError();
    return text;
  }
  Status readFile(const std::string& name, const FileEntry& entry,
                  const std::function<Status(std::string_view)>& consume) const override {
    bool missing = false;
    auto status = client_.get(keyOf(name, entry.name), consume, &missing);
    if (missing) return snapshotFileError(entry, "missing: the manifest lists it but it is not in the bucket");
    return status;
  }
  Status remove(const std::string& name) const override;
  std::vector<Leftover> leftovers() const override;

 private:
  [[nodiscard]] std::string keyOf(const std::string& name, const std::string& file) const {
    return (location_.prefix.empty() ? "" : location_.prefix + "/") + name + "/" + file;
  }
  // The objects under the prefix, by snapshot id.
  Expected<std::map<std::string, std::vector<S3Object>>> objectsById() const;

  S3Location location_;
  S3Client client_;
};

Expected<std::map<std::string, std::vector<S3Object>>> S3Store::objectsById() const {
  std::string prefix = location_.prefix.empty() ? "" : location_.prefix + "/";
  auto objects = client_.list(prefix);
  if (!objects) return objects.takeError();
  std::map<std::string, std::vector<S3Object>> out;
  for (S3Object& object : *objects) {
    std::string rest = object.key.substr(prefix.size());
    std::size_t slash = rest.find('/');
    if (slash == std::string::npos || !looksLikeSnapshotId(rest.substr(0, slash))) continue;
    out[rest.substr(0, slash)].push_back(std::move(object));
  }
  return out;
}

Expected<std::vector<StoredSnapshot>> S3Store::list() const {
  auto byId = objectsById();
  if (!byId) return byId.takeError();
  std::vector<StoredSnapshot> out;
  for (const auto& entry : *byId) {
    // Named copies: a lambda may not capture a structured binding (clang 14).
    const std::string& id = entry.first;
    const std::vector<S3Object>& objects = entry.second;
    bool complete = std::any_of(objects.begin(), objects.end(),
                                [&](const S3Object& object) { return object.key == keyOf(id, kManifestFile); });
    if (!complete) continue;
    StoredSnapshot snapshot;
    snapshot.id = id;
    snapshot.path = locationOf(id);
    snapshot.createdAt = *timeOfSnapshotId(id);
    for (const S3Object& object : objects) snapshot.bytesOnDisk += object.size;
    auto text = readSmallFile(id, kManifestFile);
    // A bucket that stops answering is not a snapshot without a manifest.
    if (!text && text.error().code == ErrorCode::Unreachable) return text.takeError();
    takeManifest(snapshot, text);
    out.push_back(std::move(snapshot));
  }
  sortByCreation(out);
  return out;
}

Status S3Store::remove(const std::string& name) const {
  // The manifest first: from then on it is no longer a snapshot, whatever happens next.
  if (auto status = client_.remove(keyOf(name, kManifestFile)); !status) return status;
  auto objects = client_.list(keyOf(name, ""));
  if (!objects) return objects.takeError();
  for (const S3Object& object : *objects) {
    if (auto status = client_.remove(object.key); !status) return status;
  }
  return {};
}

std::vector<Leftover> S3Store::leftovers() const {
  std::vector<Leftover> out;
  auto byId = objectsById();
  if (!byId) return out;
  for (const auto& entry : *byId) {
    // Named copies: a lambda may not capture a structured binding (clang 14).
    const std::string& id = entry.first;
    const std::vector<S3Object>& objects = entry.second;
    bool complete = std::any_of(objects.begin(), objects.end(),
                                [&](const S3Object& object) { return object.key == keyOf(id, kManifestFile); });
    if (!complete && Clock::now() - *timeOfSnapshotId(id) > kLeftoverAge) out.push_back({locationOf(id), 0});
  }
  return out;
}

}  // namespace

Expected<std::unique_ptr<SnapshotStore>> s3Store(std::string_view url, const config::S3Section& settings) {
  auto location = parseS3Location(url);
  if (!location) return location.takeError();
  auto credentials = findS3Credentials(settings);
  if (!credentials) return credentials.takeError();
  S3Client client(settings, std::move(*credentials), location->bucket);
  return std::unique_ptr<SnapshotStore>(std::make_unique<S3Store>(std::move(*location), std::move(client)));
}

}  // namespace sluice::snapshot
