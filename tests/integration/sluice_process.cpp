#include "tests/integration/sluice_process.hpp"

#include <stdexcept>

#include "common/file_io.hpp"
#include "common/sha256.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace fs = std::filesystem;

namespace {

// How every test runs the binary: no colours, and nothing of the database or the snapshot
// key from the environment unless `env` sets it.
SpawnOptions sluiceOptions(const std::vector<std::pair<std::string, std::string>>& env, const fs::path& cwd) {
  SpawnOptions options;
  options.setEnv = {{"NO_COLOR", "1"}};
  options.setEnv.insert(options.setEnv.end(), env.begin(), env.end());
  options.unsetEnv = {"DATABASE_URL",  "DATABASE_HOST",     "DATABASE_PORT",      "DATABASE_NAME",
                      "DATABASE_USER", "DATABASE_PASSWORD", "SLUICE_SNAPSHOT_KEY"};
  for (const auto& [name, value] : env) {
    std::erase(options.unsetEnv, name);
  }
  // A run that names no working directory gets one that goes away with the test binary:
  // a deploy's default snapshot directory (.sluice/snapshots) lands there.
  static const TempDir scratch = TempDir::create("sluice-test-cwd-").value();
  options.cwd = cwd.empty() ? scratch.path() : cwd;
  return options;
}

}  // namespace

ProcessResult runSluice(const std::vector<std::string>& args,
                        const std::vector<std::pair<std::string, std::string>>& env, const fs::path& cwd) {
  std::vector<std::string> argv{SLUICE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = runProcess(argv, sluiceOptions(env, cwd));
  if (!result) throw std::runtime_error(result.error().message);
  return *result;
}

std::string postgresqlUrl(const ConnectionSettings& database) {
  EphemeralCluster& cluster = testCluster();
  return "postgresql://" + cluster.superuser() + "@localhost:" + std::to_string(cluster.port()) + "/" +
         database.database();
}

bool tableExists(const ConnectionSettings& database, const std::string& name) {
  return querySingle(database, "SELECT to_regclass('" + name + "') IS NOT NULL") == "t";
}

std::string recordedMigrations(const ConnectionSettings& database) {
  return querySingle(database, "SELECT string_agg(migration_id, ',' ORDER BY migration_id) FROM sluice_migrations");
}

ProcessResult runSluiceOn(const std::string& command, const ConnectionSettings& database, const fs::path& dir,
                          const std::vector<std::string>& extra) {
  std::vector<std::string> args{command, "--dir", dir.string(), "--database-url", database.keywordString()};
  args.insert(args.end(), extra.begin(), extra.end());
  return runSluice(args);
}

ProcessResult deployTo(const ConnectionSettings& database, const fs::path& dir, const std::vector<std::string>& extra) {
  return runSluiceOn("deploy", database, dir, extra);
}

Project::Project() : temp_(TempDir::create("sluice-runner-test-").value()) { fs::create_directories(dir()); }

Project& Project::file(const std::string& relative, const std::string& text) {
  fs::path path = dir() / relative;
  fs::create_directories(path.parent_path());
  if (!writeFileAtomically(path, text).ok()) throw std::runtime_error("cannot write " + path.string());
  return *this;
}

void Project::remove(const std::string& relative) { fs::remove(dir() / relative); }

std::string sha256OfFile(const fs::path& path) { return sha256Hex(*readFile(path)); }

ChildProcess spawnDeploy(const ConnectionSettings& database, const Project& project,
                         const std::vector<std::string>& extra) {
  std::vector<std::string> argv{SLUICE_BINARY,          "deploy",         "--dir",
                                project.dir().string(), "--database-url", database.keywordString()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto child = ChildProcess::spawn(argv, sluiceOptions({}, project.root()));
  if (!child) throw std::runtime_error(child.error().message);
  return std::move(*child);
}

PgSession lockedBeforeSecondMigration(const ConnectionSettings& db, Project& project,
                                      const std::string& firstMigration) {
  project.file("0001_a.sql", firstMigration);
  if (deployTo(db, project.dir(), {"--no-snapshot"}).exitCode != 0)
    throw std::runtime_error("0001_a.sql did not deploy");
  project.file("0002_b.sql", "ALTER TABLE a ADD COLUMN b int;\n");
  auto holder = PgSession::open(db, "blocking-test-session");
  if (!holder) throw std::runtime_error(holder.error().message);
  if (!holder->exec("BEGIN; SELECT count(*) FROM a").ok()) throw std::runtime_error("cannot lock table a");
  return std::move(*holder);
}

}  // namespace sluice::testing
