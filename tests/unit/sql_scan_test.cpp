// SqlScan (linter/sql_scan.hpp): the tokens of libpg_query's scanner with their text,
// comments told apart, the offset where an unterminated quote stops the scanner, and
// quoted identifiers read back as PostgreSQL reads them.
#include "linter/sql_scan.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace sluice {
namespace {

TEST(SqlScan, GivesEachTokenWithItsTextAndTellsCommentsApart) {
  SqlScan scan("ALTER TABLE \"Order\" -- why\n ADD x int; /* done */");
  std::vector<std::string> words;
  std::vector<std::string> comments;
  for (const PgQuery__ScanToken* token : scan.tokens()) {
    (SqlScan::isComment(*token) ? comments : words).emplace_back(scan.textOf(*token));
  }
  EXPECT_EQ(scan.error(), nullptr);
  EXPECT_EQ(words, (std::vector<std::string>{"ALTER", "TABLE", "\"Order\"", "ADD", "x", "int", ";"}));
  EXPECT_EQ(comments, (std::vector<std::string>{"-- why", "/* done */"}));
}

TEST(SqlScan, AnUnterminatedQuoteIsAnErrorWithItsOffsetAndNoTokens) {
  std::string text = "SELECT 1; SELECT 'open";
  SqlScan scan(text);
  ASSERT_NE(scan.error(), nullptr);
  EXPECT_TRUE(scan.tokens().empty());
  EXPECT_EQ(scan.errorOffset(99), text.find('\''));
  EXPECT_EQ(SqlScan("SELECT 1").errorOffset(99), 99U);
}

TEST(SqlScan, ScansTextWithoutATerminatingNul) {
  std::string_view text = "SELECT 1; garbage";
  SqlScan scan(text.substr(0, 8));
  ASSERT_EQ(scan.tokens().size(), 2U);
  EXPECT_EQ(scan.textOf(*scan.tokens()[1]), "1");
}

TEST(SqlScan, QuotedIdentifiersLoseTheirQuotesAndDoubledQuotes) {
  EXPECT_EQ(unquoteIdentifier("\"Order\""), "Order");
  EXPECT_EQ(unquoteIdentifier("\"a\"\"b\""), "a\"b");
  EXPECT_EQ(unquoteIdentifier("\"\""), "");
}

}  // namespace
}  // namespace sluice
