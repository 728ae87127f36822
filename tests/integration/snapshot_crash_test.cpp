// Failures mid-way: a full disk during create, and the real `sluice` binary killed
// with SIGKILL during create and during restore. Nothing may look like a complete
// snapshot unless it is one, and a killed restore leaves the database untouched.
//
// The full disk is a small tmpfs (mount needs root, which the test environment has);
// without root the file-size limit (prlimit --fsize, SIGXFSZ ignored) makes writes fail
// with EFBIG through the same code path.

#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <gtest/gtest.h>

#include "common/temp_dir.hpp"
#include "snapshot/format.hpp"
#include "tests/integration/snapshot_helpers.hpp"
#include "tests/support/wait_for.hpp"

namespace sluice::testing {
namespace {

using namespace std::chrono_literals;

// Incompressible rows: the snapshot cannot be smaller than about 16 MB, while the
// size estimate (half the tables' size plus 4 MiB) is about 12.5 MB.
constexpr const char* kNoiseSql =
    "CREATE EXTENSION IF NOT EXISTS pgcrypto;"
    "CREATE TABLE noise (id integer PRIMARY KEY, payload bytea NOT NULL);"
    "INSERT INTO noise SELECT g, gen_random_bytes(1000) FROM generate_series(1, 16000) g;";

// A fresh database of kNoiseSql's rows: too much for the small filesystems below.
ConnectionSettings noisyDatabase(const std::string& prefix) {
  ConnectionSettings db = freshDatabase(prefix);
  execute(db, kNoiseSql);
  return db;
}

class Tmpfs {
 public:
  static std::optional<Tmpfs> mount(const fs::path& where, const std::string& size) {
    fs::create_directories(where);
    auto result = runProcess({"mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", where.string()});
    if (!result || !result->success()) return std::nullopt;
    return Tmpfs(where);
  }
  Tmpfs(Tmpfs&& other) noexcept : where_(std::exchange(other.where_, {})) {}
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;
  Tmpfs& operator=(Tmpfs&&) = delete;
  ~Tmpfs() {
    if (!where_.empty()) (void)runProcess({"umount", where_.string()});
  }

 private:
  explicit Tmpfs(fs::path where) : where_(std::move(where)) {}
  fs::path where_;
};

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) names.push_back(entry.path().filename().string());
  return names;
}

ChildProcess startSluice(const std::vector<std::string>& args) {
  std::vector<std::string> argv{SLUICE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  SpawnOptions options;
  options.stdoutMode = StreamMode::Null;
  options.stderrMode = StreamMode::Null;
  options.unsetEnv = {"SLUICE_SNAPSHOT_KEY", "DATABASE_URL"};
  auto child = ChildProcess::spawn(argv, options);
  if (!child) throw std::runtime_error(child.error().message);
  return std::move(*child);
}

void killAndReap(ChildProcess& child) {
  child.kill(SIGKILL);
  child.communicate();
}

// A data file of a snapshot being written, with something in it.
bool writingData(const fs::path& dir) {
  for (const std::string& name : entries(dir)) {
    if (!name.starts_with(snapshot::kTempPrefix)) continue;
    for (const std::string& file : entries(dir / name)) {
      std::error_code ec;
      if (file.starts_with("data-") && fs::file_size(dir / name / file, ec) > 0) return true;
    }
  }
  return false;
}

std::string sluiceBackends(const ConnectionSettings& db, const std::string& like) {
  return querySingle(db.withDatabase("postgres"),
                     "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'sluice-restore' AND query LIKE " +
                         std::string("'") + like + "'");
}

TEST(SnapshotCrash, DiskFullDuringCreateLeavesNoSnapshotBehind) {
  ConnectionSettings db = noisyDatabase("snap_full");
  TempDir temp = tempDir("sluice-snap-full-");
  fs::path dir = temp.path() / "mnt";
  std::optional<Tmpfs> tmpfs = Tmpfs::mount(dir, "14m");
  ProcessResult result;
  if (tmpfs) {
    std::cout << "[ disk full ] tmpfs of 14 MiB\n";
    result = runSluice({"snapshot", "create", "--database-url", db.keywordString(), "--snapshot-dir", dir.string()});
  } else {
    std::cout << "[ disk full ] no mount permission: file size limit of 4 MB (prlimit)\n";
    ::signal(SIGXFSZ, SIG_IGN);
    auto limited = runProcess({"prlimit", "--fsize=4000000", SLUICE_BINARY, "snapshot", "create", "--database-url",
                               db.keywordString(), "--snapshot-dir", dir.string()});
    ASSERT_TRUE(limited.ok());
    result = *limited;
  }
  EXPECT_EQ(result.exitCode, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("no space left for the snapshot"), std::string::npos) << result.err;
  EXPECT_TRUE(entries(dir).empty()) << "nothing may be left: " << join(entries(dir), ", ");
}

TEST(SnapshotCrash, NotEnoughRoomIsRefusedBeforeWriting) {
  ConnectionSettings db = noisyDatabase("snap_room");
  TempDir temp = tempDir("sluice-snap-room-");
  fs::path dir = temp.path() / "mnt";
  std::optional<Tmpfs> tmpfs = Tmpfs::mount(dir, "8m");
  if (!tmpfs) GTEST_SKIP() << "mounting a small tmpfs needs root";
  ProcessResult result =
      runSluice({"snapshot", "create", "--database-url", db.keywordString(), "--snapshot-dir", dir.string()});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("not enough free space"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("needed"), std::string::npos) << result.err;
  EXPECT_TRUE(entries(dir).empty());
}

class SnapshotKill : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ConnectionSettings(freshDatabase("snap_kill"));
    execute(*database_, richDatabaseSql(2'000'000));
  }
  static void TearDownTestSuite() { delete database_; }
  static ConnectionSettings* database_;
};
ConnectionSettings* SnapshotKill::database_ = nullptr;

TEST_F(SnapshotKill, SigkillDuringCreateLeavesNothingThatLooksComplete) {
  TempDir temp = tempDir("sluice-snap-kill-");
  fs::path dir = temp.path();
  ChildProcess child =
      startSluice({"snapshot", "create", "--database-url", database_->keywordString(), "--snapshot-dir", dir.string()});
  bool midway = waitFor([&] { return writingData(dir); }, 60s, 1ms);
  killAndReap(child);
  ASSERT_TRUE(midway) << "the snapshot never started writing data";

  auto listed = snapshot::listSnapshots(dir);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty()) << "a killed create must not leave a snapshot under its final name";
  ProcessResult list = runSluice({"snapshot", "list", "--snapshot-dir", dir.string()});
  EXPECT_NE(list.out.find("no snapshots"), std::string::npos) << list.out;

  // The leftover is recognised as such and pruned.
  ASSERT_EQ(snapshot::leftovers(dir).size(), 1U);
  ProcessResult prune = runSluice({"snapshot", "prune", "--keep-last", "3", "--snapshot-dir", dir.string()});
  EXPECT_EQ(prune.exitCode, 0) << prune.err;
  EXPECT_NE(prune.out.find("left by an interrupted run"), std::string::npos) << prune.out;
  EXPECT_TRUE(entries(dir).empty()) << join(entries(dir), ", ");
}

TEST_F(SnapshotKill, SigkillDuringRestoreLeavesTheDatabaseUntouchedAndARerunRestoresIt) {
  TempDir temp = tempDir("sluice-snap-kill-");
  snapshot::SnapshotInfo info = takeSnapshot(*database_, temp.path());
  DatabaseState snapshotState = databaseState(*database_);
  execute(*database_, kMutationsSql);
  DatabaseState changed = databaseState(*database_);
  ASSERT_NE(changed, snapshotState);

  // Killed while loading rows, then while building indexes and constraints.
  for (const char* phase : {"COPY %FROM STDIN%", "/* sluice restore: post-data */%"}) {
    SCOPED_TRACE(phase);
    ChildProcess child = startSluice({"snapshot", "restore", info.path.string(), "--yes", "--no-analyze",
                                      "--database-url", database_->keywordString()});
    bool reached = waitFor([&] { return sluiceBackends(*database_, phase) != "0"; }, 120s, 2ms);
    killAndReap(child);
    ASSERT_TRUE(reached) << "the restore never reached " << phase;
    // The server notices the dead client and rolls back; wait for its backend to end.
    ASSERT_TRUE(waitFor([&] { return sluiceBackends(*database_, "%") == "0"; }, 120s, 50ms));
    EXPECT_EQ(databaseState(*database_), changed) << "a killed restore must leave the database as it was";
  }

  ProcessResult rerun =
      runSluice({"snapshot", "restore", info.path.string(), "--yes", "--database-url", database_->keywordString()});
  EXPECT_EQ(rerun.exitCode, 0) << rerun.err;
  EXPECT_EQ(databaseState(*database_), snapshotState);
}

}  // namespace
}  // namespace sluice::testing
