// Snapshots in an S3-compatible bucket, against a real local server (s3rver from npm,
// installed by ci/setup, started here on 127.0.0.1 with a request log by
// tests/s3/s3rver_logged.cjs; path-style addressing, SigV4): every snapshot command, an
// interrupted and a killed upload, a damaged object, wrong credentials, a missing
// bucket, the offsite copy of local snapshots, deploy restoring from the bucket, and
// metrics files checked by promtool.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/local_port.hpp"
#include "common/temp_dir.hpp"
#include "snapshot/s3_client.hpp"
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
    fs::path script = fs::path(SLUICE_SOURCE_DIR) / "tests/s3/s3rver_logged.cjs";
    if (!fs::exists(fs::path(SLUICE_SOURCE_DIR) / "tests/s3/node_modules/s3rver")) {
      return "s3rver is missing from tests/s3/node_modules: run ci/setup";
    }
    // Its request log shows the multipart aborts, which s3rver answers with 405
    // instead of carrying out.
    SpawnOptions options;
    options.stdoutMode = StreamMode::Null;
    options.stderrMode = StreamMode::Null;
    auto child = ChildProcess::spawn({SLUICE_NODE, script.string(), requestLog().string(),
                                      (storage_->path() / "data").string(), std::to_string(port_), kBucket},
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
    prefix_ = std::string("s3://") + kBucket + "/" + testName();
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
  [[nodiscard]] static fs::path bucketDir() { return storage_->path() / "data" / kBucket; }
  [[nodiscard]] static fs::path requestLog() { return storage_->path() / "requests.log"; }
  [[nodiscard]] static std::string testName() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }
  [[nodiscard]] fs::path objectsOf(const std::string& id) const { return bucketDir() / testName() / id; }
  // Every object under this test's prefix, as the bucket lists them (ListObjectsV2).
  [[nodiscard]] static std::vector<std::string> listedObjects() {
    config::S3Section settings;
    settings.endpoint = "http://127.0.0.1:" + std::to_string(port_);
    settings.region = "us-east-1";
    settings.pathStyle = true;
    snapshot::S3Client client(settings, {"S3RVER", Secret("S3RVER"), std::nullopt}, kBucket);
    auto objects = client.list(testName() + "/");
    EXPECT_TRUE(objects.ok()) << objects.error().message;
    std::vector<std::string> keys;
    if (objects) {
      for (const snapshot::S3Object& object : *objects) keys.push_back(object.key);
    }
    return keys;
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

// What `promtool check metrics` (Prometheus's own parser of the text format and its
// lint rules; Debian's prometheus package, unpacked by ci/setup) says of a metrics file:
// empty when it parses and is clean.
std::string promtoolProblems(const fs::path& file) {
  auto text = readFile(file);
  if (!text) return text.error().message;
  SpawnOptions options;
  options.stdinMode = StreamMode::Pipe;
  auto checked = runProcess({SLUICE_PROMTOOL, "check", "metrics"}, options, *text);
  if (!checked) return std::string(SLUICE_PROMTOOL) + ": " + checked.error().message + " (run ci/setup)";
  if (checked->exitCode == 0 && checked->out.empty() && checked->err.empty()) return {};
  return "promtool exit " + std::to_string(checked->exitCode) + ": " + checked->out + checked->err;
}

// The value of one sample (`name{labels}` exactly as written), or "" when absent.
std::string sampleValue(const fs::path& file, const std::string& sample) {
  auto text = readFile(file);
  if (!text) return {};
  for (std::string_view line : split(*text, '\n')) {
    if (line.starts_with(sample + " ")) return std::string(line.substr(sample.size() + 1));
  }
  return {};
}

// A metrics file that node_exporter may read at any moment: the old one is replaced
// whole by a rename (a new inode), readable by others, with no temporary file left
// beside it. `stale` is the inode of the file the test put there before the run.
void expectReplacedAtomically(const fs::path& file, ino_t stale) {
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0) << file;
  EXPECT_NE(info.st_ino, stale) << "the metrics file is renamed into place, not rewritten: " << file;
  EXPECT_EQ(info.st_mode & 0777U, 0644U) << file;
  for (const auto& entry : fs::directory_iterator(file.parent_path())) {
    EXPECT_TRUE(entry.path().extension() == ".prom") << "left beside the metrics files: " << entry.path();
  }
  EXPECT_EQ(promtoolProblems(file), "") << file;
}

// Puts a stale metrics file at `file` and returns its inode.
ino_t staleMetrics(const fs::path& file) {
  fs::create_directories(file.parent_path());
  EXPECT_TRUE(writeFileAtomically(file, "stale 1\n", {0644, false}).ok());
  struct stat info {};
  EXPECT_EQ(::stat(file.c_str(), &info), 0);
  return info.st_ino;
}

TEST_F(SnapshotS3, CreateListVerifyRestorePruneInABucket) {
  ConnectionSettings db = richDatabase("snap_s3", 20000);
  DatabaseState before = databaseState(db);
  std::string key(64, 'b');
  std::vector<std::pair<std::string, std::string>> env = kCredentials;
  env.emplace_back("SLUICE_SNAPSHOT_KEY", key);

  fs::path createMetrics = project_->path() / "metrics" / "create.prom";
  ino_t staleCreate = staleMetrics(createMetrics);
  ProcessResult created = sluice({"snapshot", "create", "--snapshot-dir", prefix_, "--database-url", db.keywordString(),
                                  "--json", "--metrics-file", createMetrics.string()},
                                 env);
  ASSERT_EQ(created.exitCode, 0) << created.err;
  std::string id = parsed(created)["id"];
  expectReplacedAtomically(createMetrics, staleCreate);
  EXPECT_EQ(sampleValue(createMetrics, R"(sluice_last_run_success{command="snapshot create"})"), "1");
  EXPECT_EQ(sampleValue(createMetrics, R"(sluice_snapshot_size_bytes{command="snapshot create"})"),
            std::to_string(parsed(created)["bytes"].get<std::uint64_t>()));
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
  fs::path restoreMetrics = project_->path() / "metrics" / "restore.prom";
  ino_t staleRestore = staleMetrics(restoreMetrics);
  // The objects are downloaded once into $TMPDIR, and that copy is gone afterwards.
  fs::path tmp = project_->path() / "tmp";
  fs::create_directories(tmp);
  std::vector<std::pair<std::string, std::string>> restoreEnv = env;
  restoreEnv.emplace_back("TMPDIR", tmp.string());
  ProcessResult restored = sluice({"snapshot", "restore", id, "--snapshot-dir", prefix_, "--database-url",
                                   db.keywordString(), "--yes", "--metrics-file", restoreMetrics.string()},
                                  restoreEnv);
  ASSERT_EQ(restored.exitCode, 0) << restored.out << restored.err;
  EXPECT_EQ(databaseState(db), before);
  EXPECT_NE(restored.out.find("(downloaded in "), std::string::npos) << restored.out;
  EXPECT_TRUE(fs::is_empty(tmp)) << "the downloaded copy is removed";
  expectReplacedAtomically(restoreMetrics, staleRestore);
  EXPECT_EQ(sampleValue(restoreMetrics, R"(sluice_restore_success{command="snapshot restore"})"), "1");
  EXPECT_EQ(sampleValue(restoreMetrics, R"(sluice_last_run_exit_code{command="snapshot restore"})"), "0");

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

// Ctrl-C (SIGINT) in the middle of a multipart upload: sluice stops, aborts its
// uploads, deletes the objects it completed and exits 2; then SIGKILL, which leaves
// objects but no manifest. Either way no snapshot is listed or restorable. Last, Ctrl-C
// during a restore from the bucket.
TEST_F(SnapshotS3, AnInterruptedOrKilledUploadLeavesNoVisibleSnapshot) {
  ConnectionSettings db = richDatabase("snap_s3_kill", 2000);
  // 24 MB of random bytes: a data file that does not compress, three 8 MiB parts.
  execute(db, "CREATE TABLE noise AS SELECT g, gen_random_bytes(1024) AS bytes FROM generate_series(1, 24000) g");
  std::vector<std::string> argv{SLUICE_BINARY, "snapshot", "create",         "--snapshot-dir",  prefix_,
                                "--config",    config(),   "--database-url", db.keywordString()};
  SpawnOptions options;
  options.stdoutMode = StreamMode::Null;
  options.stderrMode = StreamMode::Pipe;
  options.unsetEnv = {"SLUICE_SNAPSHOT_KEY", "DATABASE_URL"};
  options.setEnv = kCredentials;
  fs::path prefixDir = bucketDir() / testName();

  auto interrupted = ChildProcess::spawn(argv, options);
  ASSERT_TRUE(interrupted.ok());
  // s3rver keeps an unfinished multipart upload in a folder of its own, holding its key
  // and its parts: Ctrl-C once the first part of one of ours has arrived.
  fs::path uploads = bucketDir() / "._S3rver_uploads";
  auto ourUploads = [&] {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(uploads, ec)) {
      auto key = readFile(entry.path() / "key");
      if (key && key->starts_with(testName() + "/")) out.push_back(entry.path());
    }
    return out;
  };
  auto partSent = [&] {
    auto started = ourUploads();
    return std::any_of(started.begin(), started.end(), [](const fs::path& dir) { return fs::exists(dir / "1"); });
  };
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!partSent() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  interrupted->kill(SIGINT);
  ProcessResult stopped = interrupted->communicate();
  ASSERT_TRUE(partSent()) << "no multipart upload started: " << stopped.err;
  EXPECT_EQ(stopped.exitCode, 2) << stopped.err;
  EXPECT_NE(stopped.err.find("snapshot interrupted"), std::string::npos) << stopped.err;
  EXPECT_TRUE(listedObjects().empty()) << "the objects it had completed are deleted";
  // s3rver 3.7.1 implements neither AbortMultipartUpload (it answers 405) nor
  // ListMultipartUploads: its request log shows that each upload left unfinished was aborted.
  std::string log = readFile(requestLog()).value();
  for (const fs::path& upload : ourUploads()) {
    std::string abort = "DELETE /" + std::string(kBucket) + "/" + readFile(upload / "key").value() +
                        "?uploadId=" + upload.filename().string() + " ";
    EXPECT_NE(log.find(abort), std::string::npos) << abort;
  }
  ProcessResult listAfterInterrupt = sluice({"snapshot", "list", "--snapshot-dir", prefix_});
  ASSERT_EQ(listAfterInterrupt.exitCode, 0) << listAfterInterrupt.err;
  EXPECT_NE(listAfterInterrupt.out.find("no snapshots"), std::string::npos) << listAfterInterrupt.out;

  options.stderrMode = StreamMode::Null;
  auto killed = ChildProcess::spawn(argv, options);
  ASSERT_TRUE(killed.ok());
  // The first file reaches the bucket (the schema, or a small table) while the rest is still being written.
  deadline = std::chrono::steady_clock::now() + 60s;
  while (filesBelow(prefixDir).empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  killed->kill(SIGKILL);
  killed->communicate();
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

  // Ctrl-C while a restore downloads (or, if the download won the race, restores): the
  // database is untouched and the downloaded copy removed.
  ProcessResult complete =
      sluice({"snapshot", "create", "--snapshot-dir", prefix_, "--database-url", db.keywordString(), "-q"});
  ASSERT_EQ(complete.exitCode, 0) << complete.err;
  execute(db, "DELETE FROM noise WHERE g % 2 = 0");
  DatabaseState changed = databaseState(db);
  fs::path tmp = project_->path() / "tmp";
  fs::create_directories(tmp);
  SpawnOptions restoring = options;
  restoring.stderrMode = StreamMode::Pipe;
  restoring.setEnv.emplace_back("TMPDIR", tmp.string());
  auto restorer = ChildProcess::spawn({SLUICE_BINARY, "snapshot", "restore", "latest", "--snapshot-dir", prefix_,
                                       "--config", config(), "--database-url", db.keywordString(), "--yes"},
                                      restoring);
  ASSERT_TRUE(restorer.ok());
  deadline = std::chrono::steady_clock::now() + 60s;
  while (filesBelow(tmp).empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  restorer->kill(SIGINT);
  ProcessResult cancelled = restorer->communicate();
  EXPECT_EQ(cancelled.exitCode, 2) << cancelled.err;
  EXPECT_NE(cancelled.err.find("restore interrupted"), std::string::npos) << cancelled.err;
  EXPECT_TRUE(cancelled.err.find("the database was not touched") != std::string::npos ||
              cancelled.err.find("the restore was rolled back") != std::string::npos)
      << cancelled.err;
  EXPECT_EQ(databaseState(db), changed);
  EXPECT_TRUE(fs::is_empty(tmp)) << "the downloaded copy is removed";
}

TEST_F(SnapshotS3, ADamagedObjectIsRefusedBeforeTheDatabaseIsTouched) {
  ConnectionSettings db = richDatabase("snap_s3_bad", 3000);
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
  ConnectionSettings db = richDatabase("snap_s3_offsite", 2000);
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

// `sluice deploy` with its snapshot in the bucket: a migration fails after two committed,
// and the database (its history table included) comes back from the bucket (exit 4);
// then with a local snapshot directory and `offsite` in the bucket, a deploy that
// succeeds leaves its snapshot in both places.
TEST_F(SnapshotS3, DeployRestoresFromTheBucketAndCopiesOffsite) {
  ConnectionSettings db = freshDatabase("snap_s3_deploy");
  Project project;
  project.file("0001_accounts.sql",
               "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n"
               "INSERT INTO accounts (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 500) g;\n");
  std::vector<std::string> deploy{"deploy",           "--dir",         project.dir().string(), "--database-url",
                                  db.keywordString(), "--no-lint-gate"};
  auto deployWith = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = deploy;
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<std::pair<std::string, std::string>> env = kCredentials;
    env.emplace_back("SLUICE_SNAPSHOT_KEY", std::string(64, 'd'));
    return sluice(args, env);
  };
  ProcessResult first = deployWith({"--no-snapshot"});
  ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
  execute(db, "INSERT INTO accounts (email) VALUES ('written@by.the.app')");
  DatabaseState before = databaseState(db);
  project.file("0002_orders.sql",
               "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
               "  account_id bigint NOT NULL REFERENCES accounts (id));\n"
               "INSERT INTO orders (account_id) SELECT id FROM accounts;\n");
  project.file("0003_emails.sql", "UPDATE accounts SET email = upper(email);\n");
  project.file("0004_broken.sql", "ALTER TABLE accounts ADD COLUMN nickname text;\nSELECT * FROM no_such_table;\n");

  fs::path failedMetrics = project_->path() / "metrics" / "deploy.prom";
  ino_t stale = staleMetrics(failedMetrics);
  ProcessResult failed = deployWith({"--snapshot-dir", prefix_, "--metrics-file", failedMetrics.string()});
  EXPECT_EQ(failed.exitCode, 4) << failed.out << failed.err;
  EXPECT_NE(failed.out.find("snapshot to " + prefix_ + ", zstd level"), std::string::npos) << failed.out;
  EXPECT_NE(failed.err.find("0004_broken failed"), std::string::npos) << failed.err;
  EXPECT_EQ(databaseState(db), before) << "schema, rows and sequences are back from the bucket";
  EXPECT_EQ(recordedMigrations(db), "0001_accounts");
  ProcessResult listed = sluice({"snapshot", "list", "--snapshot-dir", prefix_, "--json"});
  ASSERT_EQ(listed.exitCode, 0) << listed.err;
  ASSERT_EQ(parsed(listed).size(), 1U) << listed.out;
  std::string restoredId = parsed(listed)[0]["id"];
  EXPECT_EQ(parsed(listed)[0]["reason"], "before deploy of 3 migrations: 0002_orders..0004_broken");
  EXPECT_TRUE(parsed(listed)[0]["encrypted"].get<bool>());
  EXPECT_NE(failed.out.find("snapshot " + restoredId + " restored"), std::string::npos) << failed.out;
  expectReplacedAtomically(failedMetrics, stale);
  EXPECT_EQ(sampleValue(failedMetrics, R"(sluice_last_run_exit_code{command="deploy"})"), "4");
  EXPECT_EQ(sampleValue(failedMetrics, R"(sluice_restore_success{command="deploy"})"), "1");
  EXPECT_EQ(sampleValue(failedMetrics, "sluice_deploy_migrations_pending"), "3");

  project.file("0004_broken.sql", "ALTER TABLE accounts ADD COLUMN nickname text;\n");
  writeConfig("dir = \"local\"\noffsite = \"" + prefix_ + "\"\n");
  ProcessResult succeeded = deployWith({});
  ASSERT_EQ(succeeded.exitCode, 0) << succeeded.out << succeeded.err;
  EXPECT_NE(succeeded.out.find(" and " + prefix_ + ", zstd level"), std::string::npos) << succeeded.out;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM sluice_migrations"), "4");
  ProcessResult both = sluice({"snapshot", "list", "--snapshot-dir", prefix_, "--json"});
  ASSERT_EQ(both.exitCode, 0) << both.err;
  ASSERT_EQ(parsed(both).size(), 2U) << both.out;
  std::string copiedId = parsed(both)[1]["id"];
  EXPECT_NE(copiedId, restoredId);
  EXPECT_TRUE(fs::is_directory(project_->path() / "local" / copiedId)) << "and kept locally for a fast restore";
  ProcessResult verified = sluice({"snapshot", "verify", copiedId, "--snapshot-dir", prefix_, "--json"},
                                  {{"AWS_ACCESS_KEY_ID", "S3RVER"},
                                   {"AWS_SECRET_ACCESS_KEY", "S3RVER"},
                                   {"SLUICE_SNAPSHOT_KEY", std::string(64, 'd')}});
  ASSERT_EQ(verified.exitCode, 0) << verified.out << verified.err;
  EXPECT_TRUE(parsed(verified)["ok"].get<bool>());
}

}  // namespace
}  // namespace sluice::testing
