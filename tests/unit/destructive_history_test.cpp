// The destructive rules across the migrations of a project: what an earlier migration
// created is existing data, and a rollback may drop what its own forward migration
// created (that is what it is for) but nothing else.
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;

class DestructiveHistoryTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& text) {
    ASSERT_TRUE(writeFileAtomically(dir_.path() / name, text).ok());
  }

  // Findings per file name, as "rule: message".
  std::map<std::string, std::vector<std::string>> lintProject() {
    LintRequest request;
    request.paths = {dir_.path().string()};
    request.onlyRules = {"drop-column", "drop-object", "drop-table", "rename-column", "unbounded-dml"};
    request.jobs = 1;
    auto report = lint(request, rules::allRules());
    EXPECT_TRUE(report.ok());
    std::map<std::string, std::vector<std::string>> out;
    if (!report.ok()) return out;
    for (const Error& error : report->errors) ADD_FAILURE() << error.message;
    for (const FileReport& file : report->files) {
      auto& messages = out[fs::path(file.source->path()).filename().string()];
      for (const Finding& finding : file.findings) {
        messages.push_back(std::string(finding.rule->name) + ": " + finding.message);
      }
    }
    return out;
  }

  TempDir dir_ = std::move(TempDir::create("sluice-destructive-").value());
};

TEST_F(DestructiveHistoryTest, RollbackMayDropWhatItsForwardMigrationCreated) {
  write("20240101000000_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
  write("20240101000000_init_rollback.sql", "DROP TABLE users;\n");
  write("20240102000000_profile.sql",
        "ALTER TABLE users ADD COLUMN nick text;\n"
        "CREATE TABLE tags (id bigint, name text);\n"
        "CREATE VIEW user_tags AS SELECT u.id, t.name FROM users u, tags t;\n");
  write("20240102000000_profile_rollback.sql",
        "DROP VIEW user_tags;\n"
        "DROP TABLE tags;\n"
        "ALTER TABLE users DROP COLUMN nick;\n"
        "ALTER TABLE users DROP COLUMN email;\n"
        "DELETE FROM users;\n");
  auto findings = lintProject();

  EXPECT_TRUE(findings["20240101000000_init.sql"].empty());
  // The first rollback drops the table its own migration created.
  EXPECT_TRUE(findings["20240101000000_init_rollback.sql"].empty());
  EXPECT_TRUE(findings["20240102000000_profile.sql"].empty());
  EXPECT_EQ(findings["20240102000000_profile_rollback.sql"],
            (std::vector<std::string>{
                "drop-column: dropping column `email` of table `users`, created in 20240101000000_init, deletes its "
                "data; code that still reads or writes it fails",
                "unbounded-dml: DELETE without WHERE deletes every row of table `users`, created in "
                "20240101000000_init",
            }));
}

TEST_F(DestructiveHistoryTest, ObjectsOfEarlierMigrationsAreExistingAndNamedWithTheirOrigin) {
  write("20240101000000_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
  write("20240102000000_nick.sql",
        "ALTER TABLE users ADD COLUMN nick text;\nCREATE VIEW nicks AS SELECT nick FROM users;\n");
  write("20240103000000_cleanup.sql",
        "DROP VIEW nicks;\n"
        "ALTER TABLE users DROP COLUMN nick;\n"
        "ALTER TABLE users RENAME COLUMN email TO mail;\n");
  auto findings = lintProject();
  EXPECT_EQ(findings["20240103000000_cleanup.sql"],
            (std::vector<std::string>{
                "drop-object: dropping view `nicks`, created in 20240102000000_nick, breaks every query that reads it",
                "drop-column: dropping column `nick` of table `users`, created in 20240101000000_init (column added "
                "in 20240102000000_nick), deletes its data; code that still reads or writes it fails",
                "rename-column: renaming column `email` of table `users`, created in 20240101000000_init, to `mail` "
                "breaks every query of the running application that still uses the old name",
            }));
}

}  // namespace
}  // namespace sluice
