// SQL inside DO blocks and function bodies becomes statements of the file, with file
// offsets.
#include "linter/bodies.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "linter/transaction.hpp"
#include "tests/unit/statement_helpers.hpp"

namespace sluice {
namespace {

using ::testing::ElementsAre;
using testing::nested;
using testing::nestedTexts;
using testing::textOf;

TEST(Bodies, DoBlockStatementsFollowTheirParentWithFileOffsets) {
  std::string sql =
      "CREATE TABLE t (x int);\n"
      "DO $body$\n"
      "DECLARE n int;\n"
      "BEGIN\n"
      "  SELECT count(*) INTO n FROM t;\n"
      "  IF n > 0 THEN\n"
      "    CREATE INDEX t_x ON orders (x);\n"
      "  END IF;\n"
      "  COMMIT;\n"
      "END $body$;\n"
      "SELECT 1;";
  ParsedSql parsed = parseSql(sql);
  ASSERT_EQ(parsed.statements.size(), 6U);
  EXPECT_EQ(parsed.statements[1].node->node_case, PG_QUERY__NODE__NODE_DO_STMT);
  const Statement& select = parsed.statements[2];
  EXPECT_EQ(select.depth, 1);
  EXPECT_EQ(select.body, BodyKind::DoBlock);
  EXPECT_EQ(select.parent, 1U);
  // PL/pgSQL blanks the INTO clause; the span still covers the statement as written.
  EXPECT_EQ(textOf(sql, select), "SELECT count(*) INTO n FROM t");
  ASSERT_TRUE(select.parsed());
  EXPECT_EQ(select.node->select_stmt->into_clause, nullptr);
  const Statement& index = parsed.statements[3];
  EXPECT_EQ(textOf(sql, index), "CREATE INDEX t_x ON orders (x)");
  auto location = static_cast<std::size_t>(index.node->index_stmt->relation->location);
  EXPECT_EQ(sql.substr(index.locationBase + location, 6), "orders");
  EXPECT_EQ(transactionControl(parsed.statements[4].node), TransactionControl::Commit);
  EXPECT_EQ(parsed.statements[5].depth, 0);
}

TEST(Bodies, FunctionBodiesAreFunctionKindAndSqlFunctionsToo) {
  std::string sql =
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE t SET x = 1; RETURN NEW; END $$;\n"
      "CREATE FUNCTION g() RETURNS void LANGUAGE sql AS $$ DELETE FROM t; INSERT INTO t VALUES (1) $$;\n"
      "CREATE FUNCTION h() RETURNS int LANGUAGE c AS 'lib', 'h';";
  ParsedSql parsed = parseSql(sql);
  EXPECT_THAT(nestedTexts(sql, parsed), ElementsAre("UPDATE t SET x = 1", "DELETE FROM t", "INSERT INTO t VALUES (1)"));
  for (const Statement* statement : nested(parsed)) EXPECT_EQ(statement->body, BodyKind::Function);
  EXPECT_TRUE(parsed.opaque.empty());  // function bodies do not run now
}

TEST(Bodies, SingleQuotedBodiesMapWhereTheirBytesAreTheFileBytes) {
  std::string sql =
      "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS '\n"
      "BEGIN\n"
      "  DROP TABLE legacy;\n"
      "  UPDATE t SET x = ''a'';\n"
      "END';";
  // The UPDATE holds doubled quotes: its offsets cannot be mapped, so it is skipped.
  EXPECT_THAT(nestedTexts(sql, parseSql(sql)), ElementsAre("DROP TABLE legacy"));
}

TEST(Bodies, DynamicSqlIsOpaqueUnlessItIsAConstant) {
  std::string sql =
      "DO $$\n"
      "BEGIN\n"
      "  EXECUTE 'DROP TABLE accounts';\n"
      "  EXECUTE format('ALTER TABLE %I ADD COLUMN x int', 'users');\n"
      "END $$;";
  ParsedSql parsed = parseSql(sql);
  EXPECT_THAT(nestedTexts(sql, parsed), ElementsAre("DROP TABLE accounts"));
  ASSERT_EQ(parsed.opaque.size(), 1U);
  EXPECT_EQ(parsed.opaque[0].parent, 0U);
  EXPECT_NE(std::string_view(sql).substr(parsed.opaque[0].span.begin, parsed.opaque[0].span.size()).find("format"),
            std::string_view::npos);
}

TEST(Bodies, OtherLanguagesAndEscapedStringsAreOpaqueWhenTheyRunNow) {
  std::string sql =
      "DO LANGUAGE plpython3u $$ plpy.execute('DROP TABLE t') $$;\n"
      "DO E'BEGIN DROP TABLE t; END';";
  ParsedSql parsed = parseSql(sql);
  EXPECT_TRUE(nested(parsed).empty());
  EXPECT_EQ(parsed.opaque.size(), 2U);
}

TEST(Bodies, CommentsInsideBodiesAreComments) {
  std::string sql = "DO $$\nBEGIN\n  -- sluice:ignore drop-table\n  DROP TABLE t;\nEND $$;";
  ParsedSql parsed = parseSql(sql);
  ASSERT_EQ(parsed.comments.size(), 1U);
  EXPECT_EQ(parsed.comments[0].text, "-- sluice:ignore drop-table");
}

TEST(Bodies, BodiesThatDoNotCompileAreOpaque) {
  std::string sql = "DO $$ BEGIN IF THEN END $$;";
  ParsedSql parsed = parseSql(sql);
  EXPECT_TRUE(nested(parsed).empty());
  ASSERT_EQ(parsed.opaque.size(), 1U);
  EXPECT_NE(parsed.opaque[0].reason.find("does not compile"), std::string::npos);
}

}  // namespace
}  // namespace sluice
