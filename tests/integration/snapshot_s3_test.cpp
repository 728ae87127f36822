// Snapshots in an S3-compatible bucket, against a real local server (s3rver from npm,
// installed by ci/setup, started here on 127.0.0.1 with path-style addressing and
// SigV4): every snapshot command, a killed upload, a damaged object, wrong
// credentials, a missing bucket and the offsite copy of local snapshots.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/local_port.hpp"
#include "common/temp_dir.hpp"
#include "tests/integration/snapshot_helpers.hpp"

namespace sluice::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kBucket = "snaps";
// s3rver's fixed credentials; it rejects other key ids.
const std::vector<std::pair<std::string, std::string>> kCredentials{{"AWS_ACCESS_KEY_ID", "S3RVER"},
                                                                    {"AWS_SECRET_ACCESS_KEY", "S3RVER"}};

bool accepting(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

// Every file below `dir` (s3rver keeps each object as files named after its key).
std::vector<fs::path> filesBelow(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) out.push_back(entry.path());
  }
  return out;
}

class SnapshotS3 : public ::testing::Test {
 protected:
  // A fatal failure here would make gtest (and ctest) report every test as skipped: the
  // reason is kept instead, and each test fails with it in SetUp.
  static void SetUpTestSuite() { startError_ = startServer(); }
  static std::string startServer() {
    storage_ = new TempDir(orThrowTest(TempDir::create("sluice-s3rver-")));
    auto port = freeLocalPort();
    if (!port.ok()) return port.error().message;
    port_ = *port;
    fs::path binary = fs::path(SLUICE_SOURCE_DIR) / "tests/s3/node_modules/.bin/s3rver";
    if (!fs::exists(binary)) return binary.string() + " is missing: run ci/setup";
    SpawnOptions options;
    options.stdoutMode = StreamMode::Null;
    options.stderrMode = StreamMode::Null;
    auto child = ChildProcess::spawn({binary.string(), "-d", storage_->path().string(), "-a", "127.0.0.1", "-p",
                                      std::to_string(port_), "--configure-bucket", kBucket, "--silent"},
                                     options);
    if (!child.ok()) return child.error().message;
    server_ = new ChildProcess(std::move(*child));
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!accepting(port_) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
    return accepting(port_) ? std::string() : "s3rver did not accept connections within 20 s";
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) {
      server_->kill(SIGTERM);
      server_->communicate();
    }
    delete server_;
    delete storage_;
  }
  template <class T>
  static T orThrowTest(Expected<T> value) {
    if (!value) throw std::runtime_error(value.error().message);
    return std::move(*value);
  }

  void SetUp() override {
    ASSERT_TRUE(startError_.empty()) << startError_;
    auto project = TempDir::create("sluice-s3-project-");
    ASSERT_TRUE(project.ok());
    project_.emplace(std::move(*project));
    prefix_ = std::string("s3://") + kBucket + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    writeConfig("");
  }
  void writeConfig(const std::string& snapshotSection) {
    std::string text = "[snapshot]\n" + snapshotSection +
                       "keep_last = 1\n[snapshot.s3]\nendpoint = \"http://127.0.0.1:" + std::to_string(port_) +
                       "\"\nregion = \"us-east-1\"\npath_style = true\n";
    ASSERT_TRUE(writeFileAtomically(config(), text, {0644, false}).ok());
  }
  [[nodiscard]] std::string config() const { return (project_->path() / ".sluice.toml").string(); }
  ProcessResult sluice(std::vector<std::string> args,
                       const std::vector<std::pair<std::string, std::string>>& env = kCredentials) const {
    args.insert(args.end(), {"--config", config()});
    return runSluice(args, env);
  }
  [[nodiscard]] fs::path objectsOf(const std::string& id) const {
    return storage_->path() / kBucket / ::testing::UnitTest::GetInstance()->current_test_info()->name() / id;
  }

  static TempDir* storage_;
  static ChildProcess* server_;
  static int port_;
  static std::string startError_;
  std::optional<TempDir> project_;
  std::string prefix_;
};
TempDir* SnapshotS3::storage_ = nullptr;
ChildProcess* SnapshotS3::server_ = nullptr;
int SnapshotS3::port_ = 0;
std::string SnapshotS3::startError_;

json parsed(const ProcessResult& result) {
  json value = json::parse(result.out, nullptr, false);
  EXPECT_FALSE(value.is_discarded()) << result.out << result.err;
  return value;
}

TEST_F(SnapshotS3, CreateListVerifyRestorePruneInABucket) {
  ConnectionSettings db = freshDatabase("snap_s3");
  execute(db, richDatabaseSql(20000));
  DatabaseState before = databaseState(db);
  std::string key(64, 'b');
  std::vector<std::pair<std::string, std::string>> env = kCredentials;
  env.emplace_back("SLUICE_SNAPSHOT_KEY", key);

  ProcessResult created =
      sluice({"snapshot", "create", "--snapshot-dir", prefix_, "--database-url", db.keywordString(), "--json"}, env);
  ASSERT_EQ(created.exitCode, 0) << created.err;
  std::string id = parsed(created)["id"];
  EXPECT_EQ(parsed(created)["path"], prefix_ + "/" + id);
  EXPECT_TRUE(fs::exists(objectsOf(id))) << "the objects are in the bucket under the prefix";
  // The bucket holds ciphertext only.
  for (const fs::path& file : filesBelow(objectsOf(id))) {
    std::ifstream in(file, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(content.find("CREATE TABLE"), std::string::npos) << file;
  }

  ProcessResult list = sluice({"snapshot", "list", "--snapshot-dir", prefix_, "--json"}, env);
  ASSERT_EQ(list.exitCode, 0) << list.err;
  ASSERT_EQ(parsed(list).size(), 1U);
  EXPECT_EQ(parsed(list)[0]["id"], id);
  EXPECT_EQ(parsed(list)[0]["database"], db.database());

  ProcessResult verify = sluice({"snapshot", "verify", "latest", "--snapshot-dir", prefix_, "--json"}, env);
  ASSERT_EQ(verify.exitCode, 0) << verify.out << verify.err;
  EXPECT_TRUE(parsed(verify)["ok"].get<bool>());

  execute(db, kMutationsSql);
  ProcessResult restored = sluice(
      {"snapshot", "restore", id, "--snapshot-dir", prefix_, "--database-url", db.keywordString(), "--yes"}, env);
  ASSERT_EQ(restored.exitCode, 0) << restored.out << restored.err;
  EXPECT_EQ(databaseState(db), before);

  ProcessResult second =
      sluice({"snapshot", "create", "--snapshot-dir", prefix_, "--database-url", db.keywordString(), "-q"}, env);
  ASSERT_EQ(second.exitCode, 0) << second.err;
  std::string secondId(trim(second.out));
  ProcessResult prune = sluice({"snapshot", "prune", "--snapshot-dir", prefix_}, env);
  ASSERT_EQ(prune.exitCode, 0) << prune.err;
  EXPECT_NE(prune.out.find("removed " + id), std::string::npos) << prune.out;
  EXPECT_FALSE(fs::exists(objectsOf(id))) << "prune deletes every object of the snapshot";
  ProcessResult after = sluice({"snapshot", "list", "--snapshot-dir", prefix_, "--json"}, env);
  ASSERT_EQ(parsed(after).size(), 1U);
  EXPECT_EQ(parsed(after)[0]["id"], secondId);
  for (const ProcessResult* result : {&created, &list, &verify, &restored, &prune}) {
    EXPECT_EQ(result->out.find("S3RVER"), std::string::npos) << "credentials never appear in output";
    EXPECT_EQ(result->err.find("S3RVER"), std::string::npos);
  }
}

TEST_F(SnapshotS3, AKilledUploadLeavesNoVisibleSnapshot) {
  ConnectionSettings db = freshDatabase("snap_s3_kill");
  execute(db, richDatabaseSql(400000));
  std::vector<std::string> argv{SLUICE_BINARY, "snapshot", "create",         "--snapshot-dir",  prefix_,
                                "--config",    config(),   "--database-url", db.keywordString()};
  SpawnOptions options;
  options.stdoutMode = StreamMode::Null;
  options.stderrMode = StreamMode::Null;
  options.unsetEnv = {"SLUICE_SNAPSHOT_KEY", "DATABASE_URL"};
  options.setEnv = kCredentials;
  auto child = ChildProcess::spawn(argv, options);
  ASSERT_TRUE(child.ok());
  fs::path prefixDir = storage_->path() / kBucket / "AKilledUploadLeavesNoVisibleSnapshot";
  // The first file reaches the bucket (the schema, or a small table) while the rest is still being written.
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (filesBelow(prefixDir).empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  child->kill(SIGKILL);
  child->communicate();
  ASSERT_FALSE(filesBelow(prefixDir).empty()) << "the upload never started";
  for (const fs::path& file : filesBelow(prefixDir)) {
    EXPECT_EQ(file.string().find("manifest.json"), std::string::npos) << "the manifest is written last: " << file;
  }
  ProcessResult list = sluice({"snapshot", "list", "--snapshot-dir", prefix_});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  EXPECT_NE(list.out.find("no snapshots"), std::string::npos) << list.out;
  ProcessResult restore = sluice(
      {"snapshot", "restore", "latest", "--snapshot-dir", prefix_, "--database-url", db.keywordString(), "--yes"});
  EXPECT_EQ(restore.exitCode, 2) << restore.err;
}

TEST_F(SnapshotS3, ADamagedObjectIsRefusedBeforeTheDatabaseIsTouched) {
  ConnectionSettings db = freshDatabase("snap_s3_bad");
  execute(db, richDatabaseSql(3000));
  ProcessResult created =
      sluice({"snapshot", "create", "--snapshot-dir", prefix_, "--database-url", db.keywordString(), "-q"});
  ASSERT_EQ(created.exitCode, 0) << created.err;
  std::string id(trim(created.out));
  execute(db, kMutationsSql);
  DatabaseState mutated = databaseState(db);
  bool damaged = false;
  for (const fs::path& file : filesBelow(objectsOf(id))) {
    std::string name = file.filename().string();
    if (name.starts_with("data-00001") && name.ends_with("._S3rver_object")) {
      std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
      out.seekp(20);
      out.put('\x5a');
      damaged = true;
    }
  }
  ASSERT_TRUE(damaged) << "s3rver's object file for data-00001 not found";
  ProcessResult restore =
      sluice({"snapshot", "restore", id, "--snapshot-dir", prefix_, "--database-url", db.keywordString(), "--yes"});
  EXPECT_EQ(restore.exitCode, 2) << restore.out << restore.err;
  EXPECT_NE(restore.err.find("data-00001"), std::string::npos) << restore.err;
  EXPECT_NE(restore.err.find("checksum mismatch"), std::string::npos) << restore.err;
  EXPECT_EQ(databaseState(db), mutated) << "nothing is touched";
}

TEST_F(SnapshotS3, WrongCredentialsAndAMissingBucketAreClearErrors) {
  ProcessResult wrong = sluice({"snapshot", "list", "--snapshot-dir", prefix_},
                               {{"AWS_ACCESS_KEY_ID", "NOT-A-KEY"}, {"AWS_SECRET_ACCESS_KEY", "very-secret-value"}});
  EXPECT_EQ(wrong.exitCode, 3) << wrong.err;
  EXPECT_NE(wrong.err.find("S3 refused the credentials"), std::string::npos) << wrong.err;
  EXPECT_NE(wrong.err.find("InvalidAccessKeyId"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.err.find("very-secret-value"), std::string::npos) << wrong.err;

  ProcessResult missing = sluice({"snapshot", "list", "--snapshot-dir", "s3://no-such-bucket/x"});
  EXPECT_EQ(missing.exitCode, 2) << missing.err;
  EXPECT_NE(missing.err.find("the bucket `no-such-bucket` does not exist"), std::string::npos) << missing.err;

  ProcessResult none = sluice({"snapshot", "list", "--snapshot-dir", prefix_},
                              {{"AWS_SHARED_CREDENTIALS_FILE", (project_->path() / "none").string()}});
  EXPECT_EQ(none.exitCode, 2) << none.err;
  EXPECT_NE(none.err.find("no S3 credentials"), std::string::npos) << none.err;
}

TEST_F(SnapshotS3, CredentialsFromASharedCredentialsFileProfile) {
  fs::path file = project_->path() / "credentials";
  ASSERT_TRUE(writeFileAtomically(file,
                                  "[default]\naws_access_key_id = WRONG\naws_secret_access_key = x\n\n[ci]\n"
                                  "aws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n",
                                  {0600, false})
                  .ok());
  ProcessResult list = sluice({"snapshot", "list", "--snapshot-dir", prefix_},
                              {{"AWS_SHARED_CREDENTIALS_FILE", file.string()}, {"AWS_PROFILE", "ci"}});
  EXPECT_EQ(list.exitCode, 0) << list.err;
}

TEST_F(SnapshotS3, OffsiteCopiesEachSnapshotAndPruneAppliesToBoth) {
  ConnectionSettings db = freshDatabase("snap_s3_offsite");
  execute(db, richDatabaseSql(2000));
  writeConfig("dir = \"local\"\noffsite = \"" + prefix_ + "\"\n");
  std::vector<std::string> ids;
  for (int i = 0; i < 2; ++i) {
    ProcessResult created = sluice({"snapshot", "create", "--database-url", db.keywordString(), "--json"});
    ASSERT_EQ(created.exitCode, 0) << created.err;
    ids.push_back(parsed(created)["id"]);
    EXPECT_EQ(parsed(created)["offsite_path"], prefix_ + "/" + ids.back());
    EXPECT_TRUE(fs::is_directory(project_->path() / "local" / ids.back()));
  }
  ProcessResult remote = sluice({"snapshot", "verify", ids[0], "--snapshot-dir", prefix_, "--json"});
  ASSERT_EQ(remote.exitCode, 0) << remote.err;
  EXPECT_TRUE(parsed(remote)["ok"].get<bool>());

  ProcessResult prune = sluice({"snapshot", "prune", "--json"});
  ASSERT_EQ(prune.exitCode, 0) << prune.err;
  EXPECT_EQ(parsed(prune)["removed"][0]["id"], ids[0]);
  EXPECT_EQ(parsed(prune)["offsite"]["removed"][0]["id"], ids[0]);
  EXPECT_FALSE(fs::exists(project_->path() / "local" / ids[0]));
  ProcessResult listed = sluice({"snapshot", "list", "--snapshot-dir", prefix_, "--json"});
  ASSERT_EQ(parsed(listed).size(), 1U);
  EXPECT_EQ(parsed(listed)[0]["id"], ids[1]);
}

}  // namespace
}  // namespace sluice::testing
