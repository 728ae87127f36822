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
ProcessResult deployTo(const ConnectionSettings& database, const std::filesystem::path& dir,
                       std::vector<std::string> extra = {});

// A migrations folder in a temp dir: files by relative path.
class Project {
 public:
  Project();
  Project& file(const std::string& relative, const std::string& text);
  void remove(const std::string& relative);
  [[nodiscard]] std::filesystem::path dir() const { return temp_.path() / "migrations"; }
  [[nodiscard]] const std::filesystem::path& root() const { return temp_.path(); }

 private:
  TempDir temp_;
};

std::string sha256OfFile(const std::filesystem::path& path);

// `project` with 0001_a.sql (`firstMigration`, which creates table `a`) deployed into `db`
// and 0002_b.sql (ALTER TABLE a ADD COLUMN b int) pending; the returned session holds a
// lock on `a` in an open transaction, so the next deploy waits for it. Throws when a step
// fails.
PgSession lockedBeforeSecondMigration(const ConnectionSettings& db, Project& project,
                                      const std::string& firstMigration = "CREATE TABLE a (id int);\n");

}  // namespace sluice::testing
