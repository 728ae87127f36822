// A snapshot of a database rich in types and object kinds restores it exactly: the
// schema (pg_dump --schema-only) and every table's ordered rows are what they were,
// sequences continue where they were, the migration history is the snapshot's.

#include <gtest/gtest.h>

#include "common/temp_dir.hpp"
#include "snapshot/format.hpp"
#include "tests/integration/snapshot_helpers.hpp"

namespace sluice::testing {
namespace {

// A snapshot of `db` into `dir` that names `history` as the deploy's history table.
snapshot::SnapshotInfo snapshotWithHistory(const ConnectionSettings& db, const fs::path& dir,
                                           snapshot::HistoryLocation history) {
  snapshot::CreateOptions options;
  options.snapshotDir = dir;
  options.history = std::move(history);
  auto created = snapshot::createSnapshot(db, options);
  if (!created) throw std::runtime_error(created.error().message);
  return *created;
}

TEST(SnapshotRoundTrip, RestoresSchemaDataSequencesAndHistoryExactly) {
  ConnectionSettings db = richDatabase("snap_rt", 1'000'000);
  DatabaseState before = databaseState(db);
  ASSERT_EQ(before.checksums.at("public.big").substr(0, 8), "1000000:");
  ASSERT_EQ(before.sequences.at("public.ticket_seq"), "1030:true");

  TempDir dir = tempDir("sluice-snap-rt-");
  snapshot::SnapshotInfo info = takeSnapshot(db, dir.path(), testKey());
  const snapshot::Manifest& manifest = info.manifest;
  EXPECT_TRUE(manifest.encrypted());
  EXPECT_EQ(manifest.database, db.database());
  EXPECT_EQ(manifest.totalRows(), 1'000'000U + 3 + 40 + 100 + 2 + 2 + 2 + 3);
  ASSERT_EQ(manifest.history.size(), 2U);
  EXPECT_EQ(manifest.history[0].kind, "prisma");
  EXPECT_EQ(manifest.history[0].rows.size(), 2U);
  EXPECT_EQ(manifest.history[1].kind, "sluice");
  EXPECT_EQ(manifest.migrationState(),
            "prisma: 2 applied, latest 20240115093000_add_orders; sluice: 1 applied, latest create_accounts");
  // Extension-owned objects are recreated by CREATE EXTENSION, not copied.
  for (const auto& table : manifest.tables) EXPECT_NE(table.schema, "pg_catalog");

  execute(db, kMutationsSql);
  ASSERT_NE(databaseState(db), before);

  snapshot::RestoreOptions options;
  options.key = testKey();
  auto restored = snapshot::restoreSnapshot(db, info.path, options);
  ASSERT_TRUE(restored.ok()) << restored.error().message << "\n" << restored.error().hint;
  EXPECT_TRUE(restored->analyzed) << restored->analyzeWarning;
  EXPECT_EQ(restored->rows, manifest.totalRows());
  for (const auto& table : restored->tables) EXPECT_EQ(table.expectedRows, table.restoredRows) << table.table;
  EXPECT_EQ(restored->migrationState, manifest.migrationState());

  DatabaseState after = databaseState(db);
  EXPECT_EQ(after.schema, before.schema);
  EXPECT_EQ(after.checksums, before.checksums);
  EXPECT_EQ(after.sequences, before.sequences);
  // The sequences continue where they were: identity, serial and plain ones.
  EXPECT_EQ(querySingle(db, "SELECT nextval('ticket_seq')"), "1035");
  EXPECT_EQ(querySingle(db, "INSERT INTO customers (name) VALUES ('new') RETURNING id"), "4");
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM invoice_counts"), "3") << "materialized views are populated";
  EXPECT_EQ(querySingle(db,
                        "INSERT INTO billing.invoices (customer_id, amount, issued_on) VALUES (1, 1, now()) "
                        "RETURNING note"),
            "auto")
      << "triggers work after the restore";
  EXPECT_EQ(querySingle(db, "SELECT relpages > 0 FROM pg_class WHERE relname = 'big'"), "t") << "analyzed";
}

TEST(SnapshotRoundTrip, UnencryptedSnapshotsAreStandardZstdFilesAndRestoreToo) {
  ConnectionSettings db = richDatabase("snap_plain", 1000);
  DatabaseState before = databaseState(db);
  TempDir dir = tempDir("sluice-snap-plain-");
  snapshot::SnapshotInfo info = takeSnapshot(db, dir.path());
  EXPECT_FALSE(info.manifest.encrypted());
  // `zstd -d` reads the files (when the tool is installed).
  if (auto zstd = findExecutable("zstd")) {
    auto out = runProcess({zstd->string(), "-d", "-c", (info.path / "schema-pre.sql.zst").string()});
    ASSERT_TRUE(out.ok());
    EXPECT_NE(out->out.find("CREATE TABLE public.customers"), std::string::npos);
  }
  execute(db, kMutationsSql);
  auto restored = snapshot::restoreSnapshot(db, info.path, snapshot::RestoreOptions{});
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(databaseState(db), before);
}

TEST(SnapshotRoundTrip, RestoringIntoAnEmptyDatabaseOfAnotherNameNeedsConsent) {
  ConnectionSettings db = richDatabase("snap_src", 100);
  DatabaseState before = databaseState(db);
  TempDir dir = tempDir("sluice-snap-other-");
  snapshot::SnapshotInfo info = takeSnapshot(db, dir.path());

  ConnectionSettings other = freshDatabase("snap_dst");
  auto refused = snapshot::restoreSnapshot(other, info.path, snapshot::RestoreOptions{});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::Usage);
  EXPECT_NE(refused.error().hint.find("--allow-other-database"), std::string::npos);

  snapshot::RestoreOptions options;
  options.allowOtherDatabase = true;
  auto restored = snapshot::restoreSnapshot(other, info.path, options);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(databaseState(other), before);
}

TEST(SnapshotRoundTrip, APrismaProjectsHistoryIsListedOnce) {
  ConnectionSettings db = freshDatabase("snap_prisma_once");
  // Only Prisma's table (the history a Prisma project's deploy names), with a failed row.
  std::string prismaOnly = std::string(kHistorySql).substr(0, std::string(kHistorySql).find("CREATE TABLE sluice_"));
  execute(db, prismaOnly +
                  "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES "
                  "('0b7f6a6e-6f5e-4a57-9a43-6a1b2f0f3a03', repeat('d', 64), '20240201000000_broken', now());");
  TempDir dir = tempDir("sluice-snap-prisma-");
  snapshot::SnapshotInfo created = snapshotWithHistory(db, dir.path(), {"public", "_prisma_migrations"});
  ASSERT_EQ(created.manifest.history.size(), 1U) << created.manifest.migrationState();
  EXPECT_EQ(created.manifest.migrationState(),
            "prisma: 2 applied, latest 20240115093000_add_orders; 1 failed or rolled back");
}

TEST(SnapshotRoundTrip, TheHistoryTableAfterARestoreIsTheSnapshots) {
  ConnectionSettings db = freshDatabase("snap_hist");
  execute(db, std::string("CREATE SCHEMA ops;") + kHistorySql + "ALTER TABLE sluice_migrations SET SCHEMA ops;");
  TempDir dir = tempDir("sluice-snap-hist-");
  snapshot::SnapshotInfo created = snapshotWithHistory(db, dir.path(), {"ops", "sluice_migrations"});
  ASSERT_EQ(created.manifest.history.size(), 2U);
  EXPECT_EQ(created.manifest.history[1].schema, "ops");
  std::string prismaBefore =
      querySingle(db, "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM _prisma_migrations t");
  std::string sluiceBefore =
      querySingle(db, "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM ops.sluice_migrations t");

  // A deploy applied (and recorded) more migrations, then failed.
  execute(db,
          "INSERT INTO ops.sluice_migrations VALUES ('20240401000000', 'x', 'y', now(), 1);"
          "DELETE FROM _prisma_migrations WHERE migration_name LIKE '2024011%';"
          "CREATE TABLE created_by_migration (id int);");
  auto restored = snapshot::restoreSnapshot(db, created.path, snapshot::RestoreOptions{});
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(querySingle(db, "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM _prisma_migrations t"),
            prismaBefore);
  EXPECT_EQ(querySingle(db, "SELECT string_agg(t::text, ';' ORDER BY t::text) FROM ops.sluice_migrations t"),
            sluiceBefore);
  EXPECT_FALSE(tableExists(db, "created_by_migration"));
}

TEST(SnapshotRoundTrip, LargeObjectsAreRefusedWithAClearMessage) {
  ConnectionSettings db = freshDatabase("snap_lo");
  execute(db, "SELECT lo_from_bytea(0, 'blob'::bytea)");
  TempDir dir = tempDir("sluice-snap-lo-");
  snapshot::CreateOptions options;
  options.snapshotDir = dir.path();
  auto created = snapshot::createSnapshot(db, options);
  ASSERT_FALSE(created.ok());
  EXPECT_NE(created.error().message.find("large objects"), std::string::npos) << created.error().message;
  EXPECT_TRUE(snapshot::listSnapshots(dir.path())->empty());
}

}  // namespace
}  // namespace sluice::testing
