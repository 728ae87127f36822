// sluice's verdicts on ALTER COLUMN ... TYPE agree with what PostgreSQL 15 does, case by
// case: tests/pg/type_changes.txt is the shared list, which
// tests/pg/verify_type_changes.sh checks against a real server.
#include "linter/type_change.hpp"

#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/text.hpp"
#include "linter/parser.hpp"

namespace sluice {
namespace {

struct Case {
  std::string from;
  std::string to;
  std::string usingExpression;
  std::string expected;
};

std::vector<Case> cases() {
  auto text = readFile(std::string(SLUICE_SOURCE_DIR) + "/tests/pg/type_changes.txt");
  EXPECT_TRUE(text.ok());
  std::vector<Case> out;
  if (!text) return out;
  for (std::string_view line : split(*text, '\n')) {
    if (trim(line).empty() || trim(line).starts_with("#")) continue;
    auto parts = split(line, '|');
    EXPECT_EQ(parts.size(), 4U) << line;
    if (parts.size() != 4) continue;
    out.push_back({std::string(trim(parts[0])), std::string(trim(parts[1])), std::string(trim(parts[2])),
                   std::string(trim(parts[3]))});
  }
  return out;
}

std::string verdictName(TypeChangeCost cost) {
  switch (cost) {
    case TypeChangeCost::None: return "none";
    case TypeChangeCost::IndexRebuild: return "index";
    case TypeChangeCost::RewriteUnlessUtc: return "utc";
    case TypeChangeCost::Rewrite: return "rewrite";
  }
  return "?";
}

TEST(TypeChange, AgreesWithPostgreSQLOnEveryVerifiedCase) {
  std::vector<Case> all = cases();
  ASSERT_GT(all.size(), 40U);
  for (const Case& c : all) {
    std::string sql = "CREATE TABLE t (c " + c.from + ");\nALTER TABLE t ALTER COLUMN c TYPE " + c.to +
                      (c.usingExpression.empty() ? "" : " USING " + c.usingExpression) + ";";
    ParsedSql parsed = parseSql(sql);
    ASSERT_EQ(parsed.statements.size(), 2U) << sql;
    const auto* create = parsed.statements[0].node->create_stmt;
    const auto* alter = parsed.statements[1].node->alter_table_stmt;
    ast::TypeInfo from = ast::typeInfo(create->table_elts[0]->column_def->type_name);
    const PgQuery__ColumnDef* def = alter->cmds[0]->alter_table_cmd->def->column_def;
    ast::TypeInfo to = ast::typeInfo(def->type_name);
    TypeChangeCost cost = classifyTypeChange(from, to, 15).cost;
    if (!usingKeepsValues(def->raw_default, "c")) cost = TypeChangeCost::Rewrite;
    EXPECT_EQ(verdictName(cost), c.expected) << c.from << " -> " << c.to << " " << c.usingExpression;
  }
}

TEST(TypeChange, TimestampToTimestamptzAlwaysRewritesBeforePostgreSQL12) {
  ast::TypeInfo timestamp{"timestamp", {}, 0, true};
  ast::TypeInfo timestamptz{"timestamptz", {}, 0, true};
  EXPECT_EQ(classifyTypeChange(timestamp, timestamptz, 11).cost, TypeChangeCost::Rewrite);
  EXPECT_EQ(classifyTypeChange(timestamp, timestamptz, 12).cost, TypeChangeCost::RewriteUnlessUtc);
}

TEST(TypeChange, NarrowingChangesAreTold) {
  auto type = [](std::string name, std::vector<long> modifiers = {}) {
    return ast::TypeInfo{std::move(name), std::move(modifiers), 0, true};
  };
  EXPECT_TRUE(classifyTypeChange(type("varchar", {50}), type("varchar", {20}), 15).narrowing);
  EXPECT_TRUE(classifyTypeChange(type("text"), type("varchar", {20}), 15).narrowing);
  EXPECT_TRUE(classifyTypeChange(type("int8"), type("int4"), 15).narrowing);
  EXPECT_TRUE(classifyTypeChange(type("numeric", {10, 2}), type("numeric", {10, 0}), 15).narrowing);
  EXPECT_TRUE(classifyTypeChange(type("timestamptz"), type("date"), 15).narrowing);
  EXPECT_TRUE(classifyTypeChange(type("float8"), type("int8"), 15).narrowing);
  EXPECT_FALSE(classifyTypeChange(type("int4"), type("int8"), 15).narrowing);
  EXPECT_FALSE(classifyTypeChange(type("int4"), type("text"), 15).narrowing);
  EXPECT_FALSE(classifyTypeChange(type("varchar", {20}), type("varchar", {50}), 15).narrowing);
  EXPECT_FALSE(classifyTypeChange(type("my_enum"), type("my_enum_new"), 15).narrowing);
}

}  // namespace
}  // namespace sluice
