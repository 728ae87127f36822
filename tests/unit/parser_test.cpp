#include "linter/parser.hpp"

#include <gtest/gtest.h>

#include "tests/unit/statement_helpers.hpp"

namespace sluice {
namespace {

using testing::textOf;
using testing::topLevel;
using testing::whichParsed;

std::vector<std::string> textsOf(const std::vector<Comment>& comments) {
  std::vector<std::string> texts;
  for (const Comment& comment : comments) texts.emplace_back(comment.text);
  return texts;
}

TEST(Parser, StatementsCarryTrimmedByteSpans) {
  std::string sql = "-- leading comment\nCREATE TABLE a (id int);\n\n  DROP TABLE b";
  ParsedSql parsed = parseSql(sql);
  ASSERT_EQ(parsed.statements.size(), 2U);
  EXPECT_EQ(textOf(sql, parsed.statements[0]), "CREATE TABLE a (id int)");
  EXPECT_EQ(textOf(sql, parsed.statements[1]), "DROP TABLE b");
}

TEST(Parser, ASyntaxErrorCostsOneStatement) {
  std::string sql = "SELECT 1;\nSELEC 1;\nDROP TABLE users;\n";
  ParsedSql parsed = parseSql(sql);
  ASSERT_EQ(whichParsed(parsed), (std::vector<bool>{true, false, true}));
  EXPECT_EQ(parsed.statements[1].error->offset, 10U);
  EXPECT_EQ(textOf(sql, parsed.statements[1]), "SELEC 1");
  EXPECT_EQ(parsed.statements[2].node->node_case, PG_QUERY__NODE__NODE_DROP_STMT);
}

TEST(Parser, NodeLocationsOfLaterStatementsMapBackToTheFileAfterAnError) {
  std::string sql = "SELEC 1;\nCREATE INDEX i ON users (email);";
  ParsedSql parsed = parseSql(sql);
  ASSERT_EQ(parsed.statements.size(), 2U);
  const Statement& index = parsed.statements[1];
  ASSERT_TRUE(index.parsed());
  auto location = static_cast<std::size_t>(index.node->index_stmt->relation->location);
  EXPECT_EQ(sql.substr(index.locationBase + location, 5), "users");
}

TEST(Parser, DollarQuotesCommentsAndStringsNeverSplit) {
  std::string sql =
      "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql;\n"
      "DO $body$ BEGIN PERFORM 1; END $body$;\n"
      "SELECT 'a;b' /* ; */; -- ;\n"
      "SELECT 2;";
  ParsedSql parsed = parseSql(sql);
  EXPECT_EQ(topLevel(parsed).size(), 4U);
}

TEST(Parser, TheScannerSplitKeepsSemicolonsInsideBodiesOfBrokenFiles) {
  std::string sql = "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELEC 1;\nSELECT 2;";
  ParsedSql parsed = parseSql(sql);
  EXPECT_EQ(whichParsed(topLevel(parsed)), (std::vector<bool>{true, false, true}));
}

TEST(Parser, AnUnterminatedStringKeepsTheStatementsBeforeIt) {
  std::string sql = "SELECT 1;\nSELECT 2;\nSELECT 'never closed;\nSELECT 3;";
  ParsedSql parsed = parseSql(sql);
  ASSERT_EQ(whichParsed(parsed), (std::vector<bool>{true, true, false}));
  EXPECT_EQ(parsed.statements[2].span.begin, sql.find("SELECT 'never"));
}

TEST(Parser, CommentsComeFromTheScanner) {
  std::string sql = "SELECT '-- not a comment';\n-- a comment\n/* block */ SELECT 1;";
  EXPECT_EQ(textsOf(scanComments(sql)), (std::vector<std::string>{"-- a comment", "/* block */"}));
}

TEST(Parser, CommentsBeforeAnUnterminatedQuoteAreStillComments) {
  std::string sql = "-- first\nSELECT 1; /* second */\nSELECT 'never closed -- not a comment";
  std::vector<Comment> comments = scanComments(sql);
  ASSERT_EQ(textsOf(comments), (std::vector<std::string>{"-- first", "/* second */"}));
  EXPECT_EQ(comments[1].span.begin, sql.find("/* second */"));
  EXPECT_TRUE(scanComments("SELECT 'never closed -- not a comment").empty());
}

TEST(Parser, NewerSyntaxIsNamed) {
  std::string sql = "ALTER TABLE t ADD CONSTRAINT t_x_not_null NOT NULL x;";
  ParsedSql parsed = parseSql(sql);
  ASSERT_EQ(parsed.statements.size(), 1U);
  ASSERT_TRUE(parsed.statements[0].error.has_value());
  EXPECT_NE(parsed.statements[0].error->hint.find("PostgreSQL 18"), std::string::npos);
  EXPECT_NE(parsed.statements[0].error->hint.find("PostgreSQL 15's grammar"), std::string::npos);
  EXPECT_EQ(parsed.statements[0].error->acceptedSince, 18);
  ParsedSql invalid = parseSql("SELEC 1;");
  ASSERT_TRUE(invalid.statements[0].error.has_value());
  EXPECT_EQ(invalid.statements[0].error->acceptedSince, 0);
}

TEST(Parser, HugeFilesAreParsedStatementByStatement) {
  std::string sql;
  for (int i = 0; i < 100; ++i) sql += "INSERT INTO t VALUES (" + std::to_string(i) + ");\n";
  ParseOptions options;
  options.deferAbove = 100;
  ParsedSql parsed = parseSql(sql, options);
  ASSERT_EQ(parsed.statements.size(), 100U);
  EXPECT_TRUE(parsed.statements[5].deferred);
  ParsedSql one = parseDeferred(sql, parsed.statements[5]);
  ASSERT_EQ(one.statements.size(), 1U);
  EXPECT_EQ(one.statements[0].node->node_case, PG_QUERY__NODE__NODE_INSERT_STMT);
}

TEST(Parser, TokenSpansCoverDottedAndQuotedNames) {
  std::string sql = "ALTER TABLE public.\"Orders\" ADD x int";
  Span span = tokenSpanAt(sql, 12);
  EXPECT_EQ(sql.substr(span.begin, span.size()), "public.\"Orders\"");
}

// nestingBound() decides whether a long text is scanned for its nesting at all, so it
// must never count less than the scan: one chain per kind of token that opens a level.
TEST(Parser, TheNestingBoundIsNeverBelowTheEstimate) {
  const std::vector<std::string> links = {"(",
                                          "[",
                                          " CASE WHEN true THEN ",
                                          " UNION SELECT ",
                                          " INTERSECT SELECT ",
                                          " EXCEPT SELECT ",
                                          " JOIN t ON ",
                                          " COLLATE ",
                                          " AT TIME ZONE ",
                                          " LIKE ",
                                          " ILIKE ",
                                          " SIMILAR TO ",
                                          " IS ",
                                          " ISNULL ",
                                          " NOTNULL ",
                                          " BETWEEN 1 AND ",
                                          " IN ",
                                          " OPERATOR(+) ",
                                          " OVERLAPS ",
                                          "+",
                                          "-",
                                          "*",
                                          "/",
                                          "%",
                                          "^",
                                          "<",
                                          ">",
                                          "=",
                                          "<=",
                                          ">=",
                                          "<>",
                                          "::",
                                          "||",
                                          "->>",
                                          "@>",
                                          "~"};
  for (const std::string& link : links) {
    std::string sql = "SELECT 1";
    for (int i = 0; i < 3000; ++i) sql += link + "x";
    EXPECT_GE(nestingBound(sql), nestingEstimate(sql)) << link;
    EXPECT_GT(nestingEstimate(sql), 0) << link;
  }
  // Strings, comments and quoted names hide nothing from the bound.
  std::string hidden = "SELECT '(((' || $$ + + $$ /* [[ */ || \"a(b\" -- ((\n";
  EXPECT_GE(nestingBound(hidden), nestingEstimate(hidden));
}

TEST(Parser, ALongFileOfFlatStatementsIsNotScannedForNesting) {
  std::string sql;
  for (int i = 0; i < 1000; ++i) sql += "CREATE TABLE t" + std::to_string(i) + " (id bigint NOT NULL, name text);\n";
  ASSERT_GT(sql.size(), static_cast<std::size_t>(kMaxNesting));
  EXPECT_LE(nestingBound(sql), kMaxNesting);
  EXPECT_EQ(parseSql(sql).statements.size(), 1000U);
}

}  // namespace
}  // namespace sluice
