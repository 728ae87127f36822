#pragma once
// Writing one snapshot file (plaintext → zstd → [AES-256-GCM container] → disk, with
// its SHA-256 and sizes for the manifest) and reading one back with every check the
// format allows (size, SHA-256, container authentication, zstd checksum).

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "common/error.hpp"
#include "common/sha256.hpp"
#include "snapshot/byte_sink.hpp"
#include "snapshot/compression.hpp"
#include "snapshot/crypto.hpp"
#include "snapshot/framing.hpp"
#include "snapshot/manifest.hpp"

namespace sluice::snapshot {

struct FileEncoding {
  int compressionLevel = kDefaultCompressionLevel;
  int compressionWorkers = 0;
  const Key* dataKey = nullptr;  // encrypt when set
  std::uint32_t chunkSize = kDefaultChunkSize;
};

// The file name extension for a snapshot's files: ".zst" or ".zst.enc".
std::string fileExtension(bool encrypted);

// Writes a new file (mode 0600, never overwriting), hashing what reaches the disk.
class FileSink final : public ByteSink {
 public:
  static Expected<std::unique_ptr<FileSink>> create(const std::filesystem::path& path);
  ~FileSink() override;
  Status write(std::string_view data) override;
  // fsync and close.
  Status finish() override;
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }
  std::string sha256Hex() { return hash_.finishHex(); }

 private:
  FileSink(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::filesystem::path path_;
  int fd_;
  std::uint64_t bytes_ = 0;
  Sha256 hash_;
};

// Counts and hashes what passes on to `next` (what reaches the storage).
class HashingSink final : public ByteSink {
 public:
  explicit HashingSink(std::unique_ptr<ByteSink> next) : next_(std::move(next)) {}
  Status write(std::string_view data) override;
  Status finish() override { return next_->finish(); }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }
  std::string sha256Hex() { return hash_.finishHex(); }

 private:
  std::unique_ptr<ByteSink> next_;
  std::uint64_t bytes_ = 0;
  Sha256 hash_;
};

class SnapshotFileWriter {
 public:
  // `out` receives the file as stored (a local file, an object upload).
  static Expected<std::unique_ptr<SnapshotFileWriter>> create(std::unique_ptr<ByteSink> out, std::string name,
                                                              std::string role, const FileEncoding& encoding);
  Status write(std::string_view plaintext);
  Expected<FileEntry> finish();
  // Uncompressed bytes written so far.
  [[nodiscard]] std::uint64_t plainBytes() const { return plainBytes_; }

 private:
  SnapshotFileWriter() = default;
  FileEntry entry_;
  std::unique_ptr<HashingSink> file_;
  std::unique_ptr<EncryptingSink> encrypt_;
  std::unique_ptr<ByteSink> compress_;
  std::uint64_t plainBytes_ = 0;
};

// Counts bytes and newlines and passes everything on (a COPY file has one row per line).
class LineCountingSink final : public ByteSink {
 public:
  explicit LineCountingSink(ByteSink& next) : next_(next) {}
  Status write(std::string_view data) override;
  Status finish() override { return next_.finish(); }
  [[nodiscard]] std::uint64_t lines() const { return lines_; }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }

 private:
  ByteSink& next_;
  std::uint64_t lines_ = 0;
  std::uint64_t bytes_ = 0;
};

class SnapshotStore;

// An ErrorCode::Snapshot error about one of a snapshot's files.
Error snapshotFileError(const FileEntry& entry, const std::string& what);

// Reads `entry` of snapshot `name` from its store, checking its size and SHA-256 against the
// manifest and, when `dataKey` is set, the container's authentication; the plaintext
// (decompressed) goes to `out`. Every failure is an ErrorCode::Snapshot error naming
// the file. `bytesRead`, when given, advances as the file is read (for progress).
Status readSnapshotFile(const SnapshotStore& store, const std::string& name, const FileEntry& entry, const Key* dataKey,
                        ByteSink& out, std::atomic<std::uint64_t>* bytesRead = nullptr);

// The same without decompressing: size, SHA-256 and, when `dataKey` is set, every
// chunk's authentication tag.
Status authenticateSnapshotFile(const SnapshotStore& store, const std::string& name, const FileEntry& entry,
                                const Key* dataKey, std::atomic<std::uint64_t>* bytesRead = nullptr);

}  // namespace sluice::snapshot
