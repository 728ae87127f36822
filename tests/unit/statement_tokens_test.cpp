// The identifier facts identifier-too-long relies on, checked against PostgreSQL's own
// scanner (libpg_query truncates identifiers exactly as the server does).
#include "rules/statement_tokens.hpp"

#include <gtest/gtest.h>

#include "linter/parser.hpp"

namespace sluice::rules {
namespace {

std::string parsedTableName(const std::string& quotedName) {
  std::string sql = "CREATE TABLE " + quotedName + " (id bigint)";
  ParsedSql parsed = parseSql(sql);
  if (parsed.statements.size() != 1 || !parsed.statements[0].parsed()) return "<no parse>";
  const ast::Node* node = parsed.statements[0].node;
  if (node->node_case != PG_QUERY__NODE__NODE_CREATE_STMT) return "<not CREATE TABLE>";
  return node->create_stmt->relation->relname;
}

TEST(TruncateIdentifier, AgreesWithPostgresScanner) {
  const std::vector<std::string> names{
      std::string(63, 'a'),
      std::string(64, 'a'),
      std::string(100, 'b'),
      "é" + std::string(62, 'x'),  // 64 bytes, the cut inside nothing
      std::string(62, 'x') + "é",  // 64 bytes, the cut would split é
      std::string(61, 'x') + "🚀",  // 65 bytes, the cut would split a 4-byte character
      "таблица_заказов_клиентов_за_период_и_ещё",
  };
  for (const std::string& name : names) {
    EXPECT_EQ(std::string(truncateIdentifier(name)), parsedTableName("\"" + name + "\"")) << name;
  }
}

TEST(TruncateIdentifier, KeepsShortNames) {
  EXPECT_EQ(truncateIdentifier("users"), "users");
  EXPECT_EQ(truncateIdentifier(""), "");
}

TEST(CharacterCount, CountsUtf8Characters) {
  EXPECT_EQ(characterCount("abc"), 3U);
  EXPECT_EQ(characterCount("éé"), 2U);
  EXPECT_EQ(characterCount("索引🚀"), 3U);
}

}  // namespace
}  // namespace sluice::rules
