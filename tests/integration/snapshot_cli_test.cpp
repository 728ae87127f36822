// `sluice snapshot create | list | verify | restore | prune` as users run them: flags,
// .sluice.toml, keys from a file or the environment, JSON reports and exit codes.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/temp_dir.hpp"
#include "tests/integration/snapshot_helpers.hpp"

namespace sluice::testing {
namespace {

using nlohmann::json;

json parseJson(const ProcessResult& result) {
  json parsed = json::parse(result.out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << result.out << result.err;
  return parsed;
}

TEST(SnapshotCli, CreateListVerifyRestorePruneWithAConfigFileAndAKeyFile) {
  ConnectionSettings db = richDatabase("snap_cli", 5000);
  DatabaseState before = databaseState(db);
  TempDir project = tempDir("sluice-snap-cli-");
  const fs::path& root = project.path();
  ASSERT_TRUE(writeFileAtomically(root / "snapshot.key", std::string(64, 'a') + "\n", {0600, false}).ok());
  ASSERT_TRUE(writeFileAtomically(root / ".sluice.toml",
                                  "[snapshot]\ndir = \"backups\"\nkey_file = \"snapshot.key\"\ncompression_level = 5\n"
                                  "keep_last = 1\n",
                                  {0644, false})
                  .ok());
  std::string config = (root / ".sluice.toml").string();

  ProcessResult created = runSluice({"snapshot", "create", "--config", config, "--database-url", db.keywordString(),
                                     "--json", "--reason", "before deploy of 2 migrations"});
  ASSERT_EQ(created.exitCode, 0) << created.err;
  json report = parseJson(created);
  std::string id = report["id"];
  EXPECT_TRUE(report["encrypted"].get<bool>());
  EXPECT_EQ(report["rows"].get<std::uint64_t>(), 5000U + 3 + 40 + 100 + 2 + 2 + 2 + 3);
  EXPECT_TRUE(fs::is_directory(root / "backups" / id)) << "[snapshot] dir is relative to the config file";
  EXPECT_EQ(report["migration_state"],
            "prisma: 2 applied, latest 20240115093000_add_orders; sluice: 1 applied, latest create_accounts");

  ProcessResult second =
      runSluice({"snapshot", "create", "--config", config, "--database-url", db.keywordString(), "-q"});
  ASSERT_EQ(second.exitCode, 0) << second.err;
  std::string secondId(trim(second.out));

  ProcessResult list = runSluice({"snapshot", "list", "--config", config, "--json"});
  ASSERT_EQ(list.exitCode, 0) << list.err;
  json listed = parseJson(list);
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_EQ(listed[0]["id"], id);
  EXPECT_EQ(listed[0]["reason"], "before deploy of 2 migrations");
  EXPECT_EQ(listed[0]["database"], db.database());
  EXPECT_TRUE(listed[0]["encrypted"].get<bool>());
  EXPECT_EQ(listed[0]["history"][0]["summary"], "2 applied, latest 20240115093000_add_orders");
  ProcessResult table = runSluice({"snapshot", "list", "--config", config});
  EXPECT_NE(table.out.find("MIGRATION STATE"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(secondId), std::string::npos) << table.out;

  ProcessResult verify = runSluice({"snapshot", "verify", id.substr(0, 20), "--config", config, "--json"});
  ASSERT_EQ(verify.exitCode, 0) << verify.out << verify.err;
  json verified = parseJson(verify);
  EXPECT_TRUE(verified["ok"].get<bool>());
  EXPECT_EQ(verified["authentication"], "hmac-sha256");
  EXPECT_EQ(verified["rows"], report["rows"]);

  ProcessResult restoreTest = runSluice({"snapshot", "verify", "latest", "--config", config, "--restore-test"});
  EXPECT_EQ(restoreTest.exitCode, 0) << restoreTest.out << restoreTest.err;
  EXPECT_NE(restoreTest.out.find("row counts match the manifest"), std::string::npos) << restoreTest.out;
  EXPECT_NE(restoreTest.out.find("public.big"), std::string::npos) << restoreTest.out;

  execute(db, kMutationsSql);
  ProcessResult unconfirmed =
      runSluice({"snapshot", "restore", id, "--config", config, "--database-url", db.keywordString()});
  EXPECT_EQ(unconfirmed.exitCode, 2);
  EXPECT_NE(unconfirmed.err.find("--yes"), std::string::npos) << unconfirmed.err;

  ProcessResult restored = runSluice(
      {"snapshot", "restore", id, "--yes", "--config", config, "--database-url", db.keywordString(), "--json"});
  ASSERT_EQ(restored.exitCode, 0) << restored.err;
  json restoreReport = parseJson(restored);
  EXPECT_TRUE(restoreReport["counts_match"].get<bool>());
  EXPECT_EQ(restoreReport["rows"], report["rows"]);
  EXPECT_EQ(restoreReport["taken_at"], report["created_at"]) << restored.out;
  EXPECT_EQ(databaseState(db), before);
  // In words: back at the snapshot's moment, later writes discarded.
  ProcessResult restoredText =
      runSluice({"snapshot", "restore", id, "--yes", "--config", config, "--database-url", db.keywordString()});
  ASSERT_EQ(restoredText.exitCode, 0) << restoredText.err;
  EXPECT_NE(restoredText.out.find("the database is back at " + report["created_at"].get<std::string>() +
                                  ", when the snapshot was taken: writes made after that moment were discarded"),
            std::string::npos)
      << restoredText.out;

  ProcessResult dryRun = runSluice({"snapshot", "prune", "--config", config, "--dry-run"});
  ASSERT_EQ(dryRun.exitCode, 0) << dryRun.err;
  EXPECT_NE(dryRun.out.find("would remove " + id), std::string::npos) << dryRun.out;
  EXPECT_NE(dryRun.out.find("keep " + secondId), std::string::npos) << dryRun.out;
  EXPECT_TRUE(fs::exists(root / "backups" / id));
  ProcessResult pruned = runSluice({"snapshot", "prune", "--config", config, "--json"});
  ASSERT_EQ(pruned.exitCode, 0) << pruned.err;
  EXPECT_EQ(parseJson(pruned)["removed"][0]["id"], id);
  EXPECT_FALSE(fs::exists(root / "backups" / id));
  EXPECT_TRUE(fs::exists(root / "backups" / secondId));
}

TEST(SnapshotCli, KeysComeFromTheEnvironmentAndAreChecked) {
  ConnectionSettings db = freshDatabase("snap_keys");
  execute(db, "CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
  TempDir dir = tempDir("sluice-snap-keys-");
  std::string key(64, 'b');
  ProcessResult created = runSluice(
      {"snapshot", "create", "--database-url", db.keywordString(), "--snapshot-dir", dir.path().string(), "-q"},
      {{"SLUICE_SNAPSHOT_KEY", key}});
  ASSERT_EQ(created.exitCode, 0) << created.err;
  std::string id(trim(created.out));
  EXPECT_EQ(created.err.find("not encrypted"), std::string::npos) << created.err;

  ProcessResult plain = runSluice(
      {"snapshot", "create", "--database-url", db.keywordString(), "--snapshot-dir", dir.path().string(), "-q"});
  ASSERT_EQ(plain.exitCode, 0) << plain.err;
  EXPECT_NE(plain.err.find("warning: snapshot " + std::string(trim(plain.out)) + " in " + dir.path().string() +
                           " is not encrypted"),
            std::string::npos)
      << plain.err;
  EXPECT_NE(plain.err.find("SLUICE_SNAPSHOT_KEY, --key-file FILE"), std::string::npos) << plain.err;

  ProcessResult noKey = runSluice({"snapshot", "verify", id, "--snapshot-dir", dir.path().string()});
  EXPECT_EQ(noKey.exitCode, 2);
  EXPECT_NE(noKey.err.find("is encrypted"), std::string::npos) << noKey.err;

  ProcessResult wrongKey = runSluice({"snapshot", "verify", id, "--snapshot-dir", dir.path().string()},
                                     {{"SLUICE_SNAPSHOT_KEY", std::string(64, 'c')}});
  EXPECT_EQ(wrongKey.exitCode, 2);
  EXPECT_NE(wrongKey.err.find("wrong key"), std::string::npos) << wrongKey.err;

  ProcessResult badKey = runSluice({"snapshot", "verify", id, "--snapshot-dir", dir.path().string()},
                                   {{"SLUICE_SNAPSHOT_KEY", "hunter2"}});
  EXPECT_EQ(badKey.exitCode, 2);
  EXPECT_NE(badKey.err.find("SLUICE_SNAPSHOT_KEY"), std::string::npos) << badKey.err;
  EXPECT_EQ(badKey.err.find("hunter2"), std::string::npos) << "the key is never printed";

  ProcessResult listed = runSluice({"snapshot", "list", "--snapshot-dir", dir.path().string()});
  EXPECT_EQ(listed.exitCode, 0) << "listing needs no key";
  EXPECT_NE(listed.out.find(id), std::string::npos);
}

TEST(SnapshotCli, ExitCodesForUnreachableServersAndBadConfiguration) {
  TempDir dir = tempDir("sluice-snap-exit-");
  ProcessResult unreachable =
      runSluice({"snapshot", "create", "--database-url", "postgresql://app:s3cret@127.0.0.1:1/app?connect_timeout=2",
                 "--snapshot-dir", dir.path().string()});
  EXPECT_EQ(unreachable.exitCode, 3) << unreachable.err;
  EXPECT_EQ(unreachable.err.find("s3cret"), std::string::npos) << "the password is never printed";
  EXPECT_TRUE(snapshot::listSnapshots(dir.path())->empty());

  ASSERT_TRUE(writeFileAtomically(dir.path() / ".sluice.toml", "[snapshot]\njobs = 0\n").ok());
  ProcessResult badConfig = runSluice({"snapshot", "list", "--config", (dir.path() / ".sluice.toml").string()});
  EXPECT_EQ(badConfig.exitCode, 2);
  EXPECT_NE(badConfig.err.find("snapshot.jobs"), std::string::npos) << badConfig.err;

  ProcessResult noPolicy = runSluice({"snapshot", "prune", "--snapshot-dir", dir.path().string()});
  EXPECT_EQ(noPolicy.exitCode, 2);
  EXPECT_NE(noPolicy.err.find("no retention policy"), std::string::npos) << noPolicy.err;

  ProcessResult unknown = runSluice({"snapshot", "verify", "20990101", "--snapshot-dir", dir.path().string()});
  EXPECT_EQ(unknown.exitCode, 2);
}

}  // namespace
}  // namespace sluice::testing
