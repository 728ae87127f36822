// `sluice snapshot verify --restore-test`: the real proof that a snapshot restores. It
// restores into a new database, on a throwaway local cluster unless a scratch server
// is given, then counts every table's rows with SELECT count(*). The roles the
// snapshot's objects belong to are created first when missing (a throwaway cluster
// has only its superuser).

#include <random>

#include "common/ephemeral_cluster.hpp"
#include "common/pg_session.hpp"
#include "snapshot/session_setup.hpp"
#include "snapshot/snapshot.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

Status createRoles(PgSession& session, const std::vector<std::string>& roles) {
  for (const std::string& role : roles) {
    auto exists = session.query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = " + session.literal(role));
    if (!exists) return exists.takeError();
    if (exists->rows() > 0) continue;
    if (auto status = runSql(session, "CREATE ROLE " + session.identifier(role)); !status) return status;
  }
  return {};
}

Status countRows(const ConnectionSettings& settings, const Manifest& manifest, std::vector<TableRestore>& out) {
  auto session = PgSession::open(settings, "sluice-restore-test");
  if (!session) return session.takeError();
  for (const TableEntry& table : manifest.tables) {
    auto rows = session->query("SELECT count(*) AS n FROM ONLY " + session->qualifiedName(table.schema, table.name));
    if (!rows) return rows.takeError();
    out.push_back(TableRestore{table.qualifiedName(), table.rows(), std::stoull(rows->value(0, "n"))});
  }
  return {};
}

}  // namespace

bool RestoreTestReport::countsMatch() const {
  for (const TableRestore& table : counted) {
    if (table.expectedRows != table.restoredRows) return false;
  }
  return true;
}

Expected<RestoreTestReport> restoreTest(const fs::path& snapshot, const RestoreTestOptions& options) {
  // Check the snapshot before starting anything.
  auto opened = openSnapshot(snapshot, options.key);
  if (!opened) return opened.takeError();
  const Manifest& manifest = opened->manifest;

  std::optional<EphemeralCluster> cluster;
  ConnectionSettings admin;
  if (options.scratch) {
    admin = *options.scratch;
  } else {
    auto started = EphemeralCluster::start();
    if (!started) return started.takeError();
    cluster.emplace(std::move(*started));
    admin = ConnectionSettings::fromString(cluster->conninfo());
  }
  std::random_device random;
  std::string database = "sluice_restore_test_" + std::to_string(random() % 1000000);

  RestoreTestReport report;
  {
    auto session = PgSession::open(admin, "sluice-restore-test");
    if (!session) return session.takeError();
    if (auto status = createRoles(*session, manifest.roles); !status) return status.takeError();
    std::string create = "CREATE DATABASE " + session->identifier(database) + " TEMPLATE template0 ENCODING " +
                         session->literal(manifest.encoding) + " LOCALE 'C'";
    if (auto status = runSql(*session, create); !status) return status.takeError();
  }
  ConnectionSettings target = admin.withDatabase(database);
  report.target = target.describe();

  RestoreOptions restore;
  restore.key = options.key;
  restore.jobs = options.jobs;
  restore.allowOtherDatabase = true;
  restore.allowUnencrypted = true;
  restore.analyze = false;
  restore.progress = options.progress;
  auto restored = restoreSnapshot(target, snapshot, restore);
  Status counted = restored ? countRows(target, manifest, report.counted) : Status();

  // The scratch database goes away whatever happened (with the cluster, if ephemeral).
  if (!cluster) {
    auto session = PgSession::open(admin, "sluice-restore-test");
    if (session) (void)runSql(*session, "DROP DATABASE IF EXISTS " + session->identifier(database));
  }
  if (!restored) return restored.takeError();
  if (!counted) return counted.takeError();
  report.restore = std::move(*restored);
  return report;
}

}  // namespace sluice::snapshot
