// `sluice deploy --safety restore-point` against a real WAL archive: a cluster with
// archive_mode on and pgBackRest's archive-push as archive_command, a posix repository
// in the cluster's temporary directory, a full backup; then the refusals (archive
// failing, no stanza, a point never archived) and the whole path: a deploy that fails
// after committed work, the printed recovery carried out, and the database identical
// (schema dump, per-table checksums) to the moment before the deploy.
#include <unistd.h>

#include <gtest/gtest.h>
#include <regex>
#include <thread>

#include "common/ephemeral_cluster.hpp"
#include "common/file_io.hpp"
#include "common/subprocess.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/integration/snapshot_helpers.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

constexpr const char* kStanza = "demo";

// A cluster whose WAL goes to a pgBackRest repository (or to `archiveCommand` when given).
class ArchivedCluster {
 public:
  explicit ArchivedCluster(const std::string& archiveCommand = {}) {
    // The directory is known only once the cluster exists; archive_command finds the
    // configuration through a path chosen before (a second temporary directory).
    auto temp = TempDir::create("sluice-pitr-");
    if (!temp) throw std::runtime_error(temp.error().message);
    home_.emplace(std::move(*temp));
    conf_ = home_->path() / "pgbackrest.conf";
    hold_ = home_->path() / "hold";
    std::string command = archiveCommand.empty()
                              ? "test ! -e " + hold_.string() + " && pgbackrest --config=" + conf_.string() +
                                    " --stanza=" + kStanza + " archive-push %p"
                              : archiveCommand;
    EphemeralClusterOptions options;
    options.settings = {{"archive_mode", "on"}, {"archive_command", "'" + command + "'"}, {"wal_level", "replica"}};
    auto started = EphemeralCluster::start(options);
    if (!started) throw std::runtime_error(started.error().message);
    cluster_.emplace(std::move(*started));
    std::string dir = home_->path().string();
    writeOrThrow(conf_, "[global]\nrepo1-path=" + dir + "/repo\nrepo1-retention-full=1\nlock-path=" + dir +
                            "/lock\nlog-path=" + dir + "/log\nlog-level-file=off\nlog-level-console=warn\n" +
                            "start-fast=y\n\n[" + kStanza + "]\npg1-path=" + (cluster_->directory() / "data").string() +
                            "\npg1-port=" + std::to_string(cluster_->port()) + "\npg1-socket-path=" +
                            cluster_->socketDirectory().string() + "\npg1-user=" + cluster_->superuser() + "\n");
    if (::geteuid() == 0) {
      serverUser_ = cluster_->superuser();
      runOrThrow({"chown", "-R", *serverUser_, dir});
    }
  }

  void pgbackrest(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"pgbackrest", "--config=" + conf_.string(), std::string("--stanza=") + kStanza};
    argv.insert(argv.end(), args.begin(), args.end());
    runOrThrow(argv, true);
  }
  void fullBackup() {
    pgbackrest({"stanza-create"});
    pgbackrest({"--type=full", "backup"});
  }

  [[nodiscard]] ConnectionSettings database(const std::string& name) const {
    return ConnectionSettings::fromString(cluster_->conninfo(name));
  }
  // Creates database `name` on this cluster and returns how to connect to it.
  [[nodiscard]] ConnectionSettings createDatabase(const std::string& name) const {
    if (auto created = cluster_->createDatabase(name); !created) throw std::runtime_error(created.error().message);
    return database(name);
  }
  [[nodiscard]] const fs::path& conf() const { return conf_; }
  [[nodiscard]] const fs::path& hold() const { return hold_; }
  [[nodiscard]] fs::path dataDir() const { return cluster_->directory() / "data"; }
  [[nodiscard]] fs::path pgCtl() const { return cluster_->binDir() / "pg_ctl"; }
  [[nodiscard]] const std::optional<std::string>& serverUser() const { return serverUser_; }

 private:
  static void writeOrThrow(const fs::path& path, const std::string& text) {
    if (auto written = writeFileAtomically(path, text); !written) throw std::runtime_error(written.error().message);
  }
  void runOrThrow(const std::vector<std::string>& argv, bool asServer = false) const {
    SpawnOptions spawn;
    if (asServer) spawn.runAsUser = serverUser_;
    auto result = runProcess(argv, spawn);
    if (!result || !result->success()) {
      throw std::runtime_error(join(argv, " ") + " failed: " + (result ? result->err + result->out : ""));
    }
  }

  std::optional<TempDir> home_;
  std::optional<EphemeralCluster> cluster_;
  fs::path conf_;
  fs::path hold_;
  std::optional<std::string> serverUser_;
};

// A project with a [pitr] section and an audit log; `archiveTimeout` short where the
// test waits for it.
void configure(Project& project, const std::string& stanza, const std::string& archiveTimeout = "30s") {
  project.file("../.sluice.toml", "[deploy]\naudit_log = \"" + (project.root() / "audit.log").string() +
                                      "\"\n\n[pitr]\nstanza = \"" + stanza + "\"\narchive_timeout = \"" +
                                      archiveTimeout + "\"\nmax_backup_age = \"1d\"\n");
}

ProcessResult deployRestorePoint(const ArchivedCluster& cluster, const ConnectionSettings& db, const Project& project,
                                 std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"deploy",
                                "--dir",
                                project.dir().string(),
                                "--database-url",
                                db.keywordString(),
                                "--config",
                                (project.root() / ".sluice.toml").string(),
                                "--safety",
                                "restore-point",
                                "--no-lint-gate"};
  args.insert(args.end(), extra.begin(), extra.end());
  return runSluice(args, {{"PGBACKREST_CONFIG", cluster.conf().string()}}, {});
}

// A configured project whose one migration creates `accounts`: a refused deploy leaves no
// such table.
void configureAccountsProject(Project& project, const std::string& archiveTimeout = "30s") {
  configure(project, kStanza, archiveTimeout);
  project.file("0001_accounts.sql", "CREATE TABLE accounts (id integer);\n");
}

// A deploy refused before it ran anything: exit 3, each of `reasons` in its message, and
// no `accounts` table (see configureAccountsProject).
void expectRefused(const ProcessResult& result, const ConnectionSettings& db, const std::vector<std::string>& reasons) {
  EXPECT_EQ(result.exitCode, 3) << result.out << result.err;
  for (const std::string& reason : reasons) EXPECT_NE(result.err.find(reason), std::string::npos) << result.err;
  EXPECT_FALSE(tableExists(db, "accounts"));
}

TEST(PitrRestorePoint, RefusesWhenArchivingFails) {
  ArchivedCluster cluster("false");
  ConnectionSettings db = cluster.createDatabase("app");
  // Make the archiver try, and fail, once.
  execute(db, "CREATE TABLE filler AS SELECT 1 AS one");
  execute(db, "SELECT pg_switch_wal()");
  for (int i = 0; i < 100 && querySingle(db, "SELECT failed_count FROM pg_stat_archiver") == "0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  Project project;
  configureAccountsProject(project);
  expectRefused(deployRestorePoint(cluster, db, project), db, {"WAL archiving: failing", "archive_command fails"});
}

TEST(PitrRestorePoint, RefusesWithoutAStanza) {
  ArchivedCluster cluster("true");
  ConnectionSettings db = cluster.createDatabase("app");
  Project project;
  configureAccountsProject(project);
  expectRefused(deployRestorePoint(cluster, db, project), db,
                {"pgBackRest backup: stanza demo: missing stanza path", "stanza-create"});

  // No stanza configured at all.
  project.file("../.sluice.toml", "[deploy]\nsafety = \"restore-point\"\n");
  ProcessResult unconfigured =
      runSluice({"deploy", "--dir", project.dir().string(), "--database-url", db.keywordString(), "--config",
                 (project.root() / ".sluice.toml").string(), "--no-lint-gate"},
                {}, {});
  expectRefused(unconfigured, db, {"[pitr] stanza"});
}

TEST(PitrRestorePoint, RefusesWhenThePointIsNotArchivedInTime) {
  ArchivedCluster cluster;
  cluster.fullBackup();
  ConnectionSettings db = cluster.createDatabase("app");
  Project project;
  configureAccountsProject(project, "2s");
  ASSERT_TRUE(writeFileAtomically(cluster.hold(), "").ok());  // archive_command fails from now on
  ProcessResult result = deployRestorePoint(cluster, db, project);
  expectRefused(result, db, {"was not archived within [pitr] archive_timeout (2.0 s)"});
  EXPECT_NE(result.out.find("ok    pgBackRest backup: stanza demo, newest full backup"), std::string::npos)
      << result.out;
}

// The whole path: initdb, a full backup, two deploys, a restore and replay (about 30 s on
// a loaded 2-core machine, under the 60 s that would call for its own label).
TEST(PitrRestorePoint, FailedDeployIsRecoveredToTheRestorePoint) {
  ArchivedCluster cluster;
  cluster.fullBackup();
  ConnectionSettings db = cluster.createDatabase("app");
  Project project;
  configure(project, kStanza);
  project.file("0001_accounts.sql",
               "CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n"
               "INSERT INTO accounts (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 300) g;\n");
  ProcessResult first = deployRestorePoint(cluster, db, project);
  ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("restore point before this deploy: sluice-"), std::string::npos) << first.out;
  execute(db, "INSERT INTO accounts (email) VALUES ('written@by.the.app')");
  DatabaseState before = databaseState(db);

  // The first migration commits; the second commits an index outside a transaction, then fails.
  project.file("0002_emails.sql",
               "UPDATE accounts SET email = upper(email);\nALTER TABLE accounts ADD COLUMN n int;\n");
  project.file("0003_index.sql",
               "CREATE INDEX CONCURRENTLY accounts_email ON accounts (email);\nSELECT * FROM no_such_table;\n");
  std::string audit = (project.root() / "audit.log").string();
  ProcessResult failed = deployRestorePoint(cluster, db, project);
  ASSERT_EQ(failed.exitCode, 5) << failed.out << failed.err;
  std::smatch match;
  std::regex printed(
      R"(pgbackrest --stanza=demo --type=name --target=(sluice-[0-9TZ]+) --target-action=promote --delta restore)");
  ASSERT_TRUE(std::regex_search(failed.err, match, printed)) << failed.err;
  std::string point = match[1];
  EXPECT_NE(failed.err.find("keep the application away from the database"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("sluice pitr restore " + point), std::string::npos) << failed.err;
  EXPECT_NE(readFile(audit).value().find("\"restore_point\":{\"created_at\""), std::string::npos);
  ProcessResult status = runSluice({"status", "--format", "json", "--dir", project.dir().string(), "--database-url",
                                    db.keywordString(), "--config", (project.root() / ".sluice.toml").string()},
                                   {}, {});
  EXPECT_NE(status.out.find("\"name\": \"" + point + "\""), std::string::npos) << status.out;
  EXPECT_EQ(querySingle(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'accounts_email'"), "1");
  EXPECT_NE(databaseState(db), before);

  std::vector<std::string> restore{"pitr",
                                   "restore",
                                   point,
                                   "--data-dir",
                                   cluster.dataDir().string(),
                                   "--pg-ctl",
                                   cluster.pgCtl().string(),
                                   "--config",
                                   (project.root() / ".sluice.toml").string(),
                                   "--database-url",
                                   db.keywordString(),
                                   "--recovery-timeout",
                                   "60s"};
  if (cluster.serverUser()) {
    restore.emplace_back("--run-as");
    restore.push_back(*cluster.serverUser());
  }
  ProcessResult recovered = runSluice(restore, {{"PGBACKREST_CONFIG", cluster.conf().string()}}, {});
  ASSERT_EQ(recovered.exitCode, 0) << recovered.out << recovered.err;
  EXPECT_NE(recovered.out.find("--type=name --target=" + point + " --target-action=promote --delta restore"),
            std::string::npos)
      << recovered.out;
  EXPECT_NE(recovered.out.find("recovered to restore point " + point), std::string::npos) << recovered.out;
  DatabaseState after = databaseState(db);
  EXPECT_EQ(after.schema, before.schema);
  EXPECT_EQ(after.checksums, before.checksums);
  // A sequence is WAL-logged 32 values ahead of what nextval handed out, so recovery
  // puts it up to 32 further on: never back, so no value is handed out twice.
  ASSERT_EQ(after.sequences.size(), before.sequences.size());
  for (const auto& [name, position] : before.sequences) {
    EXPECT_GE(std::stoll(after.sequences.at(name)), std::stoll(position)) << name;
  }
  EXPECT_EQ(querySingle(db, "SELECT pg_is_in_recovery()"), "f");
}

}  // namespace
}  // namespace sluice::testing
