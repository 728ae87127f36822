#include "snapshot/storage.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "common/file_io.hpp"
#include "common/text.hpp"
#include "snapshot/crypto.hpp"
#include "snapshot/format.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kIdLength = 23;  // 20250131T120000Z-3fa2c1

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The UTC second whose year (4 digits), month, day, hour, minute and second (2 digits
// each) stand in `text` at the offsets `at`; nullopt when one of them is not all digits.
std::optional<Clock::time_point> utcSecondAt(std::string_view text, const std::array<std::size_t, 6>& at) {
  std::array<int, 6> fields{};
  for (std::size_t i = 0; i < at.size(); ++i) {
    std::optional<unsigned> field = wholeNumber<unsigned>(text.substr(at[i], i == 0 ? 4 : 2));
    if (!field) return std::nullopt;
    fields[i] = static_cast<int>(*field);
  }
  std::tm utc{};
  utc.tm_year = fields[0] - 1900;
  utc.tm_mon = fields[1] - 1;
  utc.tm_mday = fields[2];
  utc.tm_hour = fields[3];
  utc.tm_min = fields[4];
  utc.tm_sec = fields[5];
  return Clock::from_time_t(::timegm(&utc));
}

std::uint64_t directorySize(const fs::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code sizeError;
    if (entry.is_regular_file(sizeError)) total += entry.file_size(sizeError);
  }
  return total;
}

}  // namespace

Expected<std::string> newSnapshotId(Clock::time_point time) {
  std::time_t seconds = Clock::to_time_t(time);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  std::array<std::uint8_t, 3> random{};
  if (auto status = randomBytes(random); !status) return status.takeError();
  return std::string(stamp) + "-" + hexEncode(random);
}

bool looksLikeSnapshotId(std::string_view name) {
  if (name.size() != kIdLength) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = i == 8    ? c == 'T'
              : i == 15 ? c == 'Z'
              : i == 16 ? c == '-'
              : i > 16  ? (isDigit(c) || (c >= 'a' && c <= 'f'))
                        : isDigit(c);
    if (!ok) return false;
  }
  return true;
}

std::optional<Clock::time_point> timeOfSnapshotId(std::string_view id) {
  if (!looksLikeSnapshotId(id)) return std::nullopt;
  return utcSecondAt(id, {0, 4, 6, 9, 11, 13});  // 20250131T120000Z-...
}

std::string formatUtc(Clock::time_point time) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count() % 1000;
  std::time_t seconds = Clock::to_time_t(time);
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char stamp[40];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", stamp, static_cast<int>(millis < 0 ? 0 : millis));
  return out;
}

std::optional<Clock::time_point> parseUtc(std::string_view text) {
  // 2025-01-31T12:00:00.042Z
  if (text.size() != 24 || text[4] != '-' || text[10] != 'T' || text[19] != '.' || text[23] != 'Z') return std::nullopt;
  std::optional<Clock::time_point> second = utcSecondAt(text, {0, 5, 8, 11, 14, 17});
  std::optional<unsigned> millis = wholeNumber<unsigned>(text.substr(20, 3));
  // Month 00 is no date: timegm would take it for December of the year before.
  if (!second || !millis || text.substr(5, 2) == "00") return std::nullopt;
  return *second + std::chrono::milliseconds(*millis);
}

Expected<std::vector<StoredSnapshot>> listSnapshotDirectory(const fs::path& snapshotDir) {
  std::vector<StoredSnapshot> out;
  std::error_code ec;
  if (!fs::exists(snapshotDir, ec)) return out;
  fs::directory_iterator it(snapshotDir, ec);
  if (ec)
    return Error(ErrorCode::Input, "cannot read the snapshot directory " + snapshotDir.string() + ": " + ec.message());
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    std::error_code typeError;
    if (!entry.is_directory(typeError) || !looksLikeSnapshotId(name)) continue;
    StoredSnapshot snapshot;
    snapshot.id = name;
    snapshot.path = entry.path();
    snapshot.createdAt = *timeOfSnapshotId(name);
    snapshot.bytesOnDisk = directorySize(entry.path());
    takeManifest(snapshot, readFile(entry.path() / kManifestFile));
    out.push_back(std::move(snapshot));
  }
  sortByCreation(out);
  return out;
}

void takeManifest(StoredSnapshot& snapshot, const Expected<std::string>& text) {
  if (!text) {
    snapshot.problem = "no readable manifest";
  } else if (auto manifest = parseManifest(*text, snapshot.id + "/" + kManifestFile); !manifest) {
    snapshot.problem = manifest.error().message;
  } else {
    if (auto precise = parseUtc(manifest->createdAt)) snapshot.createdAt = *precise;
    snapshot.manifest = std::move(*manifest);
  }
}

void sortByCreation(std::vector<StoredSnapshot>& snapshots) {
  std::sort(snapshots.begin(), snapshots.end(), [](const StoredSnapshot& a, const StoredSnapshot& b) {
    return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
  });
}

namespace {

Status writeGitignore(const fs::path& dir) {
  AtomicWriteOptions options;
  options.mode = 0600;
  return writeFileAtomically(dir / ".gitignore",
                             "# Created by sluice: snapshots are copies of the database; keep them out of git.\n*\n",
                             options);
}

// sluice's default place, `.sluice/snapshots` inside the project.
bool isDefaultSnapshotDir(const fs::path& dir) {
  fs::path normal = dir.lexically_normal();
  if (normal.filename().empty()) normal = normal.parent_path();
  return normal.filename() == "snapshots" && normal.parent_path().filename() == ".sluice";
}

}  // namespace

Status createSnapshotDir(const fs::path& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    // The default folder made by a sluice before it wrote a .gitignore gets one now; a
    // folder the user chose is left as it is.
    if (isDefaultSnapshotDir(dir) && !fs::exists(dir / ".gitignore", ec)) return writeGitignore(dir);
    return {};
  }
  auto failed = [&](const fs::path& what, const std::string& why) {
    return Error(ErrorCode::Io, "cannot create the snapshot directory " + what.string() + ": " + why,
                 "check the path and its permissions, or choose another one with --snapshot-dir");
  };
  // Missing folders from the outermost down, so each gets its mode before it holds anything.
  std::vector<fs::path> missing;
  for (fs::path at = fs::absolute(dir, ec).lexically_normal(); !at.empty() && !fs::exists(at, ec);
       at = at.parent_path()) {
    missing.push_back(at);
    if (at == at.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) return failed(*it, std::strerror(errno));
    // mkdir's mode is filtered by the umask; 0700 is not.
    if (::chmod(it->c_str(), 0700) != 0) return failed(*it, std::strerror(errno));
  }
  if (!fs::is_directory(dir, ec)) return failed(dir, "it exists and is not a directory");
  return writeGitignore(dir);
}

std::vector<Leftover> leftoversInDirectory(const fs::path& snapshotDir) {
  std::vector<Leftover> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(snapshotDir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with(kDeletingPrefix)) {
      out.push_back({entry.path(), 0});
      continue;
    }
    if (!name.starts_with(kTempPrefix)) continue;
    std::size_t dash = name.rfind('-');
    pid_t pid = dash == std::string::npos ? 0 : static_cast<pid_t>(std::strtol(name.c_str() + dash + 1, nullptr, 10));
    // A writer that is still running keeps its directory; signal 0 only asks whether
    // the process exists.
    if (pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM)) continue;
    out.push_back({entry.path(), pid});
  }
  std::sort(out.begin(), out.end(), [](const Leftover& a, const Leftover& b) { return a.path < b.path; });
  return out;
}

Status removeSnapshotDirectory(const fs::path& path) {
  std::error_code ec;
  fs::path parent = path.parent_path();
  fs::path doomed = path;
  std::string name = path.filename().string();
  if (!name.starts_with(".")) {
    doomed = parent / (std::string(kDeletingPrefix) + name);
    fs::rename(path, doomed, ec);
    if (ec) return Error(ErrorCode::Io, "cannot remove " + path.string() + ": " + ec.message());
    if (auto status = syncDirectory(parent); !status) return status;
  }
  fs::remove_all(doomed, ec);
  if (ec) return Error(ErrorCode::Io, "cannot remove " + doomed.string() + ": " + ec.message());
  return syncDirectory(parent);
}

Expected<std::uint64_t> freeSpace(const fs::path& dir) {
  struct statvfs info {};
  if (::statvfs(dir.c_str(), &info) != 0) {
    return Error(ErrorCode::Io, "cannot read the free space of " + dir.string() + ": " + std::strerror(errno));
  }
  return static_cast<std::uint64_t>(info.f_bavail) * static_cast<std::uint64_t>(info.f_frsize);
}

}  // namespace sluice::snapshot
