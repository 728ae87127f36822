// Every kind of damage is refused before the database is touched: a flipped bit in a
// data file or in the manifest, a truncated, missing or swapped file, a wrong or
// missing key, a newer format version, a downgraded (unencrypted) snapshot. The
// database is exactly as it was, and the CLI exits 2 naming the file.

#include <gtest/gtest.h>

#include "common/temp_dir.hpp"
#include "snapshot/format.hpp"
#include "tests/integration/snapshot_helpers.hpp"

namespace sluice::testing {
namespace {

struct Damage {
  std::string name;
  bool encrypted;
  std::function<void(const fs::path& snapshot, const snapshot::Manifest& manifest)> apply;
  std::string expectedInMessage;                          // usually the damaged file's name
  std::optional<snapshot::MasterKey> key = std::nullopt;  // the key restore is given (default: the right one)
  bool useWrongKey = false;
};

void flipByte(const fs::path& file, std::size_t offset) {
  std::string contents = *readFile(file);
  ASSERT_LT(offset, contents.size());
  contents[offset] = static_cast<char>(contents[offset] ^ 0x10);
  ASSERT_TRUE(writeFileAtomically(file, contents, {0600, false}).ok());
}

std::string biggestDataFile(const snapshot::Manifest& manifest) {
  const snapshot::FileEntry* best = nullptr;
  for (const auto& file : manifest.files) {
    if (file.role == snapshot::kRoleTableData && (best == nullptr || file.bytes > best->bytes)) best = &file;
  }
  return best->name;
}

class SnapshotCorruption : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    database_ = new ConnectionSettings(freshDatabase("snap_corrupt"));
    execute(*database_, richDatabaseSql(20000));
    store_ = new TempDir(TempDir::create("sluice-snap-corrupt-").value());
    plain_ = new snapshot::SnapshotInfo(takeSnapshot(*database_, store_->path() / "plain"));
    encrypted_ = new snapshot::SnapshotInfo(takeSnapshot(*database_, store_->path() / "encrypted", testKey()));
    // After the snapshots the database moves on: a restore, even a partial one, would show.
    execute(*database_, kMutationsSql);
  }
  static void TearDownTestSuite() {
    delete plain_;
    delete encrypted_;
    delete store_;
    delete database_;
  }

  // A private copy of a pristine snapshot to damage.
  static fs::path copyOf(const snapshot::SnapshotInfo& info, const std::string& label) {
    fs::path target = store_->path() / "damaged" / label / info.id;
    fs::create_directories(target.parent_path());
    fs::copy(info.path, target, fs::copy_options::recursive);
    return target;
  }

  static ConnectionSettings* database_;
  static TempDir* store_;
  static snapshot::SnapshotInfo* plain_;
  static snapshot::SnapshotInfo* encrypted_;
};

ConnectionSettings* SnapshotCorruption::database_ = nullptr;
TempDir* SnapshotCorruption::store_ = nullptr;
snapshot::SnapshotInfo* SnapshotCorruption::plain_ = nullptr;
snapshot::SnapshotInfo* SnapshotCorruption::encrypted_ = nullptr;

TEST_F(SnapshotCorruption, EveryDamageIsRefusedBeforeTheDatabaseIsTouched) {
  DatabaseState before = databaseState(*database_);
  std::vector<Damage> damages;
  for (bool encrypted : {false, true}) {
    std::string kind = encrypted ? "encrypted " : "plain ";
    const snapshot::Manifest& m = (encrypted ? encrypted_ : plain_)->manifest;
    std::string data = biggestDataFile(m);
    damages.push_back(
        {kind + "flipped bit in a data file", encrypted,
         [data](const fs::path& s, const snapshot::Manifest&) { flipByte(s / data, fs::file_size(s / data) / 2); },
         data});
    damages.push_back(
        {kind + "flipped bit in the last bytes of a data file", encrypted,
         [data](const fs::path& s, const snapshot::Manifest&) { flipByte(s / data, fs::file_size(s / data) - 2); },
         data});
    damages.push_back({kind + "flipped bit in the schema", encrypted,
                       [](const fs::path& s, const snapshot::Manifest& manifest) {
                         std::string name = manifest.fileWithRole(snapshot::kRoleSchemaPre)->name;
                         flipByte(s / name, fs::file_size(s / name) / 2);
                       },
                       "schema-pre.sql"});
    damages.push_back({kind + "flipped bit in the manifest (still valid JSON)", encrypted,
                       [](const fs::path& s, const snapshot::Manifest&) {
                         std::string text = *readFile(s / snapshot::kManifestFile);
                         std::size_t at = text.find("\"relation_bytes\": ") + 18;
                         text[at] = text[at] == '1' ? '3' : '1';
                         ASSERT_TRUE(writeFileAtomically(s / snapshot::kManifestFile, text).ok());
                       },
                       "manifest"});
    damages.push_back({kind + "flipped bit in the manifest", encrypted,
                       [](const fs::path& s, const snapshot::Manifest&) { flipByte(s / snapshot::kManifestFile, 10); },
                       "manifest.json"});
    damages.push_back({kind + "truncated data file", encrypted,
                       [data](const fs::path& s, const snapshot::Manifest&) {
                         fs::resize_file(s / data, fs::file_size(s / data) - 1);
                       },
                       data});
    damages.push_back({kind + "missing data file", encrypted,
                       [data](const fs::path& s, const snapshot::Manifest&) { fs::remove(s / data); }, data});
    damages.push_back(
        {kind + "missing manifest authentication", encrypted,
         [](const fs::path& s, const snapshot::Manifest&) { fs::remove(s / snapshot::kManifestAuthFile); },
         "manifest.auth"});
    damages.push_back({kind + "swapped data files", encrypted,
                       [](const fs::path& s, const snapshot::Manifest& manifest) {
                         std::string a = manifest.tables.front().parts.front().file;
                         std::string b = manifest.tables.back().parts.front().file;
                         fs::rename(s / a, s / "swap");
                         fs::rename(s / b, s / a);
                         fs::rename(s / "swap", s / b);
                       },
                       "data-"});
    damages.push_back({kind + "a newer format version (correctly re-signed)", encrypted,
                       [encrypted](const fs::path& s, const snapshot::Manifest& manifest) {
                         std::string text = *readFile(s / snapshot::kManifestFile);
                         std::size_t at = text.find("\"format_version\": 1");
                         text.replace(at, 19, "\"format_version\": 2");
                         std::optional<snapshot::SnapshotKeys> keys;
                         if (encrypted) {
                           std::array<std::uint8_t, 32> salt{};
                           snapshot::hexDecode(manifest.encryption->salt, salt);
                           keys = snapshot::deriveSnapshotKeys(testKey(), salt);
                         }
                         ASSERT_TRUE(writeFileAtomically(s / snapshot::kManifestFile, text).ok());
                         ASSERT_TRUE(
                             writeFileAtomically(s / snapshot::kManifestAuthFile,
                                                 snapshot::manifestAuthLine(text, keys ? &keys->manifest : nullptr))
                                 .ok());
                       },
                       "format version 2"});
  }
  damages.push_back(
      {"wrong key", true, [](const fs::path&, const snapshot::Manifest&) {}, "wrong key", testKey('6'), true});
  damages.push_back({"files of another snapshot taken with the same key", true,
                     [&](const fs::path& s, const snapshot::Manifest& manifest) {
                       // Same database, same key, same file names: only the per-snapshot keys differ.
                       auto other = takeSnapshot(*database_, store_->path() / "other", testKey());
                       for (const auto& file : manifest.files) {
                         if (file.role != snapshot::kRoleTableData || other.manifest.file(file.name) == nullptr)
                           continue;
                         fs::copy_file(other.path / file.name, s / file.name, fs::copy_options::overwrite_existing);
                       }
                     },
                     "data-"});

  int index = 0;
  for (const Damage& damage : damages) {
    SCOPED_TRACE(damage.name);
    const snapshot::SnapshotInfo& pristine = damage.encrypted ? *encrypted_ : *plain_;
    fs::path damaged = copyOf(pristine, std::to_string(index++));
    damage.apply(damaged, pristine.manifest);

    snapshot::RestoreOptions options;
    if (damage.encrypted) options.key = damage.useWrongKey ? damage.key : std::optional(testKey());
    auto restored = snapshot::restoreSnapshot(*database_, damaged, options);
    ASSERT_FALSE(restored.ok()) << "damage went unnoticed";
    EXPECT_EQ(restored.error().code, ErrorCode::Snapshot) << restored.error().message;
    EXPECT_NE(restored.error().message.find(damage.expectedInMessage), std::string::npos) << restored.error().message;

    // The CLI says the same and exits 2.
    std::vector<std::pair<std::string, std::string>> env;
    if (damage.encrypted) {
      env.emplace_back("SLUICE_SNAPSHOT_KEY", std::string(64, damage.useWrongKey ? '6' : '5'));
    }
    ProcessResult cli = runSluice(
        {"snapshot", "restore", damaged.string(), "--yes", "--database-url", database_->keywordString()}, env);
    EXPECT_EQ(cli.exitCode, 2) << cli.err;
    EXPECT_NE(cli.err.find(damage.expectedInMessage), std::string::npos) << cli.err;

    // `verify` finds it too.
    ProcessResult verify = runSluice({"snapshot", "verify", damaged.string()}, env);
    EXPECT_EQ(verify.exitCode, 2) << verify.out << verify.err;
  }
  EXPECT_EQ(databaseState(*database_), before) << "the database must be untouched";
}

TEST_F(SnapshotCorruption, EncryptedSnapshotsNeedTheirKeyAndUnencryptedOnesConsentWhenAKeyIsSet) {
  DatabaseState before = databaseState(*database_);
  auto noKey = snapshot::restoreSnapshot(*database_, encrypted_->path, snapshot::RestoreOptions{});
  ASSERT_FALSE(noKey.ok());
  EXPECT_EQ(noKey.error().code, ErrorCode::Config);
  EXPECT_NE(noKey.error().hint.find("SLUICE_SNAPSHOT_KEY"), std::string::npos);

  snapshot::RestoreOptions options;
  options.key = testKey();
  auto downgraded = snapshot::restoreSnapshot(*database_, plain_->path, options);
  ASSERT_FALSE(downgraded.ok());
  EXPECT_NE(downgraded.error().message.find("not encrypted"), std::string::npos);
  EXPECT_NE(downgraded.error().hint.find("--allow-unencrypted"), std::string::npos);
  EXPECT_EQ(databaseState(*database_), before);

  // The intact snapshots verify.
  snapshot::VerifyOptions verify;
  verify.key = testKey();
  auto report = snapshot::verifySnapshot(encrypted_->path, verify);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->rows, encrypted_->manifest.totalRows());
  EXPECT_EQ(report->integrity, snapshot::Integrity::Authenticated);
  EXPECT_EQ(snapshot::spell(report->integrity), "hmac-sha256");
}

}  // namespace
}  // namespace sluice::testing
