// Snapshots in a local directory: one directory per snapshot, written under a
// temporary name and renamed into place once complete (writer.hpp).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/file_io.hpp"
#include "snapshot/file_pipeline.hpp"
#include "snapshot/store.hpp"
#include "snapshot/writer.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

class LocalUpload final : public SnapshotUpload {
 public:
  explicit LocalUpload(SnapshotWriter writer) : writer_(std::move(writer)) {}
  Expected<std::unique_ptr<ByteSink>> openFile(const std::string& name) override {
    auto file = writer_.createFile(name);
    if (!file) return file.takeError();
    return std::unique_ptr<ByteSink>(std::move(*file));
  }
  Expected<fs::path> commit(const std::string& manifestJson, const std::string& authLine) override {
    return writer_.commit(manifestJson, authLine);
  }

 private:
  SnapshotWriter writer_;
};

class LocalStore final : public SnapshotStore {
 public:
  explicit LocalStore(fs::path dir) : dir_(std::move(dir)) {}

  [[nodiscard]] std::string describe() const override { return dir_.string(); }
  Status prepare() const override { return createSnapshotDir(dir_); }
  Expected<std::optional<std::uint64_t>> freeBytes() const override {
    auto free = freeSpace(dir_);
    if (!free) return free.takeError();
    return std::optional<std::uint64_t>(*free);
  }
  Expected<std::unique_ptr<SnapshotUpload>> begin(const std::string& id) const override {
    auto writer = SnapshotWriter::begin(dir_, id);
    if (!writer) return writer.takeError();
    return std::unique_ptr<SnapshotUpload>(std::make_unique<LocalUpload>(std::move(*writer)));
  }
  Expected<std::vector<StoredSnapshot>> list() const override { return listSnapshotDirectory(dir_); }
  Expected<bool> exists(const std::string& name) const override {
    std::error_code ec;
    return fs::is_directory(dir_ / name, ec);
  }
  Expected<std::vector<std::string>> fileNames(const std::string& name) const override {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_ / name, ec)) out.push_back(entry.path().filename().string());
    return out;
  }
  Expected<std::string> readSmallFile(const std::string& name, const std::string& file) const override {
    auto text = sluice::readFile(dir_ / name / file);
    if (!text) {
      std::string where = name + "/" + file;
      return Error(ErrorCode::Snapshot, where + ": missing or unreadable", "", where);
    }
    return text;
  }
  Status readFile(const std::string& name, const FileEntry& entry,
                  const std::function<Status(std::string_view)>& consume) const override;
  Status remove(const std::string& name) const override { return removeSnapshotDirectory(dir_ / name); }
  std::vector<Leftover> leftovers() const override { return leftoversInDirectory(dir_); }

 private:
  fs::path dir_;
};

Status LocalStore::readFile(const std::string& name, const FileEntry& entry,
                            const std::function<Status(std::string_view)>& consume) const {
  fs::path path = dir_ / name / entry.name;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return snapshotFileError(entry, "missing: the manifest lists it but it is not there");
    return snapshotFileError(entry, std::string("cannot be read: ") + std::strerror(errno));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return snapshotFileError(entry, "is not a regular file");
  if (static_cast<std::uint64_t>(st.st_size) != entry.bytes) {
    return snapshotFileError(
        entry, (static_cast<std::uint64_t>(st.st_size) < entry.bytes ? "truncated: " : "size differs: ") +
                   std::to_string(st.st_size) + " bytes, the manifest says " + std::to_string(entry.bytes));
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  std::string buffer(1U << 20U, '\0');
  while (true) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return snapshotFileError(entry, std::string("read error: ") + std::strerror(errno));
    }
    if (n == 0) return {};
    if (auto status = consume({buffer.data(), static_cast<std::size_t>(n)}); !status) return status;
  }
}

}  // namespace

std::unique_ptr<SnapshotStore> localStore(const fs::path& dir) { return std::make_unique<LocalStore>(dir); }

}  // namespace sluice::snapshot
