#include <gtest/gtest.h>

#include "common/exit_code.hpp"
#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "snapshot/format.hpp"
#include "snapshot/key.hpp"
#include "snapshot/manifest.hpp"

namespace sluice::snapshot {
namespace {

namespace fs = std::filesystem;

// A row of Prisma's _prisma_migrations; null times: not finished, not rolled back.
nlohmann::json prismaRow(const std::string& name, nlohmann::json finishedAt, nlohmann::json rolledBackAt = nullptr) {
  return {
      {"migration_name", name}, {"finished_at", std::move(finishedAt)}, {"rolled_back_at", std::move(rolledBackAt)}};
}

Manifest sample(bool encrypted) {
  Manifest m;
  m.formatVersion = kFormatVersion;
  m.id = "20250131T120000Z-3fa2c1";
  m.reason = "manual";
  m.createdAt = "2025-01-31T12:00:00.000Z";
  m.durationSeconds = 1.5;
  m.sluiceVersion = "0.1.0";
  m.database = "app";
  m.encoding = "UTF8";
  m.serverVersion = "PostgreSQL 15.20";
  m.serverVersionNum = 150020;
  m.pgDumpVersion = "pg_dump (PostgreSQL) 15.20";
  m.roles = {"app", "postgres"};
  m.compressionLevel = 3;
  std::string ext = encrypted ? ".zst.enc" : ".zst";
  std::string id = encrypted ? std::string(32, 'a') : std::string();
  if (encrypted)
    m.encryption = EncryptionInfo{"aes-256-gcm", "hkdf-sha256", std::string(64, '1'), "0123456789abcdef", 1024};
  for (auto [name, role] : {std::pair{"schema-pre.sql", kRoleSchemaPre}, std::pair{"schema-post.sql", kRoleSchemaPost},
                            std::pair{"sequences.sql", kRoleSequences}, std::pair{"data-00001.copy", kRoleTableData},
                            std::pair{"data-00002.copy", kRoleTableData}}) {
    m.files.push_back(FileEntry{name + ext, role, 10, std::string(64, 'f'), 20, id});
  }
  m.sequencesFile = "sequences.sql" + ext;
  m.sequenceCount = 2;
  m.tables.push_back(TableEntry{"public",
                                "orders",
                                {"id", "note"},
                                {TablePart{"data-00001.copy" + ext, 3, 30}, TablePart{"data-00002.copy" + ext, 4, 40}},
                                8192,
                                true});
  HistoryTable history{"prisma", "public", "_prisma_migrations", nlohmann::json::array()};
  history.rows.push_back(prismaRow("20240101000000_init", "2024-01-01T00:00:01+00:00"));
  history.rows.push_back(prismaRow("20240201000000_orders", nullptr));
  m.history.push_back(history);
  return m;
}

TEST(SnapshotManifest, RoundTripsThroughJson) {
  for (bool encrypted : {false, true}) {
    Manifest m = sample(encrypted);
    std::string json = toJson(m);
    auto parsed = parseManifest(json, "manifest.json");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(toJson(*parsed), json);
    EXPECT_EQ(parsed->tables.at(0).rows(), 7U);
    EXPECT_EQ(parsed->totalRows(), 7U);
    EXPECT_EQ(parsed->encrypted(), encrypted);
    EXPECT_EQ(parsed->migrationState(), "prisma: 1 applied, latest 20240101000000_init; 1 failed or rolled back");
  }
}

TEST(SnapshotManifest, ANewerFormatVersionIsRefusedWithAClearMessage) {
  nlohmann::json document = nlohmann::json::parse(toJson(sample(false)));
  document["format_version"] = kFormatVersion + 1;
  document["tables"] = "a different structure";
  auto parsed = parseManifest(document.dump(), "x/manifest.json");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::Snapshot);
  EXPECT_NE(parsed.error().message.find("format version 2"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().hint.find("newer sluice"), std::string::npos) << parsed.error().hint;
}

TEST(SnapshotManifest, MalformedManifestsAreSnapshotErrors) {
  nlohmann::json good = nlohmann::json::parse(toJson(sample(false)));
  std::vector<nlohmann::json> bad;
  bad.push_back(nlohmann::json::object());
  auto traversal = good;
  traversal["files"][0]["name"] = "../../etc/passwd";
  bad.push_back(traversal);
  auto missingFile = good;
  missingFile["tables"][0]["parts"][0]["file"] = "data-00009.copy.zst";
  bad.push_back(missingFile);
  auto wrongRows = good;
  wrongRows["tables"][0]["rows"] = 8;
  bad.push_back(wrongRows);
  auto noFileId = nlohmann::json::parse(toJson(sample(true)));
  noFileId["files"][1].erase("file_id");
  bad.push_back(noFileId);
  for (const auto& document : bad) {
    auto parsed = parseManifest(document.dump(), "manifest.json");
    EXPECT_FALSE(parsed.ok()) << document.dump();
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.error().code, ErrorCode::Snapshot);
    }
  }
  EXPECT_FALSE(parseManifest("{not json", "manifest.json").ok());
}

TEST(SnapshotManifest, AuthenticationLinesDetectAnyChange) {
  std::string json = toJson(sample(true));
  Key key{};
  key.fill(9);
  std::string hmac = manifestAuthLine(json, &key);
  EXPECT_TRUE(hmac.starts_with("hmac-sha256 "));
  EXPECT_TRUE(checkManifestAuth(json, hmac, &key, "m").ok());
  std::string changed = json;
  changed[changed.find("orders")] = 'O';
  EXPECT_FALSE(checkManifestAuth(changed, hmac, &key, "m").ok());
  Key other = key;
  other[0] = 1;
  EXPECT_FALSE(checkManifestAuth(json, hmac, &other, "m").ok());
  // An encrypted snapshot's manifest cannot be passed off with a plain checksum.
  EXPECT_FALSE(checkManifestAuth(json, manifestAuthLine(json, nullptr), &key, "m").ok());

  std::string sha = manifestAuthLine(json, nullptr);
  EXPECT_TRUE(sha.starts_with("sha256 "));
  EXPECT_TRUE(checkManifestAuth(json, sha, nullptr, "m").ok());
  EXPECT_FALSE(checkManifestAuth(changed, sha, nullptr, "m").ok());
}

TEST(SnapshotManifest, HistorySummaries) {
  HistoryTable sluice{"sluice", "public", "sluice_migrations", nlohmann::json::array()};
  EXPECT_EQ(sluice.summary(), "empty");
  sluice.rows.push_back({{"version", "20240101000000"}, {"name", "init"}});
  sluice.rows.push_back({{"version", "20240301000000"}, {"name", "orders"}});
  EXPECT_EQ(sluice.summary(), "2 applied, latest orders");

  // The latest is the last applied, not the greatest name; a failed row is not applied.
  HistoryTable history{"sluice", "public", "sluice_migrations", nlohmann::json::array()};
  history.rows.push_back(
      {{"migration_id", "20240301000000_orders"}, {"state", "applied"}, {"applied_at", "2024-03-01T10:00:00+00:00"}});
  history.rows.push_back({{"migration_id", "20240201000000_late_hotfix"},
                          {"state", "applied"},
                          {"applied_at", "2024-03-05T10:00:00+00:00"}});
  history.rows.push_back({{"migration_id", "20240401000000_broken"}, {"state", "failed"}, {"applied_at", nullptr}});
  EXPECT_EQ(history.summary(), "2 applied, latest 20240201000000_late_hotfix; 1 failed or rolled back");
  history.rows = nlohmann::json::array({{{"migration_id", "20240401000000_broken"}, {"state", "failed"}}});
  EXPECT_EQ(history.summary(), "nothing applied (1 rows)");
  // Other tools' flags: Flyway's success, goose's is_applied, golang-migrate's dirty.
  history.rows = nlohmann::json::array({{{"version", "1"}, {"success", false}},
                                        {{"version", "2"}, {"is_applied", true}},
                                        {{"version", "3"}, {"dirty", true}}});
  EXPECT_EQ(history.summary(), "1 applied, latest 2; 2 failed or rolled back");

  // Prisma: unfinished (failed) and rolled-back rows are not applied.
  HistoryTable prisma{"prisma", "public", "_prisma_migrations", nlohmann::json::array()};
  prisma.rows.push_back(prismaRow("20240101000000_init", "2024-01-01T10:00:01+00:00"));
  prisma.rows.push_back(prismaRow("20240301000000_failed", nullptr));
  prisma.rows.push_back(prismaRow("20240201000000_undone", "2024-02-01T10:00:01+00:00", "2024-02-02T10:00:00+00:00"));
  EXPECT_EQ(prisma.summary(), "1 applied, latest 20240101000000_init; 2 failed or rolled back");
}

TEST(SnapshotKey, ParsesHexAndBase64AndRejectsEverythingElse) {
  std::string hex = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";
  auto fromHex = parseMasterKey("  " + hex + "\n", "SLUICE_SNAPSHOT_KEY");
  ASSERT_TRUE(fromHex.ok()) << fromHex.error().message;
  EXPECT_EQ(fromHex->bytes[1], 0x11);
  EXPECT_EQ(fromHex->bytes[31], 0xFF);
  // The same 32 bytes in base64.
  auto fromBase64 = parseMasterKey("ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=", "key.txt");
  ASSERT_TRUE(fromBase64.ok()) << fromBase64.error().message;
  EXPECT_EQ(fromBase64->bytes, fromHex->bytes);
  EXPECT_EQ(fromBase64->id(), fromHex->id());
  EXPECT_EQ(fromHex->id().size(), 16U);

  for (const char* bad : {"", "abc", "00112233445566778899aabbccddeeff",
                          "zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
                          "ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8AAA==", "password123"}) {
    auto key = parseMasterKey(bad, "SLUICE_SNAPSHOT_KEY");
    ASSERT_FALSE(key.ok()) << bad;
    EXPECT_EQ(key.error().code, ErrorCode::Config);
    EXPECT_NE(key.error().message.find("SLUICE_SNAPSHOT_KEY"), std::string::npos);
    // The message never repeats the key material.
    if (std::string(bad).size() > 3) {
      EXPECT_EQ(key.error().message.find(bad), std::string::npos);
    }
  }
}

TEST(SnapshotKey, AKeyFileGroupOrOthersCanReadIsRefusedWithItsMode) {
  auto temp = TempDir::create("sluice-key-test-");
  ASSERT_TRUE(temp.ok());
  fs::path file = temp->path() / "snapshot.key";
  ASSERT_TRUE(writeFileAtomically(file, std::string(64, 'a') + "\n", {0644, false}).ok());
  auto shared = readMasterKeyFile(file);
  ASSERT_FALSE(shared.ok());
  EXPECT_EQ(exitCodeFor(shared.error().code), ExitCode::UsageOrInput);
  EXPECT_NE(shared.error().message.find(file.string()), std::string::npos) << shared.error().message;
  EXPECT_NE(shared.error().message.find("mode 0644"), std::string::npos) << shared.error().message;
  EXPECT_NE(shared.error().hint.find("chmod 600"), std::string::npos) << shared.error().hint;
  // Group-writable is refused too (--key-file and key_file both read through here).
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_write);
  auto configured = readMasterKeyFile(file);
  ASSERT_FALSE(configured.ok());
  EXPECT_NE(configured.error().message.find("mode 0620"), std::string::npos) << configured.error().message;

  for (auto mode : {fs::perms::owner_read | fs::perms::owner_write, fs::perms::owner_read}) {
    fs::permissions(file, mode);
    auto key = readMasterKeyFile(file);
    ASSERT_TRUE(key.ok()) << key.error().message;
  }
}

TEST(SnapshotKey, PerSnapshotKeysAreDerivedAndDistinct) {
  MasterKey master = *parseMasterKey(std::string(64, '7'), "k");
  std::array<std::uint8_t, 32> salt{};
  SnapshotKeys a = deriveSnapshotKeys(master, salt);
  salt[0] = 1;
  SnapshotKeys b = deriveSnapshotKeys(master, salt);
  EXPECT_NE(a.data, b.data);
  EXPECT_NE(a.data, a.manifest);
  EXPECT_NE(a.data, master.bytes);
  EXPECT_EQ(deriveSnapshotKeys(master, salt).data, b.data);
  MasterKey other = *parseMasterKey(std::string(64, '8'), "k");
  EXPECT_NE(other.id(), master.id());
}

}  // namespace
}  // namespace sluice::snapshot
