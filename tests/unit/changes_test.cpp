// What statements change, object by object, and what a migration's rollback has to undo.
#include "linter/changes.hpp"

#include <gtest/gtest.h>

#include "linter/file_linter.hpp"

namespace sluice {
namespace {

// The changes of `sql` as migration "2", after `history` as migration "1".
std::vector<Change> changesOf(const std::string& history, const std::string& sql) {
  static std::vector<std::string> keep;
  keep.push_back(history);
  keep.push_back(sql);
  const std::string& before = keep[keep.size() - 2];
  const std::string& now = keep.back();
  SchemaModel model;
  model.beginMigration("1");
  ParsedSql old = parseSql(before);
  replayFile(before, old, model);
  model.beginMigration("2");
  ParsedSql parsed = parseSql(now);
  std::vector<Change> out;
  for (std::size_t i = 0; i < parsed.statements.size(); ++i) {
    for (Change& change : statementChanges(model, parsed.statements[i], i)) out.push_back(change);
    model.apply(parsed.statements[i].node);
  }
  return out;
}

std::vector<std::string> summaries(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  for (const Change& change : changes) out.push_back(summarizeChange(change));
  return out;
}

TEST(Changes, StatementsAreJudgedAgainstTheHistory) {
  auto changes = changesOf("CREATE TABLE users (id int, email text, name text);",
                           "ALTER TABLE users ADD COLUMN phone text, ALTER COLUMN email SET NOT NULL;\n"
                           "ALTER TABLE users ALTER COLUMN name TYPE varchar(10);\n"
                           "UPDATE users SET email = lower(email);\n"
                           "CREATE TABLE logs (id int);\n"
                           "INSERT INTO logs SELECT id FROM users;");
  ASSERT_EQ(changes.size(), 6U);
  EXPECT_EQ(changes[0].action, ChangeAction::Create);
  EXPECT_EQ(changes[0].target, ChangeTarget::Column);
  EXPECT_FALSE(changes[0].existed);
  EXPECT_TRUE(changes[0].onExistingTable);
  EXPECT_TRUE(touchesExisting(changes[0]));
  EXPECT_EQ(changes[1].action, ChangeAction::AlterNullability);
  EXPECT_TRUE(changes[1].existed);
  EXPECT_EQ(changes[2].action, ChangeAction::AlterType);
  ASSERT_TRUE(changes[2].oldTypeKnown);
  EXPECT_EQ(changes[2].oldType.display(), "text");
  EXPECT_EQ(changes[2].newType.display(), "varchar(10)");
  EXPECT_EQ(changes[3].action, ChangeAction::Update);
  EXPECT_EQ(changes[3].member, "email");      // overwrites a column that held data
  EXPECT_FALSE(touchesExisting(changes[4]));  // a new table
  EXPECT_EQ(changes[5].action, ChangeAction::Insert);
  EXPECT_TRUE(changes[5].fromQuery);
  EXPECT_FALSE(changes[5].existed);
}

TEST(Changes, TheNetEffectFollowsRenamesAndCancelsWhatComesAndGoes) {
  auto changes = changesOf("CREATE TABLE users (id int, a int); CREATE TYPE role AS ENUM ('x');",
                           "CREATE TABLE scratch (id int);\n"
                           "DROP TABLE scratch;\n"
                           "CREATE TABLE new_users (id int);\n"
                           "CREATE INDEX new_users_id ON new_users (id);\n"
                           "ALTER TABLE new_users RENAME TO people;\n"
                           "ALTER TABLE users RENAME COLUMN a TO b;\n"
                           "ALTER TABLE users RENAME COLUMN b TO c;\n"
                           "ALTER TYPE role RENAME TO role_old;\n"
                           "CREATE TYPE role AS ENUM ('x', 'y');\n"
                           "DROP TYPE role_old;\n"
                           "ALTER TABLE users DROP COLUMN id, ADD COLUMN id bigint;");
  auto net = summaries(netSchemaChanges(changes));
  EXPECT_EQ(net, (std::vector<std::string>{"creates table `people`", "renames column `a` of table `users` to `c`",
                                           "replaces type `role`", "replaces column `id` of table `users`"}));
  // Rebuilt columns need no undoing; the rest does.
  EXPECT_EQ(changesToUndo(changes).size(), 3U);
}

TEST(Changes, DropsOfWhatTheHistoryNeverHadAreNotClaimed) {
  auto changes = changesOf("CREATE TABLE users (id int);",
                           "DROP TABLE IF EXISTS ghosts;\n"
                           "DROP TABLE users CASCADE;\n"
                           "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
                           "UPDATE pg_index SET indisready = false WHERE false;");
  auto net = netSchemaChanges(changes);
  ASSERT_EQ(net.size(), 2U);
  EXPECT_EQ(summarizeChange(net[0]), "drops table `users`");
  EXPECT_TRUE(net[0].cascade);
  EXPECT_TRUE(net[1].ensure);
  EXPECT_EQ(changesToUndo(changes).size(), 1U);
  // Writing to the catalog is not a data change of the application.
  EXPECT_TRUE(
      std::none_of(changes.begin(), changes.end(), [](const Change& c) { return c.action == ChangeAction::Update; }));
}

}  // namespace
}  // namespace sluice
