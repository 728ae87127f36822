// The schema model: what existed before a statement, where it came from, and what it
// does not know.
#include "linter/schema_model.hpp"

#include <gtest/gtest.h>

#include "linter/file_linter.hpp"
#include "linter/parser.hpp"

namespace sluice {
namespace {

class SchemaModelTest : public ::testing::Test {
 protected:
  // Applies `sql` as migration `id` (statements of DO blocks included, function bodies not).
  void migrate(const std::string& id, const std::string& sql) {
    texts_.push_back(sql);
    model_.beginMigration(id);
    ParsedSql parsed = parseSql(texts_.back());
    replayFile(texts_.back(), parsed, model_);
  }
  static ast::QualifiedName name(std::string table) { return {"", std::move(table)}; }

  SchemaModel model_;
  std::vector<std::string> texts_;
};

TEST_F(SchemaModelTest, TablesColumnsAndTheirOrigins) {
  migrate("1_init", "CREATE TABLE orders (id serial PRIMARY KEY, total numeric(10, 2) NOT NULL, note varchar(20));");
  migrate("2_more", "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';");
  const ModelTable* orders = model_.table(name("orders"));
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->origin, "1_init");
  // serial is an integer with a default, not a type of its own.
  EXPECT_EQ(orders->column("id")->type.display(), "int4");
  EXPECT_TRUE(orders->column("id")->notNull);
  EXPECT_EQ(orders->column("total")->type.display(), "numeric(10,2)");
  EXPECT_TRUE(orders->column("total")->notNull);
  EXPECT_EQ(orders->column("status")->origin, "2_more");
  EXPECT_TRUE(orders->column("status")->hasDefault);
  EXPECT_TRUE(model_.isNewColumn(name("orders"), "status"));
  EXPECT_FALSE(model_.isNewColumn(name("orders"), "note"));
  EXPECT_FALSE(model_.isNewTable(name("orders")));
  EXPECT_EQ(model_.describe(ObjectKind::Table, name("orders")), "table `orders`, created in 1_init");
  EXPECT_EQ(model_.describeColumn(name("orders"), "status"),
            "column `status` of table `orders`, added in this migration");
  EXPECT_EQ(model_.describeColumn(name("orders"), "note"), "column `note` of table `orders`, created in 1_init");
  // The primary key's index is an index of the table, under the name PostgreSQL gives it.
  auto indexes = model_.indexesOf(name("orders"));
  ASSERT_EQ(indexes.size(), 1U);
  EXPECT_EQ(indexes[0]->name.name, "orders_pkey");
  EXPECT_EQ(indexes[0]->columns, std::vector<std::string>{"id"});
}

TEST_F(SchemaModelTest, TypeChangesRenamesAndDropsAreFollowed) {
  migrate("1",
          "CREATE TABLE t (a varchar(10), b int, c int);\n"
          "CREATE INDEX t_b_idx ON t (lower(b::text));\n"
          "ALTER TABLE t ADD CONSTRAINT t_c_key UNIQUE (c);");
  migrate("2",
          "ALTER TABLE t ALTER COLUMN a TYPE text;\n"
          "ALTER TABLE t RENAME COLUMN b TO bb;\n"
          "ALTER TABLE t RENAME TO u;\n"
          "ALTER TABLE u DROP COLUMN c;");
  EXPECT_EQ(model_.table(name("t")), nullptr);
  const ModelTable* u = model_.table(name("u"));
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->column("a")->type.display(), "text");
  EXPECT_EQ(u->column("a")->typeOrigin, "2");
  ASSERT_NE(u->column("bb"), nullptr);
  EXPECT_EQ(u->column("c"), nullptr);
  // The expression index follows its table and its column's new name; the unique
  // constraint's index went with the dropped column.
  auto indexes = model_.indexesOf(name("u"));
  ASSERT_EQ(indexes.size(), 1U);
  EXPECT_EQ(indexes[0]->name.name, "t_b_idx");
  EXPECT_EQ(indexes[0]->columns, std::vector<std::string>{"bb"});
  EXPECT_TRUE(u->constraints.empty());
}

TEST_F(SchemaModelTest, RenamedIndexesViewsAndTriggersKeepTheirTable) {
  migrate("1",
          "CREATE TABLE product (team_id int);\n"
          "CREATE INDEX product_team_idx ON product (team_id);\n"
          "CREATE VIEW v AS SELECT 1;\n"
          "CREATE TRIGGER trg BEFORE UPDATE ON product FOR EACH ROW EXECUTE FUNCTION f();");
  migrate("2",
          "ALTER TABLE product RENAME COLUMN team_id TO org_id;\n"
          "ALTER INDEX product_team_idx RENAME TO product_org_idx;\n"
          "ALTER VIEW v RENAME TO w;\n"
          "ALTER TRIGGER trg ON product RENAME TO trg2;\n"
          "ALTER TABLE product RENAME TO project;");
  EXPECT_EQ(model_.object(ObjectKind::Index, name("product_team_idx")), nullptr);
  const ModelObject* index = model_.object(ObjectKind::Index, name("product_org_idx"));
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->tableKey, "public.project");
  EXPECT_EQ(index->columns, std::vector<std::string>{"org_id"});
  EXPECT_EQ(index->origin, "1");
  EXPECT_NE(model_.object(ObjectKind::View, name("w")), nullptr);
  EXPECT_NE(model_.object(ObjectKind::Trigger, name("trg2")), nullptr);
  EXPECT_EQ(model_.indexesOf(name("project")).size(), 1U);
}

TEST_F(SchemaModelTest, EnumsViewsSequencesFunctionsAndSchemas) {
  migrate("1",
          "CREATE SCHEMA app;\n"
          "CREATE TYPE app.mood AS ENUM ('sad', 'ok');\n"
          "CREATE SEQUENCE app.counter;\n"
          "CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
          "CREATE VIEW app.v AS SELECT 1;");
  migrate("2",
          "ALTER TYPE app.mood ADD VALUE 'happy';\n"
          "ALTER TYPE app.mood ADD VALUE IF NOT EXISTS 'ok';");
  const ModelObject* mood = model_.object(ObjectKind::Type, {"app", "mood"});
  ASSERT_NE(mood, nullptr);
  EXPECT_TRUE(mood->isEnum);
  EXPECT_EQ(mood->enumValues, (std::vector<std::string>{"sad", "ok", "happy"}));
  EXPECT_TRUE(model_.isNewEnumValue({"app", "mood"}, "happy"));
  EXPECT_FALSE(model_.isNewEnumValue({"app", "mood"}, "ok"));
  EXPECT_NE(model_.object(ObjectKind::Sequence, {"app", "counter"}), nullptr);
  EXPECT_NE(model_.object(ObjectKind::Function, {"app", "f"}), nullptr);
  EXPECT_NE(model_.object(ObjectKind::View, {"app", "v"}), nullptr);
  migrate("3", "DROP SCHEMA app CASCADE;");
  EXPECT_EQ(model_.object(ObjectKind::Type, {"app", "mood"}), nullptr);
  EXPECT_EQ(model_.object(ObjectKind::View, {"app", "v"}), nullptr);
}

TEST_F(SchemaModelTest, FunctionsKeepOneEntryPerOverload) {
  migrate("1",
          "CREATE FUNCTION quota(tier integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT 1 $$;\n"
          "CREATE FUNCTION quota(name varchar(20)) RETURNS bigint LANGUAGE sql AS $$ SELECT 2 $$;");
  auto overloads = [&] {
    std::vector<std::string> out;
    const ModelObject* quota = model_.object(ObjectKind::Function, name("quota"));
    if (quota == nullptr) return out;
    for (const auto& overload : quota->overloads) out.push_back(overload.signature.arguments.at(0));
    return out;
  };
  EXPECT_EQ(overloads(), (std::vector<std::string>{"int4", "varchar"}));  // modifiers are not part of a signature
  // Without an argument list PostgreSQL refuses to drop one of several overloads.
  migrate("2", "DROP FUNCTION quota;");
  EXPECT_EQ(overloads().size(), 2U);
  // CREATE OR REPLACE replaces the overload with the same argument types.
  migrate("3", "CREATE OR REPLACE FUNCTION quota(int4) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT 3 $$;");
  ASSERT_EQ(overloads().size(), 2U);
  EXPECT_EQ(model_.object(ObjectKind::Function, name("quota"))->overloads[0].volatility, ast::Volatility::Stable);
  // DROP FUNCTION f(args) drops that overload only; the last one takes the function.
  migrate("4", "DROP FUNCTION quota(character varying);");
  EXPECT_EQ(overloads(), (std::vector<std::string>{"int4"}));
  migrate("5", "DROP FUNCTION quota;");
  EXPECT_EQ(model_.object(ObjectKind::Function, name("quota")), nullptr);
}

TEST_F(SchemaModelTest, ColumnsFollowTheirTypeWhenItIsRenamed) {
  migrate("1", "CREATE TYPE \"Status\" AS ENUM ('A', 'B');\nCREATE TABLE t (s \"Status\");");
  migrate("2",
          "CREATE TYPE \"Status_new\" AS ENUM ('A');\n"
          "ALTER TABLE t ALTER COLUMN s TYPE \"Status_new\" USING (s::text::\"Status_new\");\n"
          "ALTER TYPE \"Status\" RENAME TO \"Status_old\";\n"
          "ALTER TYPE \"Status_new\" RENAME TO \"Status\";\n"
          "DROP TYPE \"Status_old\";");
  EXPECT_EQ(model_.table(name("t"))->column("s")->type.display(), "Status");
  const ModelObject* status = model_.object(ObjectKind::Type, name("Status"));
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->enumValues, std::vector<std::string>{"A"});
}

TEST_F(SchemaModelTest, AnAlterOfAnUnknownTableRecordsItAsInferred) {
  migrate("1", "ALTER TABLE legacy ADD COLUMN flag boolean;");
  const ModelTable* legacy = model_.table(name("legacy"));
  ASSERT_NE(legacy, nullptr);
  EXPECT_TRUE(legacy->inferred);
  EXPECT_FALSE(legacy->columnsKnown);
  EXPECT_TRUE(legacy->origin.empty());
  EXPECT_FALSE(model_.isNewTable(name("legacy")));
  EXPECT_EQ(legacy->column("flag")->origin, "1");
  EXPECT_EQ(model_.describe(ObjectKind::Table, name("legacy")), "table `legacy`");
  // IF EXISTS on a table the model never saw says nothing about it.
  migrate("2", "ALTER TABLE IF EXISTS ghost ADD COLUMN x int;");
  EXPECT_EQ(model_.table(name("ghost")), nullptr);
}

TEST_F(SchemaModelTest, DynamicSqlMakesTheTablesItNamesUnknown) {
  migrate("1", "CREATE TABLE users (id int); CREATE TABLE posts (id int);");
  migrate("2", "DO $$ BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN x int', 'users'); END $$;");
  EXPECT_FALSE(model_.table(name("users"))->columnsKnown);
  EXPECT_TRUE(model_.table(name("posts"))->columnsKnown);
}

TEST_F(SchemaModelTest, DoBlocksChangeTheModelAndFunctionBodiesDoNot) {
  migrate(
      "1",
      "DO $$ BEGIN CREATE TABLE made_now (id int); END $$;\n"
      "CREATE FUNCTION later() RETURNS void LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE made_later (id int); END $$;");
  EXPECT_NE(model_.table(name("made_now")), nullptr);
  EXPECT_EQ(model_.table(name("made_later")), nullptr);
  EXPECT_NE(model_.object(ObjectKind::Function, name("later")), nullptr);
}

TEST_F(SchemaModelTest, LikeInheritsAndPartitionsCopyKnownColumns) {
  migrate("1",
          "CREATE TABLE base (id int, at timestamptz);\n"
          "CREATE TABLE copy (LIKE base INCLUDING ALL, extra text);\n"
          "CREATE TABLE events (id int, at timestamptz) PARTITION BY RANGE (at);\n"
          "CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
          "CREATE TABLE other (LIKE unknown_table);");
  EXPECT_NE(model_.table(name("copy"))->column("at"), nullptr);
  EXPECT_NE(model_.table(name("copy"))->column("extra"), nullptr);
  EXPECT_TRUE(model_.table(name("events"))->partitioned);
  EXPECT_NE(model_.table(name("events_2024"))->column("at"), nullptr);
  EXPECT_FALSE(model_.table(name("other"))->columnsKnown);
}

TEST_F(SchemaModelTest, CopiesAreIndependent) {
  migrate("1", "CREATE TABLE t (a int);");
  SchemaModel copy = model_;
  migrate("2", "ALTER TABLE t ADD COLUMN b int; ALTER TABLE t RENAME COLUMN a TO aa;");
  EXPECT_NE(copy.table(name("t"))->column("a"), nullptr);
  EXPECT_EQ(copy.table(name("t"))->column("b"), nullptr);
  EXPECT_NE(model_.table(name("t"))->column("aa"), nullptr);
}

TEST_F(SchemaModelTest, SeenLaterNothingIsNew) {
  migrate("1", "CREATE TABLE t (a int);");
  EXPECT_TRUE(model_.isNewTable(name("t")));
  model_.beginMigration(std::string(SchemaModel::kLater));
  EXPECT_FALSE(model_.isNewTable(name("t")));
  EXPECT_FALSE(model_.isNewColumn(name("t"), "a"));
}

TEST_F(SchemaModelTest, TablesCreatedWithNewerSyntaxAreStillKnown) {
  // PostgreSQL 16 allows a subquery in FROM without an alias and PostgreSQL 18 named NOT
  // NULL constraints; libpg_query (PostgreSQL 15) rejects both statements whole.
  migrate("1_merge",
          "CREATE TABLE comment_actions AS SELECT person_id, comment_id FROM (SELECT person_id, comment_id "
          "FROM comment_like);\n"
          "CREATE UNLOGGED TABLE IF NOT EXISTS \"Audit\".\"Log\" (id int, CONSTRAINT log_id_not_null NOT NULL id);\n"
          "CREATE TEMP TABLE scratch (id int, CONSTRAINT scratch_id_not_null NOT NULL id);");
  const ModelTable* actions = model_.table(name("comment_actions"));
  ASSERT_NE(actions, nullptr);
  EXPECT_EQ(actions->origin, "1_merge");
  EXPECT_FALSE(actions->columnsKnown);
  EXPECT_TRUE(model_.isNewTable(name("comment_actions")));
  EXPECT_TRUE(model_.isNewTable({"Audit", "Log"}));
  ASSERT_NE(model_.table(name("scratch")), nullptr);
  EXPECT_TRUE(model_.table(name("scratch"))->temporary);
  migrate("2_later", "SELECT 1;");
  EXPECT_FALSE(model_.isNewTable(name("comment_actions")));
  EXPECT_EQ(model_.describe(ObjectKind::Table, name("comment_actions")), "table `comment_actions`, created in 1_merge");
  // Only CREATE TABLE is read from an unparsed statement: nothing else is guessed.
  migrate("3_other", "CREATE VIEW v AS SELECT * FROM (SELECT 1);\nALTER TABLE t ADD CONSTRAINT t_a NOT NULL a;");
  EXPECT_EQ(model_.object(ObjectKind::View, name("v")), nullptr);
  EXPECT_EQ(model_.table(name("t")), nullptr);
}

TEST_F(SchemaModelTest, MaterializedViewsAreRelationsLikeTables) {
  // CREATE INDEX and lock-taking statements name a materialized view where a table goes.
  migrate("1_views", "CREATE TABLE c (id int);\nCREATE MATERIALIZED VIEW m AS SELECT * FROM c;");
  EXPECT_TRUE(model_.isNewTable(name("m")));
  EXPECT_EQ(model_.table(name("m")), nullptr);
  migrate("2_index", "CREATE INDEX m_id ON m (id);");
  EXPECT_FALSE(model_.isNewTable(name("m")));
  EXPECT_EQ(model_.describe(ObjectKind::Table, name("m")), "materialized view `m`, created in 1_views");
  EXPECT_EQ(model_.describe(ObjectKind::Table, name("unknown")), "table `unknown`");
}

TEST_F(SchemaModelTest, RenamesRememberTheNameBeforeTheMigration) {
  migrate("1", "CREATE TABLE user_ (id int, avatar text);");
  migrate("2",
          "ALTER TABLE user_ RENAME TO person;\n"
          "ALTER TABLE person RENAME COLUMN avatar TO icon;\n"
          "ALTER TABLE person RENAME COLUMN icon TO image;");
  // Within migration 2 (its rollback reads the model with the same id).
  EXPECT_TRUE(model_.undoesRename(name("person"), {}, "user_"));
  EXPECT_TRUE(model_.undoesRename(name("person"), "image", "avatar"));
  EXPECT_FALSE(model_.undoesRename(name("person"), "image", "icon"));
  EXPECT_FALSE(model_.undoesRename(name("person"), "id", "user_id"));
  // Columns of a table whose columns the model does not know are followed too.
  migrate("2b", "CREATE TABLE actions AS SELECT * FROM person;\nALTER TABLE actions RENAME COLUMN liked TO voted_at;");
  EXPECT_TRUE(model_.undoesRename(name("actions"), "voted_at", "liked"));
  migrate("3", "SELECT 1;");
  // A later migration renaming back is a new rename.
  EXPECT_FALSE(model_.undoesRename(name("person"), {}, "user_"));
  EXPECT_FALSE(model_.undoesRename(name("person"), "image", "avatar"));
}

}  // namespace
}  // namespace sluice
