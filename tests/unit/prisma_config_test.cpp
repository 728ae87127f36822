// prisma.config.ts read statically: literal paths, env("NAME"), computed values, and
// Prisma 7's lookup order.
#include "config/prisma_config.hpp"

#include <fstream>
#include <gtest/gtest.h>

#include "common/temp_dir.hpp"

namespace sluice::config {
namespace {
namespace fs = std::filesystem;

PrismaConfig parse(const std::string& text, const fs::path& file = "/project/prisma.config.ts") {
  auto parsed = parsePrismaConfig(text, file, "prisma.config.ts");
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
  return parsed ? std::move(*parsed) : PrismaConfig{};
}

TEST(PrismaConfig, ReadsDefineConfigWithEnvUrlAndLiteralPaths) {
  PrismaConfig config = parse(R"(import "dotenv/config";
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "db/migrations",
    seed: "tsx prisma/seed.ts",
  },
  datasource: {
    url: env("APP_DATABASE_URL"),
  },
});
)");
  ASSERT_TRUE(config.schema);
  EXPECT_EQ(config.schema->text, "prisma/schema.prisma");
  ASSERT_TRUE(config.migrationsPath);
  EXPECT_FALSE(config.migrationsPath->computed);
  EXPECT_EQ(config.migrationsPath->location, "prisma.config.ts:7:11");
  EXPECT_EQ(config.migrationsDir(), fs::path("/project/db/migrations"));
  ASSERT_TRUE(config.urlVariable);
  EXPECT_FALSE(config.urlVariable->computed);
  EXPECT_EQ(config.urlVariable->text, "APP_DATABASE_URL");
  EXPECT_EQ(config.urlVariable->location, "prisma.config.ts:11:10");
}

TEST(PrismaConfig, PathsAreRelativeToTheFilesFolder) {
  PrismaConfig config =
      parse("export default { migrations: { path: '../shared/migrations' } } satisfies PrismaConfig\n",
            "/repo/app/.config/prisma.ts");
  EXPECT_EQ(config.migrationsDir(), fs::path("/repo/app/shared/migrations"));
}

TEST(PrismaConfig, WithoutMigrationsPathTheFolderIsBesideTheSchema) {
  PrismaConfig config = parse("export default defineConfig({ schema: 'db/schema.prisma' })\n");
  EXPECT_EQ(config.migrationsDir(), fs::path("/project/db/migrations"));
  EXPECT_EQ(config.migrationsSource(), &*config.schema);

  // A multi-file schema names its folder; the migrations are inside it.
  PrismaConfig folder = parse("export default defineConfig({ schema: 'prisma/' })\n");
  EXPECT_EQ(folder.migrationsDir(), fs::path("/project/prisma/migrations"));
  PrismaConfig nested = parse("export default defineConfig({ schema: './db/schema' })\n");
  EXPECT_EQ(nested.migrationsDir(), fs::path("/project/db/schema/migrations"));
  EXPECT_EQ(nested.migrationsSource(), &*nested.schema);
}

TEST(PrismaConfig, ProcessEnvAndANamedConstAreRead) {
  PrismaConfig config = parse(R"(const config = {
  datasource: { url: process.env.DATABASE_URL! },
  migrations: { path: `prisma/migrations` },
} as const;
export default config;
)");
  ASSERT_TRUE(config.urlVariable);
  EXPECT_EQ(config.urlVariable->text, "DATABASE_URL");
  EXPECT_EQ(config.migrationsDir(), fs::path("/project/prisma/migrations"));

  PrismaConfig commonJs = parse("module.exports = defineConfig({ datasource: { url: process.env['PG_URL'] } })\n");
  ASSERT_TRUE(commonJs.urlVariable);
  EXPECT_EQ(commonJs.urlVariable->text, "PG_URL");
}

TEST(PrismaConfig, ComputedValuesAreNotGuessed) {
  PrismaConfig config = parse(R"(import path from "node:path";
export default defineConfig({
  migrations: { path: path.join(__dirname, "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgres://localhost/dev" },
});
)");
  ASSERT_TRUE(config.migrationsPath);
  EXPECT_TRUE(config.migrationsPath->computed);
  EXPECT_EQ(config.migrationsPath->text, "path.join(__dirname, \"migrations\")");
  EXPECT_EQ(config.migrationsDir(), std::nullopt);
  ASSERT_TRUE(config.urlVariable);
  EXPECT_TRUE(config.urlVariable->computed);

  PrismaConfig templated = parse("const dir = 'x'\nexport default { migrations: { path: `${dir}/migrations` } }\n");
  ASSERT_TRUE(templated.migrationsPath);
  EXPECT_TRUE(templated.migrationsPath->computed);
}

TEST(PrismaConfig, ALiteralUrlIsKeptButNotAsAVariable) {
  PrismaConfig config = parse("export default { datasource: { url: 'postgresql://u:p@db/app' } }\n");
  EXPECT_FALSE(config.urlVariable);
  ASSERT_TRUE(config.urlLiteral);
  EXPECT_EQ(config.urlLiteral->text, "postgresql://u:p@db/app");
}

TEST(PrismaConfig, AFileThatDoesNotParseIsAConfigError) {
  auto parsed =
      parsePrismaConfig("export default defineConfig({ schema: \n", "/p/prisma.config.ts", "prisma.config.ts");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::Config);
  EXPECT_NE(parsed.error().message.find("does not parse"), std::string::npos);
}

void touch(const fs::path& path) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "export default {}\n";
}

TEST(PrismaConfig, LookupFollowsPrismaSevensOrder) {
  auto dir = TempDir::create("prisma-config");
  ASSERT_TRUE(dir);
  const fs::path& root = dir->path();
  EXPECT_EQ(findPrismaConfig(root), std::nullopt);
  touch(root / ".config/prisma.config.ts");
  EXPECT_EQ(findPrismaConfig(root), root / ".config/prisma.config.ts");
  touch(root / ".config/prisma/index.mts");
  EXPECT_EQ(findPrismaConfig(root), root / ".config/prisma/index.mts");
  touch(root / ".config/prisma.cjs");
  EXPECT_EQ(findPrismaConfig(root), root / ".config/prisma.cjs");
  touch(root / "prisma.config.ts");
  EXPECT_EQ(findPrismaConfig(root), root / "prisma.config.ts");
  touch(root / "prisma.config.js");  // c12 tries .js before .ts
  EXPECT_EQ(findPrismaConfig(root), root / "prisma.config.js");
  touch(root / ".config/prisma7.ts");
  EXPECT_EQ(findPrismaConfig(root), root / ".config/prisma7.ts");
  touch(root / "prisma7.config.cts");
  EXPECT_EQ(findPrismaConfig(root), root / "prisma7.config.cts");
}

}  // namespace
}  // namespace sluice::config
