#include "snapshot/file_pipeline.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "snapshot/compression.hpp"
#include "snapshot/store.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

Error writeError(const fs::path& path, int error) {
  if (error == ENOSPC || error == EDQUOT || error == EFBIG) {
    return Error(ErrorCode::Io,
                 "no space left for the snapshot while writing " + path.string() + " (" + std::strerror(error) + ")",
                 "free space, prune old snapshots (`sluice snapshot prune`) or use another --snapshot-dir; "
                 "nothing was kept of the incomplete snapshot");
  }
  return Error(ErrorCode::Io, "cannot write " + path.string() + ": " + std::strerror(error));
}

}  // namespace

Error snapshotFileError(const FileEntry& entry, const std::string& what) {
  return Error(ErrorCode::Snapshot, entry.name + ": " + what,
               "the snapshot is damaged or incomplete; it cannot be restored. Use another snapshot "
               "(`sluice snapshot list`)",
               entry.name);
}

Status HashingSink::write(std::string_view data) {
  hash_.update(data);
  bytes_ += data.size();
  return next_->write(data);
}

std::string fileExtension(bool encrypted) { return encrypted ? ".zst.enc" : ".zst"; }

Expected<std::unique_ptr<FileSink>> FileSink::create(const fs::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error(ErrorCode::Io, "cannot create " + path.string() + ": " + std::strerror(errno));
  // The umask may only remove bits; set the mode exactly.
  if (::fchmod(fd, 0600) != 0) {
    int saved = errno;
    ::close(fd);
    return Error(ErrorCode::Io, "cannot set the mode of " + path.string() + ": " + std::strerror(saved));
  }
  return std::unique_ptr<FileSink>(new FileSink(path, fd));
}

FileSink::~FileSink() {
  if (fd_ >= 0) ::close(fd_);
}

Status FileSink::write(std::string_view data) {
  if (fd_ < 0) return Error(ErrorCode::Internal, "write after finish: " + path_.string());
  hash_.update(data);
  bytes_ += data.size();
  while (!data.empty()) {
    ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return writeError(path_, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Status FileSink::finish() {
  if (::fsync(fd_) != 0) {
    int saved = errno;
    ::close(fd_);
    fd_ = -1;
    return writeError(path_, saved);
  }
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return writeError(path_, errno);
  return {};
}

Expected<std::unique_ptr<SnapshotFileWriter>> SnapshotFileWriter::create(std::unique_ptr<ByteSink> out,
                                                                         std::string name, std::string role,
                                                                         const FileEncoding& encoding) {
  std::unique_ptr<SnapshotFileWriter> writer(new SnapshotFileWriter());
  writer->file_ = std::make_unique<HashingSink>(std::move(out));
  writer->entry_.name = std::move(name);
  writer->entry_.role = std::move(role);
  ByteSink* target = writer->file_.get();
  if (encoding.dataKey != nullptr) {
    FileId id{};
    if (auto status = randomBytes(id); !status) return status.takeError();
    writer->entry_.fileId = hexEncode(id);
    writer->encrypt_ = std::make_unique<EncryptingSink>(*target, *encoding.dataKey, id, encoding.chunkSize);
    target = writer->encrypt_.get();
  }
  writer->compress_ =
      std::make_unique<ZstdCompressingSink>(*target, encoding.compressionLevel, encoding.compressionWorkers);
  return writer;
}

Status SnapshotFileWriter::write(std::string_view plaintext) {
  plainBytes_ += plaintext.size();
  return compress_->write(plaintext);
}

Expected<FileEntry> SnapshotFileWriter::finish() {
  if (auto status = compress_->finish(); !status) return status.takeError();
  entry_.bytes = file_->bytes();
  entry_.sha256 = file_->sha256Hex();
  entry_.plainBytes = plainBytes_;
  return entry_;
}

Status LineCountingSink::write(std::string_view data) {
  bytes_ += data.size();
  lines_ += static_cast<std::uint64_t>(std::count(data.begin(), data.end(), '\n'));
  return next_.write(data);
}

namespace {

Status readFile(const SnapshotStore& store, const std::string& name, const FileEntry& entry, const Key* dataKey,
                ByteSink* out, std::atomic<std::uint64_t>* bytesRead) {
  NullSink discard;
  std::unique_ptr<ZstdDecompressingSink> decompress;
  ByteSink* first = &discard;
  if (out != nullptr) {
    decompress = std::make_unique<ZstdDecompressingSink>(*out, entry.name);
    first = decompress.get();
  }
  std::unique_ptr<DecryptingSink> decrypt;
  if (dataKey != nullptr) {
    FileId id{};
    if (!hexDecode(entry.fileId, id)) return snapshotFileError(entry, "the manifest holds no valid file id for it");
    decrypt = std::make_unique<DecryptingSink>(*first, *dataKey, id, entry.name);
    first = decrypt.get();
  }
  Sha256 hash;
  std::uint64_t total = 0;
  std::optional<Error> streamError;
  auto read = store.readFile(name, entry, [&](std::string_view chunk) -> Status {
    total += chunk.size();
    if (bytesRead != nullptr) *bytesRead += chunk.size();
    hash.update(chunk);
    if (streamError) return {};
    if (auto status = first->write(chunk); !status) {
      // A modified unencrypted file usually breaks the zstd stream before its end; the
      // checksum says more precisely what happened, so read on to finish it and prefer it.
      if (dataKey != nullptr) return status;
      streamError = status.takeError();
    }
    return {};
  });
  if (!read) return read;
  if (total != entry.bytes) {
    return snapshotFileError(entry, (total < entry.bytes ? "truncated: " : "size differs: ") + std::to_string(total) +
                                        " bytes, the manifest says " + std::to_string(entry.bytes));
  }
  // The checksum is compared before the end of the stream is accepted, so that a
  // modified unencrypted file is reported as such rather than as a zstd error.
  if (hash.finishHex() != entry.sha256) {
    return snapshotFileError(entry, "checksum mismatch: the file's SHA-256 differs from the manifest's");
  }
  if (streamError) return std::move(*streamError);
  return first->finish();
}

}  // namespace

Status readSnapshotFile(const SnapshotStore& store, const std::string& name, const FileEntry& entry, const Key* dataKey,
                        ByteSink& out, std::atomic<std::uint64_t>* bytesRead) {
  return readFile(store, name, entry, dataKey, &out, bytesRead);
}

Status authenticateSnapshotFile(const SnapshotStore& store, const std::string& name, const FileEntry& entry,
                                const Key* dataKey, std::atomic<std::uint64_t>* bytesRead) {
  return readFile(store, name, entry, dataKey, nullptr, bytesRead);
}

}  // namespace sluice::snapshot
