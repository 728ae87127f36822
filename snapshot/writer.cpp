#include "snapshot/writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "common/file_io.hpp"
#include "snapshot/format.hpp"
#include "snapshot/storage.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

Status writeSmallFile(const fs::path& path, std::string_view contents) {
  auto file = FileSink::create(path);
  if (!file) return file.takeError();
  if (auto status = (*file)->write(contents); !status) return status;
  return (*file)->finish();
}

}  // namespace

Expected<SnapshotWriter> SnapshotWriter::begin(const fs::path& snapshotDir, const std::string& id) {
  if (auto status = createSnapshotDir(snapshotDir); !status) return status.takeError();
  std::error_code ec;
  SnapshotWriter writer;
  writer.parent_ = snapshotDir;
  writer.id_ = id;
  writer.temp_ = snapshotDir / (std::string(kTempPrefix) + id + "-" + std::to_string(::getpid()));
  if (::mkdir(writer.temp_.c_str(), 0700) != 0) {
    return Error(ErrorCode::Io, "cannot create " + writer.temp_.string() + ": " + std::strerror(errno),
                 "check the permissions of the snapshot directory");
  }
  if (::chmod(writer.temp_.c_str(), 0700) != 0) {
    int saved = errno;
    fs::remove(writer.temp_, ec);
    return Error(ErrorCode::Io, "cannot set the mode of " + writer.temp_.string() + ": " + std::strerror(saved));
  }
  return writer;
}

SnapshotWriter::SnapshotWriter(SnapshotWriter&& other) noexcept
    : parent_(std::move(other.parent_)),
      temp_(std::exchange(other.temp_, {})),
      id_(std::move(other.id_)),
      committed_(other.committed_) {}

SnapshotWriter& SnapshotWriter::operator=(SnapshotWriter&& other) noexcept {
  if (this != &other) {
    abandon();
    parent_ = std::move(other.parent_);
    temp_ = std::exchange(other.temp_, {});
    id_ = std::move(other.id_);
    committed_ = other.committed_;
  }
  return *this;
}

SnapshotWriter::~SnapshotWriter() { abandon(); }

void SnapshotWriter::abandon() {
  if (!committed_ && !temp_.empty()) {
    std::error_code ignored;
    fs::remove_all(temp_, ignored);
  }
  temp_.clear();
}

Expected<std::unique_ptr<SnapshotFileWriter>> SnapshotWriter::openFile(const std::string& name, const std::string& role,
                                                                       const FileEncoding& encoding) const {
  auto file = createFile(name);
  if (!file) return file.takeError();
  return SnapshotFileWriter::create(std::move(*file), name, role, encoding);
}

Expected<std::unique_ptr<FileSink>> SnapshotWriter::createFile(const std::string& name) const {
  return FileSink::create(temp_ / name);
}

Expected<fs::path> SnapshotWriter::commit(const std::string& manifestJson, const std::string& authLine) {
  if (auto status = writeSmallFile(temp_ / kManifestFile, manifestJson); !status) return status.takeError();
  if (auto status = writeSmallFile(temp_ / kManifestAuthFile, authLine); !status) return status.takeError();
  if (auto status = syncDirectory(temp_); !status) return status.takeError();
  fs::path target = finalPath();
  // rename(2) onto an existing empty directory would succeed silently: never replace.
  std::error_code ec;
  if (fs::exists(target, ec)) {
    return Error(ErrorCode::Io, "a snapshot named " + target.string() + " already exists");
  }
  if (::rename(temp_.c_str(), target.c_str()) != 0) {
    return Error(ErrorCode::Io,
                 "cannot rename " + temp_.string() + " to " + target.string() + ": " + std::strerror(errno));
  }
  committed_ = true;
  temp_.clear();
  if (auto status = syncDirectory(parent_); !status) return status.takeError();
  return target;
}

}  // namespace sluice::snapshot
