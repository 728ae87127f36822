#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "snapshot/file_pipeline.hpp"
#include "snapshot/format.hpp"
#include "snapshot/storage.hpp"
#include "snapshot/store.hpp"
#include "snapshot/writer.hpp"

namespace sluice::snapshot {
namespace {

namespace fs = std::filesystem;

class Collect final : public ByteSink {
 public:
  Status write(std::string_view data) override {
    out.append(data);
    return {};
  }
  Status finish() override { return {}; }
  std::string out;
};

unsigned modeOf(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777U;
}

std::string rows(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += std::to_string(i) + "\tline with a tab\\tand unicode \xc3\xa9\n";
  return out;
}

TEST(SnapshotStorage, IdsSortByTimeAndRoundTrip) {
  auto time = Clock::from_time_t(1738324800);  // 2025-01-31T12:00:00Z
  auto id = newSnapshotId(time);
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(id->starts_with("20250131T120000Z-")) << *id;
  EXPECT_TRUE(looksLikeSnapshotId(*id));
  EXPECT_EQ(timeOfSnapshotId(*id), time);
  EXPECT_FALSE(looksLikeSnapshotId(".tmp-" + *id));
  EXPECT_FALSE(looksLikeSnapshotId("20250131T120000Z-3fa2cg"));
  EXPECT_EQ(formatUtc(time + std::chrono::milliseconds(42)), "2025-01-31T12:00:00.042Z");
  EXPECT_EQ(parseUtc("2025-01-31T12:00:00.042Z"), time + std::chrono::milliseconds(42));
  EXPECT_FALSE(parseUtc("2025-01-31 12:00:00").has_value());
}

// A history's or manifest's timestamp that is not a real one is no time at all, not a
// time timegm made up from it.
TEST(SnapshotStorage, ATimestampWithAFieldThatIsNotANumberOrMonthZeroIsRefused) {
  EXPECT_FALSE(parseUtc("2025-00-31T12:00:00.042Z").has_value());
  EXPECT_FALSE(parseUtc("20x5-01-31T12:00:00.042Z").has_value());
  EXPECT_FALSE(parseUtc("2025-01-31T12:0a:00.042Z").has_value());
  EXPECT_FALSE(parseUtc("2025-01-31T12:00:00.04xZ").has_value());
  EXPECT_EQ(parseUtc("2024-02-29T23:59:59.999Z"), Clock::from_time_t(1709251199) + std::chrono::milliseconds(999));
  EXPECT_EQ(timeOfSnapshotId("20240229T235959Z-3fa2c1"), Clock::from_time_t(1709251199));
}

TEST(SnapshotStorage, WriterIsAtomicWithPrivateModes) {
  auto temp = TempDir::create("sluice-snap-test-");
  ASSERT_TRUE(temp.ok());
  fs::path dir = temp->path() / "snapshots";
  ::umask(022);
  fs::path finalPath;
  {
    auto writer = SnapshotWriter::begin(dir, "20250131T120000Z-000001");
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    EXPECT_TRUE(writer->tempPath().filename().string().starts_with(".tmp-20250131T120000Z-000001-"));
    EXPECT_EQ(modeOf(writer->tempPath()), 0700U);
    auto file = writer->openFile("data-00001.copy.zst", kRoleTableData, FileEncoding{});
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE((*file)->write(rows(10)).ok());
    ASSERT_TRUE((*file)->finish().ok());
    EXPECT_EQ(modeOf(writer->tempPath() / "data-00001.copy.zst"), 0600U);
    // Not visible as a snapshot before commit.
    EXPECT_TRUE(listSnapshots(dir)->empty());
    auto committed = writer->commit("{}", "sha256 x\n");
    ASSERT_TRUE(committed.ok()) << committed.error().message;
    finalPath = *committed;
  }
  EXPECT_EQ(finalPath, dir / "20250131T120000Z-000001");
  EXPECT_EQ(modeOf(finalPath), 0700U);
  EXPECT_EQ(modeOf(finalPath / kManifestFile), 0600U);
  EXPECT_EQ(modeOf(finalPath / kManifestAuthFile), 0600U);
  EXPECT_FALSE(fs::exists(dir / (std::string(kTempPrefix) + "20250131T120000Z-000001-" + std::to_string(::getpid()))));

  {
    auto abandoned = SnapshotWriter::begin(dir, "20250131T120000Z-000002");
    ASSERT_TRUE(abandoned.ok());
    ASSERT_TRUE(fs::exists(abandoned->tempPath()));
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".tmp-")) << "an abandoned writer must clean up";
  }
}

TEST(SnapshotStorage, ACreatedSnapshotDirectoryIsPrivateAndIgnoredByGit) {
  auto temp = TempDir::create("sluice-snap-test-");
  ASSERT_TRUE(temp.ok());
  ::umask(022);
  // The default place: .sluice/snapshots inside a project, neither folder there yet.
  fs::path dir = temp->path() / "project" / ".sluice" / "snapshots";
  ASSERT_TRUE(createSnapshotDir(dir).ok());
  EXPECT_EQ(modeOf(temp->path() / "project"), 0700U);
  EXPECT_EQ(modeOf(temp->path() / "project" / ".sluice"), 0700U);
  EXPECT_EQ(modeOf(dir), 0700U);
  EXPECT_EQ(modeOf(dir / ".gitignore"), 0600U);
  auto ignore = readFile(dir / ".gitignore");
  ASSERT_TRUE(ignore.ok());
  EXPECT_NE(ignore->find("\n*\n"), std::string::npos) << *ignore;
  // The writer goes through the same door, and the .gitignore is no snapshot.
  auto writer = SnapshotWriter::begin(temp->path() / "other", "20250131T120000Z-000001");
  ASSERT_TRUE(writer.ok());
  EXPECT_TRUE(fs::exists(temp->path() / "other" / ".gitignore"));
  EXPECT_TRUE(listSnapshots(dir)->empty());
  EXPECT_TRUE(leftovers(dir).empty());

  // The default folder an older sluice made, without a .gitignore, gets one.
  fs::path old = temp->path() / "old-project" / ".sluice" / "snapshots";
  fs::create_directories(old);
  ASSERT_TRUE(createSnapshotDir(old).ok());
  EXPECT_TRUE(fs::exists(old / ".gitignore"));

  // A directory the user made is left as it is.
  fs::path own = temp->path() / "backups";
  fs::create_directories(own);
  fs::permissions(own, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
  ASSERT_TRUE(createSnapshotDir(own).ok());
  EXPECT_FALSE(fs::exists(own / ".gitignore"));
  EXPECT_EQ(modeOf(own), 0750U);

  ASSERT_TRUE(writeFileAtomically(temp->path() / "file", "x", {0600, false}).ok());
  auto notDir = createSnapshotDir(temp->path() / "file");
  ASSERT_FALSE(notDir.ok());
  EXPECT_NE(notDir.error().message.find("not a directory"), std::string::npos) << notDir.error().message;
}

TEST(SnapshotStorage, LatestIsTheNewestByCreationTimeNotByName) {
  auto temp = TempDir::create("sluice-snap-test-");
  ASSERT_TRUE(temp.ok());
  fs::path dir = temp->path();
  // A snapshot whose id sorts last was created first (an id minted on a machine whose
  // clock was ahead, or a directory copied in); the manifest's time decides.
  auto write = [&](const std::string& id, const std::string& createdAt) {
    Manifest manifest;
    manifest.formatVersion = kFormatVersion;
    manifest.id = id;
    manifest.createdAt = createdAt;
    const std::string hash(64, 'a');
    manifest.files = {FileEntry{"schema-pre.sql", kRoleSchemaPre, 1, hash, 1, {}},
                      FileEntry{"schema-post.sql", kRoleSchemaPost, 1, hash, 1, {}},
                      FileEntry{"sequences.sql", kRoleSequences, 1, hash, 1, {}}};
    manifest.sequencesFile = "sequences.sql";
    fs::create_directories(dir / id);
    ASSERT_TRUE(writeFileAtomically(dir / id / kManifestFile, toJson(manifest), {0600, false}).ok());
  };
  write("20250109T000000Z-aaaaaa", "2025-01-01T00:00:00.000Z");
  write("20250102T000000Z-bbbbbb", "2025-01-02T00:00:00.000Z");
  auto all = listSnapshots(dir);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2U);
  ASSERT_TRUE(all->back().manifest.has_value()) << all->back().problem;
  EXPECT_EQ(all->back().id, "20250102T000000Z-bbbbbb");
  EXPECT_EQ(resolveSnapshot(dir, "latest")->filename(), "20250102T000000Z-bbbbbb");
}

TEST(SnapshotStorage, ListingResolvingAndLeftovers) {
  auto temp = TempDir::create("sluice-snap-test-");
  ASSERT_TRUE(temp.ok());
  fs::path dir = temp->path();
  for (const char* id : {"20250101T000000Z-aaaaaa", "20250102T000000Z-bbbbbb", "20250102T000000Z-bbbccc"}) {
    fs::create_directories(dir / id);
  }
  // A dead writer's directory, a live one's (this process) and a half-deleted one.
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  fs::create_directories(dir / (".tmp-20250103T000000Z-dddddd-" + std::to_string(child)));
  fs::create_directories(dir / (".tmp-20250103T000000Z-eeeeee-" + std::to_string(::getpid())));
  fs::create_directories(dir / ".deleting-20241231T000000Z-ffffff");

  auto all = listSnapshots(dir);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3U);
  EXPECT_EQ(all->front().id, "20250101T000000Z-aaaaaa");
  EXPECT_FALSE(all->front().manifest.has_value());
  EXPECT_EQ(all->front().problem, "no readable manifest");

  EXPECT_EQ(resolveSnapshot(dir, "latest")->filename(), "20250102T000000Z-bbbccc");
  EXPECT_EQ(resolveSnapshot(dir, "20250101")->filename(), "20250101T000000Z-aaaaaa");
  EXPECT_EQ(resolveSnapshot(dir, "20250102T000000Z-bbbbbb")->filename(), "20250102T000000Z-bbbbbb");
  auto ambiguous = resolveSnapshot(dir, "20250102T000000Z-bbb");
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.error().message.find("matches 2"), std::string::npos);
  EXPECT_FALSE(resolveSnapshot(dir, "2030").ok());

  auto left = leftovers(dir);
  ASSERT_EQ(left.size(), 2U);
  EXPECT_EQ(left[0].path.filename(), ".deleting-20241231T000000Z-ffffff");
  EXPECT_EQ(left[1].pid, child);

  ASSERT_TRUE(removeSnapshot(dir / "20250101T000000Z-aaaaaa").ok());
  EXPECT_FALSE(fs::exists(dir / "20250101T000000Z-aaaaaa"));
  EXPECT_EQ(listSnapshots(dir)->size(), 2U);
}

TEST(SnapshotFiles, WrittenFilesReadBackAndDamageIsNamed) {
  auto temp = TempDir::create("sluice-snap-test-");
  ASSERT_TRUE(temp.ok());
  Key key{};
  key.fill(3);
  for (const Key* dataKey : {static_cast<const Key*>(nullptr), static_cast<const Key*>(&key)}) {
    fs::path dir = temp->path() / (dataKey != nullptr ? "enc" : "plain");
    fs::create_directories(dir);
    FileEncoding encoding;
    encoding.dataKey = dataKey;
    encoding.chunkSize = kMinChunkSize;
    std::string name = "data-00001.copy" + fileExtension(dataKey != nullptr);
    auto file = FileSink::create(dir / name);
    ASSERT_TRUE(file.ok());
    auto writer = SnapshotFileWriter::create(std::move(*file), name, kRoleTableData, encoding);
    ASSERT_TRUE(writer.ok());
    std::string plaintext = rows(2000);
    ASSERT_TRUE((*writer)->write(plaintext).ok());
    auto entry = (*writer)->finish();
    ASSERT_TRUE(entry.ok());
    EXPECT_EQ(entry->plainBytes, plaintext.size());
    EXPECT_EQ(entry->fileId.empty(), dataKey == nullptr);

    // The snapshot `dir` of the store at temp: the file is read the way restore reads it.
    auto store = localStore(temp->path());
    std::string snapshotName = dir.filename().string();
    Collect back;
    LineCountingSink counter(back);
    ASSERT_TRUE(readSnapshotFile(*store, snapshotName, *entry, dataKey, counter).ok());
    EXPECT_EQ(back.out, plaintext);
    EXPECT_EQ(counter.lines(), 2000U);
    EXPECT_TRUE(authenticateSnapshotFile(*store, snapshotName, *entry, dataKey).ok());

    std::string original = *readFile(dir / name);
    auto expectFailure = [&](const std::string& contents, const std::string& words) {
      ASSERT_TRUE(writeFileAtomically(dir / name, contents).ok());
      Collect sink;
      Status full = readSnapshotFile(*store, snapshotName, *entry, dataKey, sink);
      ASSERT_FALSE(full.ok()) << words;
      EXPECT_EQ(full.error().code, ErrorCode::Snapshot);
      EXPECT_NE(full.error().message.find(name), std::string::npos) << full.error().message;
      EXPECT_NE(full.error().message.find(words), std::string::npos) << full.error().message;
      EXPECT_FALSE(authenticateSnapshotFile(*store, snapshotName, *entry, dataKey).ok()) << words;
    };
    std::string flipped = original;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 1);
    expectFailure(flipped, dataKey != nullptr ? "authentication failed" : "checksum mismatch");
    expectFailure(original.substr(0, original.size() - 100), "truncated");
    fs::remove(dir / name);
    Collect sink;
    Status missing = readSnapshotFile(*store, snapshotName, *entry, dataKey, sink);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().message.find("missing"), std::string::npos);
  }
}

}  // namespace
}  // namespace sluice::snapshot
