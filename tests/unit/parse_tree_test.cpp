#include "linter/parse_tree.hpp"

#include <gtest/gtest.h>
#include <string>

#include "tests/support/parse_tree_check.hpp"

namespace sluice {
namespace {

// Values that libpg_query's JSON writes in a way of their own: zeros and false left out,
// negative and 64-bit numbers, floats kept as strings, escapes and non-ASCII text, enums,
// nested lists, a oneof (A_Const) holding each kind of value, snake_case field names.
const char* const kSamples[] = {
    "SELECT 0, -1, 2147483647, -2147483648, 9223372036854775807, 1.5e300, -0.0",
    "SELECT true, false, NULL, B'1010', X'ff', 'it''s', E'tab\\there \\u00e9', 'naïve ünïcödé', $$dollar$$",
    "CREATE TABLE t (id bigint PRIMARY KEY DEFAULT 0, price numeric(10, 2) NOT NULL, tags text[] DEFAULT '{}', "
    "at timestamptz DEFAULT now(), CONSTRAINT positive CHECK (price > 0))",
    "ALTER TABLE ONLY public.t ADD COLUMN IF NOT EXISTS x int, ALTER COLUMN y TYPE bigint USING y::bigint, "
    "DROP CONSTRAINT c CASCADE",
    "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t USING btree (lower(a) DESC NULLS LAST, b) "
    "INCLUDE (c) WHERE d IS NOT NULL",
    "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y') ON CONFLICT (a) DO UPDATE SET b = excluded.b RETURNING *",
    "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 10) "
    "SELECT n, count(*) FILTER (WHERE n > 2) OVER (PARTITION BY n % 2 ORDER BY n ROWS BETWEEN 1 PRECEDING AND "
    "CURRENT ROW) FROM r GROUP BY n HAVING n > 0 ORDER BY 1 LIMIT 5 OFFSET 1",
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); ALTER TYPE mood ADD VALUE 'meh' BEFORE 'ok'",
    "CREATE FUNCTION f(a int DEFAULT 1, OUT b text) RETURNS SETOF record LANGUAGE plpgsql AS $$ BEGIN "
    "RETURN; END $$",
    "DO $$ BEGIN PERFORM 1; END $$; SET LOCAL lock_timeout = '1s'; SET search_path TO a, b",
    "GRANT SELECT, UPDATE (a) ON ALL TABLES IN SCHEMA s TO r WITH GRANT OPTION",
    "CREATE POLICY p ON t AS RESTRICTIVE FOR SELECT TO PUBLIC USING (owner = current_user)",
    "COMMENT ON COLUMN t.a IS 'x'; DROP TABLE IF EXISTS a, b.c RESTRICT; TRUNCATE t RESTART IDENTITY",
    "SELECT (ARRAY[1, 2])[1], (x).y, a IS DISTINCT FROM b, c BETWEEN SYMMETRIC 1 AND 2, d ILIKE 'x%', "
    "CASE WHEN e THEN 1 ELSE 2 END, COALESCE(f, g), GREATEST(1, 2), EXISTS (SELECT 1), h = ANY ('{1}'::int[])",
    "CREATE MATERIALIZED VIEW v WITH (fillfactor = 70) AS SELECT * FROM t WITH NO DATA",
    "ALTER TABLE t ALTER COLUMN a SET STATISTICS -1, ALTER COLUMN b SET (n_distinct = -0.5)",
};

TEST(ParseTree, JsonReaderGivesTheProtobufTree) {
  for (const char* sql : kSamples) {
    testing::ParseTreeComparison comparison = testing::compareParseTrees(sql);
    ASSERT_TRUE(comparison.parsed) << sql;
    // A refused tree is taken from the protobuf output instead (RawParse).
    EXPECT_TRUE(!comparison.readJson || comparison.identical) << sql;
  }
  EXPECT_TRUE(testing::compareParseTrees("SELECT 1, 'a', true, 1.5 FROM t WHERE a > 2").readJson);
}

// libpg_query 15-4 writes 0 and negative Integers alike as {}. A constant's value is
// read back from the SQL at its location.
TEST(ParseTree, ZeroAndNegativeConstantsComeFromTheSqlText) {
  testing::OwningAllocator allocator;
  for (int value : {0, -1, -2147483647}) {
    for (const std::string& sql : {"SELECT " + std::to_string(value), "SELECT - " + std::to_string(-value)}) {
      testing::ParseTreeComparison comparison = testing::compareParseTrees(sql);
      EXPECT_TRUE(comparison.readJson && comparison.identical) << sql;
      RawParse parse(sql.c_str(), allocator.get());
      ASSERT_NE(parse.tree(), nullptr);
      const PgQuery__SelectStmt* select = parse.tree()->stmts[0]->stmt->select_stmt;
      const PgQuery__AConst* constant = select->target_list[0]->res_target->val->a_const;
      ASSERT_EQ(constant->val_case, PG_QUERY__A__CONST__VAL_IVAL);
      EXPECT_EQ(constant->ival->ival, value) << sql;
    }
  }
}

// The bounds of an array type lose their -1 (`[]`, ARRAY) and 0 (`[0]`) the same way:
// they are read back from the text after the type's name.
TEST(ParseTree, ArrayBoundsComeFromTheSqlText) {
  for (const char* sql :
       {"CREATE TABLE t (tags text[], m int[][3], z int[0], a int ARRAY, b int ARRAY[4])",
        "CREATE TABLE t (n character varying(20)[] NOT NULL DEFAULT ARRAY[]::varchar[])",
        "CREATE TABLE t (r \"public\".\"Role\"[] DEFAULT '{}'::\"Role\" [ ], s double precision [ 2 ] [ ])",
        "SELECT CAST(x AS timestamp(3) with time zone[]), '{}'::text[][] FROM t"}) {
    testing::ParseTreeComparison comparison = testing::compareParseTrees(sql);
    EXPECT_TRUE(comparison.readJson) << sql;
    EXPECT_TRUE(comparison.identical) << sql;
  }
}

// Any other such Integer makes the reader refuse the tree, and RawParse takes it from
// the protobuf output, which has the value.
TEST(ParseTree, OtherAmbiguousIntegersComeFromTheProtobufTree) {
  std::string sql = "CREATE SEQUENCE s MINVALUE 0";
  EXPECT_FALSE(testing::compareParseTrees(sql).readJson);
  testing::OwningAllocator allocator;
  RawParse parse(sql.c_str(), allocator.get());
  ASSERT_NE(parse.tree(), nullptr);
  const PgQuery__CreateSeqStmt* sequence = parse.tree()->stmts[0]->stmt->create_seq_stmt;
  ASSERT_EQ(sequence->n_options, 1U);
  EXPECT_EQ(sequence->options[0]->def_elem->arg->integer->ival, 0);
}

TEST(ParseTree, RawParseReportsSyntaxErrorsWithTheirPosition) {
  testing::OwningAllocator allocator;
  RawParse parse("SELECT 1;\nSELEC 2", allocator.get());
  ASSERT_NE(parse.error(), nullptr);
  EXPECT_EQ(parse.error()->cursorpos, 11);
  EXPECT_EQ(parse.tree(), nullptr);
}

TEST(ParseTree, UnknownJsonIsRefusedNotGuessed) {
  testing::OwningAllocator allocator;
  EXPECT_EQ(readJsonParseTree(R"({"version":150001,"stmts":[{"stmt":{"NoSuchNode":{}}}]})", "", allocator.get()),
            nullptr);
  EXPECT_EQ(readJsonParseTree(R"({"version":"fifteen"})", "", allocator.get()), nullptr);
  EXPECT_EQ(readJsonParseTree("not json", "", allocator.get()), nullptr);
}

}  // namespace
}  // namespace sluice
