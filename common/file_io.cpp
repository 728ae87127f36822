#include "common/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <iterator>
#include <random>
#include <vector>

namespace sluice {
namespace {

std::string errnoText() { return std::strerror(errno); }

Error ioError(const std::string& what, const std::filesystem::path& path) {
  return Error(ErrorCode::Io, what + " " + path.string() + ": " + errnoText());
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

Status writeAll(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ioError("cannot write", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

}  // namespace

Expected<std::string> readFile(const std::filesystem::path& path) {
  // One open and reads until the end, no stat: a lint of a long history reads every file
  // of it, and a stat per file was a tenth of its system calls. The bytes go through a
  // per-thread buffer so that the string is allocated once, at its size.
  int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0 && (errno == ENOENT || errno == ENOTDIR)) {
    return Error(ErrorCode::Input, "no such file: " + path.string(),
                 "check the path; it is resolved relative to the current directory");
  }
  if (raw < 0) {
    return Error(ErrorCode::Input, "cannot read " + path.string() + ": " + errnoText(), "check the file's permissions");
  }
  FileDescriptor fd(raw);
  thread_local std::vector<char> buffer(std::size_t{64} * 1024);
  std::size_t size = 0;
  for (;;) {
    if (size == buffer.size()) buffer.resize(buffer.size() * 2);
    ssize_t n = ::read(fd.get(), buffer.data() + size, buffer.size() - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EISDIR) return Error(ErrorCode::Input, path.string() + " is a directory, not a file");
      return Error(ErrorCode::Input, "cannot read " + path.string() + ": " + errnoText());
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  std::string contents(buffer.data(), size);
  // A large file does not keep its buffer for the rest of the run.
  if (buffer.size() > std::size_t{1} << 20) std::vector<char>(std::size_t{64} * 1024).swap(buffer);
  return contents;
}

Expected<std::string> readStdin() {
  std::string contents{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  if (std::cin.bad()) return Error(ErrorCode::Input, "cannot read standard input");
  return contents;
}

Status syncDirectory(const std::filesystem::path& dir) {
  int raw = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (raw < 0) return ioError("cannot open directory", dir);
  FileDescriptor fd(raw);
  if (::fsync(fd.get()) != 0) return ioError("cannot fsync directory", dir);
  return {};
}

Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                           const AtomicWriteOptions& options) {
  std::filesystem::path dir = path.parent_path();
  std::random_device random;
  std::filesystem::path temp = path;
  temp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(random());
  int raw = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, options.mode);
  if (raw < 0) return ioError("cannot create", temp);
  FileDescriptor fd(raw);
  auto cleanup = [&] { std::filesystem::remove(temp); };
  if (auto written = writeAll(fd.get(), contents, temp); !written) {
    cleanup();
    return written;
  }
  if (::fchmod(fd.get(), options.mode) != 0) {
    cleanup();
    return ioError("cannot set mode of", temp);
  }
  if (options.sync && ::fsync(fd.get()) != 0) {
    cleanup();
    return ioError("cannot fsync", temp);
  }
  if (::close(fd.release()) != 0) {
    cleanup();
    return ioError("cannot close", temp);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    cleanup();
    return ioError("cannot rename into place", path);
  }
  if (options.sync) return syncDirectory(dir);
  return {};
}

Status appendLine(const std::filesystem::path& path, std::string_view line, unsigned mode) {
  int raw = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode);
  if (raw < 0) return ioError("cannot open", path);
  FileDescriptor fd(raw);
  std::string buffer(line);
  buffer.push_back('\n');
  if (auto written = writeAll(fd.get(), buffer, path); !written) return written;
  if (::fsync(fd.get()) != 0) return ioError("cannot fsync", path);
  return {};
}

}  // namespace sluice
