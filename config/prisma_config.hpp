#pragma once
// Prisma 7's project file, prisma.config.ts, read without running it: where Prisma keeps
// the migrations (`migrations.path`), the schema (`schema`) and the database URL
// (`datasource.url`). Prisma loads the file with c12/jiti and resolves its relative paths
// from the file's folder (prisma/prisma, packages/config/src/loadConfigFromFile.ts); sluice
// parses it with tree-sitter's TypeScript grammar and takes only what is written as a
// literal: a string, `env("NAME")` or `process.env.NAME`. Anything else is computed when
// the file runs, and sluice says so rather than guess.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace sluice::config {

// One setting of the file: its literal value, or why there is none.
struct PrismaConfigValue {
  std::string text;       // a path as written, or the variable's name for the URL
  std::string location;   // "prisma.config.ts:6:11"
  bool computed = false;  // an expression sluice does not evaluate: `text` holds its source
};

struct PrismaConfig {
  std::filesystem::path file;
  std::optional<PrismaConfigValue> schema;          // a path, relative to the file's folder
  std::optional<PrismaConfigValue> migrationsPath;  // a path, relative to the file's folder
  std::optional<PrismaConfigValue> urlVariable;     // env("NAME") / process.env.NAME: NAME
  std::optional<PrismaConfigValue> urlLiteral;      // a URL written in the file: a secret, never shown

  // Where the migrations are: migrations.path, else the `migrations` folder beside a
  // schema file or inside a schema folder (Prisma's defaults), else none. Absolute, from
  // the file's folder.
  [[nodiscard]] std::optional<std::filesystem::path> migrationsDir() const;
  // The setting that decides the migrations folder, for messages and `sluice config`.
  [[nodiscard]] const PrismaConfigValue* migrationsSource() const;
};

// Prisma 7's lookup in `root` (Prisma: the current directory), in its order:
// prisma7.config.<ext>, .config/prisma7.<ext>, then prisma.config.<ext>,
// .config/prisma.<ext>, .config/prisma.config.<ext> (each also as a folder with
// index.<ext>), with <ext> in c12's order .js .ts .mjs .cjs .mts .cts.
std::optional<std::filesystem::path> findPrismaConfig(const std::filesystem::path& root);

// Reads the default export (`export default defineConfig({...})`, an object, an object
// `satisfies PrismaConfig`, a const named by the export, or `module.exports = ...`).
// `shownName` names the file in locations. A file that does not parse is a Config error.
Expected<PrismaConfig> parsePrismaConfig(std::string_view text, const std::filesystem::path& file,
                                         const std::string& shownName);
Expected<PrismaConfig> readPrismaConfig(const std::filesystem::path& file);

}  // namespace sluice::config
