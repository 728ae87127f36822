// In a Prisma project the style rules say what to change in schema.prisma, since the
// SQL is generated from it; elsewhere they give the SQL alternative.
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMigration =
    "CREATE TABLE \"Session\" (\n"
    "    \"id\" SERIAL NOT NULL,\n"
    "    \"token\" VARCHAR(64) NOT NULL,\n"
    "    \"country\" CHAR(2),\n"
    "    \"expiresAt\" TIMESTAMP(3) NOT NULL,\n"
    "    CONSTRAINT \"Session_pkey\" PRIMARY KEY (\"id\")\n"
    ");\n";

std::map<std::string, std::string> helpByRule(const fs::path& path) {
  LintRequest request;
  request.paths = {path.string()};
  request.onlyRules = {"ban-char", "prefer-bigint", "prefer-identity", "prefer-text", "prefer-timestamptz"};
  request.jobs = 1;
  auto report = lint(request, rules::allRules());
  EXPECT_TRUE(report.ok());
  std::map<std::string, std::string> help;
  if (!report.ok()) return help;
  for (const FileReport& file : report->files) {
    for (const Finding& finding : file.findings)
      help[std::string(finding.rule->name)] = std::string(finding.helpText());
  }
  return help;
}

TEST(StylePrismaHelp, NamesTheSchemaPrismaChange) {
  TempDir dir = std::move(TempDir::create("sluice-style-").value());
  fs::create_directories(dir.path() / "20240101000000_init");
  ASSERT_TRUE(writeFileAtomically(dir.path() / "20240101000000_init" / "migration.sql", kMigration).ok());
  ASSERT_TRUE(writeFileAtomically(dir.path() / "migration_lock.toml", "provider = \"postgresql\"\n").ok());
  auto help = helpByRule(dir.path());
  ASSERT_EQ(help.size(), 5U);
  EXPECT_NE(help["prefer-timestamptz"].find("@db.Timestamptz(3)"), std::string::npos) << help["prefer-timestamptz"];
  EXPECT_NE(help["prefer-text"].find("@db.VarChar"), std::string::npos) << help["prefer-text"];
  EXPECT_NE(help["ban-char"].find("@db.Char"), std::string::npos) << help["ban-char"];
  EXPECT_NE(help["prefer-bigint"].find("BigInt"), std::string::npos) << help["prefer-bigint"];
  EXPECT_NE(help["prefer-identity"].find("--create-only"), std::string::npos) << help["prefer-identity"];
}

TEST(StylePrismaHelp, PlainSqlGetsTheSqlAlternative) {
  TempDir dir = std::move(TempDir::create("sluice-style-").value());
  ASSERT_TRUE(writeFileAtomically(dir.path() / "init.sql", kMigration).ok());
  auto help = helpByRule(dir.path() / "init.sql");
  ASSERT_EQ(help.size(), 5U);
  for (const auto& [rule, text] : help) EXPECT_EQ(text.find("risma"), std::string::npos) << rule << ": " << text;
  EXPECT_NE(help["prefer-timestamptz"].find("timestamptz"), std::string::npos);
}

}  // namespace
}  // namespace sluice
