// The inverse of each kind of statement, as `sluice rollback generate` writes it.
#include <gtest/gtest.h>

#include "linter/rollback/generate.hpp"

namespace sluice {
namespace {

using rollback::generateRollbackOfText;

const std::string kOrders =
    "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(10,2) NOT NULL DEFAULT 0, "
    "note text, user_id bigint CONSTRAINT orders_user_fk REFERENCES users (id));\n"
    "CREATE INDEX \"orders_total_idx\" ON orders (total);\n";
const std::string kUsers = "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n";

std::string rollbackOf(const std::string& sql, const std::vector<std::string>& history = {kUsers + kOrders}) {
  rollback::GeneratedRollback generated = generateRollbackOfText(history, sql);
  EXPECT_EQ(generated.cannotCount, 0U) << generated.sql;
  return generated.sql;
}

TEST(RollbackGenerate, CreatedObjectsAreDroppedInReverseOrder) {
  EXPECT_EQ(rollbackOf("CREATE TABLE items (id int PRIMARY KEY);\nCREATE INDEX items_id ON items (id);\n"
                       "CREATE VIEW v AS SELECT 1 AS one;\nCREATE SEQUENCE s;\nCREATE TYPE mood AS ENUM ('a');\n"
                       "CREATE SCHEMA app;\nCREATE EXTENSION hstore;\n",
                       {}),
            "DROP EXTENSION \"hstore\";\nDROP SCHEMA \"app\";\nDROP TYPE \"mood\";\nDROP SEQUENCE \"s\";\n"
            "DROP VIEW \"v\";\nDROP INDEX \"items_id\";\nDROP TABLE \"items\";\n");
}

TEST(RollbackGenerate, ColumnsConstraintsAndIndexesOnExistingTables) {
  EXPECT_EQ(rollbackOf("ALTER TABLE orders ADD COLUMN paid boolean NOT NULL DEFAULT false;\n"
                       "ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total >= 0);\n"
                       "ALTER TABLE orders ADD UNIQUE (note);\n"),
            "ALTER TABLE \"orders\" DROP CONSTRAINT \"orders_note_key\";\n"
            "ALTER TABLE \"orders\" DROP CONSTRAINT \"total_positive\";\n"
            "ALTER TABLE \"orders\" DROP COLUMN \"paid\";\n");
}

TEST(RollbackGenerate, ConcurrentIndexIsDroppedConcurrently) {
  EXPECT_EQ(rollbackOf("CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n"),
            "DROP INDEX CONCURRENTLY \"orders_note_idx\";\n");
}

TEST(RollbackGenerate, FunctionsAndTriggersAreDroppedByTheirSignature) {
  EXPECT_EQ(rollbackOf("CREATE FUNCTION touch(a integer, b text) RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                       "RETURN NEW; END $$;\nCREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW "
                       "EXECUTE FUNCTION touch();\n"),
            "DROP TRIGGER \"orders_touch\" ON \"orders\";\nDROP ROUTINE \"touch\"(int4, text);\n");
}

TEST(RollbackGenerate, RenamesAreReversed) {
  EXPECT_EQ(rollbackOf("ALTER TABLE orders RENAME COLUMN note TO remark;\nALTER TABLE orders RENAME TO purchases;\n"
                       "ALTER INDEX orders_total_idx RENAME TO purchases_total_idx;\n"
                       "ALTER TABLE purchases RENAME CONSTRAINT orders_user_fk TO purchases_user_fk;\n"),
            "ALTER TABLE \"purchases\" RENAME CONSTRAINT \"purchases_user_fk\" TO \"orders_user_fk\";\n"
            "ALTER INDEX \"purchases_total_idx\" RENAME TO \"orders_total_idx\";\n"
            "ALTER TABLE \"purchases\" RENAME TO \"orders\";\n"
            "ALTER TABLE \"orders\" RENAME COLUMN \"remark\" TO \"note\";\n");
}

TEST(RollbackGenerate, TypeDefaultAndNotNullAreRestored) {
  EXPECT_EQ(rollbackOf("ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);\n"
                       "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 1;\n"
                       "ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'x';\n"
                       "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n"
                       "ALTER TABLE orders ALTER COLUMN total DROP NOT NULL;\n"),
            "ALTER TABLE \"orders\" ALTER COLUMN \"total\" SET NOT NULL;\n"
            "ALTER TABLE \"orders\" ALTER COLUMN \"note\" DROP NOT NULL;\n"
            "ALTER TABLE \"orders\" ALTER COLUMN \"note\" DROP DEFAULT;\n"
            "ALTER TABLE orders ALTER COLUMN total SET DEFAULT 0;\n"
            "ALTER TABLE \"orders\" ALTER COLUMN \"total\" TYPE numeric(10, 2) USING \"total\"::numeric(10, 2);\n");
}

TEST(RollbackGenerate, EnumColumnsChangeTypeThroughText) {
  std::string history = "CREATE TYPE \"Role\" AS ENUM ('A', 'B');\nCREATE TABLE u (role \"Role\");\n";
  // Prisma's way of removing an enum value: a new type, swapped in by renames.
  std::string sql = rollbackOf(
      "CREATE TYPE \"Role_new\" AS ENUM ('A');\n"
      "ALTER TABLE u ALTER COLUMN role TYPE \"Role_new\" USING (role::text::\"Role_new\");\n"
      "ALTER TYPE \"Role\" RENAME TO \"Role_old\";\nALTER TYPE \"Role_new\" RENAME TO \"Role\";\n"
      "DROP TYPE \"Role_old\";\n",
      {history});
  EXPECT_EQ(sql,
            "CREATE TYPE \"Role_old\" AS ENUM ('A', 'B');\n"
            "ALTER TYPE \"Role\" RENAME TO \"Role_new\";\n"
            "ALTER TYPE \"Role_old\" RENAME TO \"Role\";\n"
            "ALTER TABLE \"u\" ALTER COLUMN \"role\" TYPE \"Role\" USING \"role\"::text::\"Role\";\n"
            "DROP TYPE \"Role_new\";\n");
}

TEST(RollbackGenerate, DroppedIndexesAndConstraintsComeBackFromTheirDefinitions) {
  EXPECT_EQ(rollbackOf("DROP INDEX orders_total_idx;\nALTER TABLE orders DROP CONSTRAINT orders_user_fk;\n"),
            "ALTER TABLE orders ADD CONSTRAINT \"orders_user_fk\" FOREIGN KEY (user_id) REFERENCES users (id);\n"
            "CREATE INDEX \"orders_total_idx\" ON orders USING btree (total);\n");
}

// Shaped like Kratos' form_refactoring: the table and its foreign-key column were renamed
// after the constraint was written, and a later migration drops the table.
TEST(RollbackGenerate, DefinitionsComeBackWithTheColumnNamesTheyHaveNow) {
  std::vector<std::string> history{
      kUsers + kOrders,
      "ALTER TABLE orders RENAME COLUMN user_id TO buyer_id;\nALTER TABLE users RENAME COLUMN id TO user_key;\n"
      "ALTER TABLE orders RENAME COLUMN total TO amount;\nALTER TABLE orders RENAME TO purchases;\n"};
  std::string table = rollbackOf("DROP TABLE purchases;\n", history);
  EXPECT_NE(
      table.find("ALTER TABLE purchases ADD CONSTRAINT \"orders_user_fk\" FOREIGN KEY (buyer_id) REFERENCES users "
                 "(user_key);"),
      std::string::npos)
      << table;
  EXPECT_NE(table.find("CREATE INDEX \"orders_total_idx\" ON purchases USING btree (amount);"), std::string::npos)
      << table;
  EXPECT_EQ(rollbackOf("DROP INDEX orders_total_idx;\n", history),
            "CREATE INDEX \"orders_total_idx\" ON purchases USING btree (amount);\n");
}

// Prisma's names keep their case: libpg_query's deparser writes index and constraint
// names unquoted, which PostgreSQL would fold to lower case.
TEST(RollbackGenerate, MixedCaseIndexAndConstraintNamesAreQuoted) {
  std::vector<std::string> history{
      "CREATE TABLE \"User\" (id text PRIMARY KEY);\n"
      "CREATE TABLE \"Action\" (id text PRIMARY KEY, \"actionClassId\" text, \"userId\" text);\n"
      "CREATE INDEX \"Action_actionClassId_idx\" ON \"Action\"(\"actionClassId\");\n"
      "ALTER TABLE \"Action\" ADD CONSTRAINT \"Action_userId_fkey\" FOREIGN KEY (\"userId\") REFERENCES "
      "\"User\"(id);\n"};
  EXPECT_EQ(rollbackOf("DROP INDEX \"Action_actionClassId_idx\";\n"
                       "ALTER TABLE \"Action\" DROP CONSTRAINT \"Action_userId_fkey\";\n",
                       history),
            "ALTER TABLE \"Action\" ADD CONSTRAINT \"Action_userId_fkey\" FOREIGN KEY (\"userId\") REFERENCES "
            "\"User\" (id);\n"
            "CREATE INDEX \"Action_actionClassId_idx\" ON \"Action\" USING btree (\"actionClassId\");\n");
}

// PostgreSQL shortens a default name over 63 bytes by cutting the longer of the table and
// column parts (makeObjectName); the rollback must name the constraint as the server did.
TEST(RollbackGenerate, LongDefaultConstraintNamesAreShortenedAsPostgreSqlDoes) {
  std::vector<std::string> history{
      "CREATE TABLE selfservice_login_requests (id uuid PRIMARY KEY);\n"
      "CREATE TABLE selfservice_login_request_methods (id uuid PRIMARY KEY, selfservice_login_request_id uuid "
      "NOT NULL REFERENCES selfservice_login_requests (id));\n"};
  EXPECT_EQ(rollbackOf("ALTER TABLE selfservice_login_request_methods DROP CONSTRAINT "
                       "selfservice_login_request_met_selfservice_login_request_id_fkey;\n",
                       history),
            "ALTER TABLE selfservice_login_request_methods ADD CONSTRAINT "
            "\"selfservice_login_request_met_selfservice_login_request_id_fkey\" FOREIGN KEY "
            "(selfservice_login_request_id) REFERENCES selfservice_login_requests (id);\n");
}

TEST(RollbackGenerate, DroppedColumnsAndTablesComeBackEmptyAndSaySo) {
  std::string column = rollbackOf("ALTER TABLE orders DROP COLUMN user_id;\n");
  EXPECT_NE(column.find("-- sluice: column \"user_id\" of \"orders\" comes back empty"), std::string::npos) << column;
  EXPECT_NE(
      column.find("ALTER TABLE orders ADD COLUMN user_id bigint;\n"
                  "ALTER TABLE orders ADD CONSTRAINT \"orders_user_fk\" FOREIGN KEY (user_id) REFERENCES users (id);"),
      std::string::npos)
      << column;
  std::string table = rollbackOf("DROP TABLE orders;\n");
  EXPECT_NE(table.find("-- sluice: table \"orders\" comes back empty"), std::string::npos) << table;
  EXPECT_NE(table.find("CREATE TABLE orders (id bigint NOT NULL, total numeric(10, 2) NOT NULL DEFAULT 0, note text, "
                       "user_id bigint);"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("ALTER TABLE orders ADD CONSTRAINT \"orders_pkey\" PRIMARY KEY (id);"), std::string::npos)
      << table;
  EXPECT_NE(table.find("CREATE INDEX \"orders_total_idx\" ON orders USING btree (total);"), std::string::npos) << table;
}

TEST(RollbackGenerate, ReplacedFunctionsAndCommentsGoBackToTheirEarlierText) {
  std::string history = "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\nCOMMENT ON TABLE t IS 'old';\n";
  std::string sql = rollbackOf(
      "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2';\nCOMMENT ON TABLE t IS 'new';\n"
      "COMMENT ON COLUMN t.c IS 'c';\n",
      {"CREATE TABLE t (c int);\n" + history});
  EXPECT_EQ(sql,
            "COMMENT ON COLUMN t.c IS NULL;\nCOMMENT ON TABLE t IS 'old';\n"
            "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$SELECT 1$$;\n");
}

TEST(RollbackGenerate, WhatTheModelCannotUndoIsSaidWithTheReason) {
  rollback::GeneratedRollback generated =
      generateRollbackOfText({kUsers + kOrders + "CREATE TYPE mood AS ENUM ('a');\n"},
                             "ALTER TYPE mood ADD VALUE 'b';\nUPDATE orders SET note = 'x';\nDELETE FROM users;\n"
                             "GRANT SELECT ON orders TO public;\nCREATE TABLE broken (;\n");
  EXPECT_EQ(generated.cannotCount, 5U) << generated.sql;
  EXPECT_NE(generated.sql.find("-- sluice: cannot generate the undo of `CREATE TABLE broken (;` (line 5): sluice could "
                               "not read it (syntax error at or near \";\")"),
            std::string::npos)
      << generated.sql;
  EXPECT_NE(
      generated.sql.find("-- sluice: cannot generate the undo of `GRANT SELECT ON orders TO public` (line 4): the "
                         "schema model does not follow it"),
      std::string::npos);
  EXPECT_NE(generated.sql.find("-- sluice: cannot generate DELETE FROM \"users\": the rows it deleted are gone"),
            std::string::npos);
  EXPECT_NE(generated.sql.find("-- sluice: cannot generate UPDATE of \"orders\".\"note\""), std::string::npos);
  EXPECT_NE(generated.sql.find("-- sluice: cannot generate the removal of value 'b' from enum type \"mood\": "
                               "PostgreSQL cannot remove a value from an enum type"),
            std::string::npos);
}

TEST(RollbackGenerate, DataChangesOnlyToWhatTheMigrationCreatedNeedNoUndo) {
  EXPECT_EQ(rollbackOf("ALTER TABLE orders ADD COLUMN paid boolean;\nUPDATE orders SET paid = true;\n"
                       "CREATE TABLE seen (id int);\nINSERT INTO seen VALUES (1);\nBEGIN;\nSET lock_timeout = '1s';\n"
                       "COMMIT;\n"),
            "DROP TABLE \"seen\";\nALTER TABLE \"orders\" DROP COLUMN \"paid\";\n");
}

}  // namespace
}  // namespace sluice
