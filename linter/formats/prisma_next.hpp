#pragma once
// Prisma 8 (published as release candidates of `prisma` 8.0.0 since August 2026) replaced
// Prisma Migrate: each migration is a folder migrations/app/<stamp>_<slug>/ with a
// migration.ts that the user edits, the migration.json that describes it and the ops.json
// it compiles to; there is no migration.sql, and the history lives in the database's
// `prisma_contract` schema instead of _prisma_migrations (prisma.io/docs: "Migration API",
// "How migrations work"). sluice cannot read those migrations yet, and an empty-looking
// folder must not pass as clean: every command refuses such a folder (exit 2) and names
// what it found.

#include <filesystem>
#include <optional>
#include <string>

#include "common/error.hpp"

namespace sluice::formats {

class OpenFolder;

// The Input error for a folder that holds Prisma 8 migrations: the migrations folder
// (with app/), its app/ folder, or one migration's folder; nullopt for anything else.
// Without `scanMigrationFolders` the folders below `dir` are not asked: Prisma's loader
// asks each one that has no migration.sql (prismaNextFolderRefusal), so that a history
// of 800 folders is not looked up twice.
std::optional<Error> prismaNextRefusal(const std::filesystem::path& dir, bool scanMigrationFolders = true);

// The same error for `name`, a folder below `folder` (spelled `dir`) that has no
// migration.sql, when it holds a Prisma 8 migration.
std::optional<Error> prismaNextFolderRefusal(const OpenFolder& folder, const std::filesystem::path& dir,
                                             const std::string& name);

// The message's second half, shared with the database check (runner/project.cpp).
inline constexpr const char* kPrismaNextHint =
    "apply Prisma 8 migrations with Prisma 8's own `prisma db migrate`; sluice deploys, lints and checks Prisma "
    "Migrate projects (Prisma 7 and earlier: <folder>/<version>_<name>/migration.sql)";

}  // namespace sluice::formats
