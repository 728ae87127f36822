#include "common/toml.hpp"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(Toml, ReadsTablesArraysAndScalarsWithPositions) {
  auto doc = parseToml(
      "pg_version = 14\nexclude = [\"a/**\", 'b']\n\n[rules]\ndrop-table = \"off\"\n"
      "[rules.migration-too-large]\nmax_statements = 0x10\n",
      "x.toml");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->find("pg_version")->integer, 14);
  EXPECT_EQ(doc->find("pg_version")->position.line, 1U);
  EXPECT_EQ(doc->find("pg_version")->position.column, 14U);
  ASSERT_EQ(doc->find("exclude")->array.size(), 2U);
  EXPECT_EQ(doc->find("exclude")->array[1].string, "b");
  const TomlValue* rules = doc->find("rules");
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(rules->find("drop-table")->string, "off");
  EXPECT_EQ(rules->find("migration-too-large")->find("max_statements")->integer, 16);
}

TEST(Toml, CommentsAfterAValueAreNotTheValue) {
  auto doc = parseToml("provider = \"postgresql\" # the database\n[rules]\nmax = 3 # at most\n", "x.toml");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(doc->find("provider")->string, "postgresql");
  EXPECT_EQ(doc->find("rules")->find("max")->integer, 3);
}

TEST(Toml, DottedKeysAndEscapes) {
  auto doc = parseToml("a.b = \"x\\ty\\u00e9\"\n", "x.toml");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->find("a")->find("b")->string, "x\ty\xc3\xa9");
}

TEST(Toml, SyntaxErrorsNameLineAndColumn) {
  auto doc = parseToml("a = 1\nb = = 2\n", "conf.toml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, ErrorCode::Config);
  EXPECT_EQ(doc.error().location.rfind("conf.toml:2:", 0), 0U) << doc.error().location;
}

TEST(Toml, DuplicateKeysAreErrors) {
  auto doc = parseToml("a = 1\na = 2\n", "conf.toml");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("duplicate key"), std::string::npos);
}

}  // namespace
}  // namespace sluice
