#pragma once
// Runs the real `sluice` binary against the test cluster, and builds throwaway
// migration folders, for the runner's integration tests.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "common/pg_session.hpp"
#include "common/subprocess.hpp"
#include "common/temp_dir.hpp"

namespace sluice::testing {

// `sluice args...` with NO_COLOR and without DATABASE_* or SLUICE_SNAPSHOT_KEY from the
// environment (`env` may set them).
ProcessResult runSluice(const std::vector<std::string>& args,
                        const std::vector<std::pair<std::string, std::string>>& env = {},
                        const std::filesystem::path& cwd = {});
// `sluice COMMAND --dir DIR --database-url DATABASE extra...`: the commands that act on a
// migrations folder and a database (deploy, status, rollback).
ProcessResult runSluiceOn(const std::string& command, const ConnectionSettings& database,
                          const std::filesystem::path& dir, const std::vector<std::string>& extra = {});
ProcessResult deployTo(const ConnectionSettings& database, const std::filesystem::path& dir,
                       const std::vector<std::string>& extra = {});

// `database` on the test cluster as a postgresql:// URL, for tools and tests that take
// only URLs.
std::string postgresqlUrl(const ConnectionSettings& database);

// Whether `name` (a table, or any relation) exists in `database`.
bool tableExists(const ConnectionSettings& database, const std::string& name);
// The ids sluice's history table records, sorted and comma-separated ("" when none).
std::string recordedMigrations(const ConnectionSettings& database);

// A migrations folder in a temp dir: files by relative path.
class Project {
 public:
  Project();
  Project& file(const std::string& relative, const std::string& text);
  // migration_lock.toml as `prisma migrate` writes it: the folder is then Prisma's.
  Project& prismaLockFile() { return file("migration_lock.toml", "provider = \"postgresql\"\n"); }
  void remove(const std::string& relative);
  [[nodiscard]] std::filesystem::path dir() const { return temp_.path() / "migrations"; }
  [[nodiscard]] const std::filesystem::path& root() const { return temp_.path(); }

 private:
  TempDir temp_;
};

std::string sha256OfFile(const std::filesystem::path& path);

// `sluice deploy` of `project` into `database` started in the background, for tests that
// watch or signal it while it runs; the environment is runSluice's, the working
// directory the project's root (where the default snapshot directory then goes). Throws
// when it cannot start.
ChildProcess spawnDeploy(const ConnectionSettings& database, const Project& project,
                         const std::vector<std::string>& extra = {});

// `project` with 0001_a.sql (`firstMigration`, which creates table `a`) deployed into `db`
// and 0002_b.sql (ALTER TABLE a ADD COLUMN b int) pending; the returned session holds a
// lock on `a` in an open transaction, so the next deploy waits for it. Throws when a step
// fails.
PgSession lockedBeforeSecondMigration(const ConnectionSettings& db, Project& project,
                                      const std::string& firstMigration = "CREATE TABLE a (id int);\n");

}  // namespace sluice::testing
