#pragma once
// What a migrations folder contains, independent of how it is linted or applied. Which
// files a folder holds, in which order, and which part of which file runs forward or
// back, is decided by its format (linter/formats/format.hpp).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/span.hpp"

namespace sluice {

class MigrationFormat;

// Which side of a migration a file (or a section of one) is.
enum class FileRole { Forward, Rollback };

// How the tool that runs a migration sends it to PostgreSQL.
enum class TransactionMode {
  // sluice's runner: the whole migration in one transaction, unless it contains a
  // statement that cannot run in one or its own BEGIN/COMMIT.
  Runner,
  // The tool opens one transaction around the whole part (goose, dbmate, Diesel,
  // Drizzle): a statement that refuses a transaction block fails there.
  Wrapped,
  // The whole part in one simple-query message (Prisma, golang-migrate, Diesel's
  // `run_in_transaction = false`, dbmate's `transaction:false`), which PostgreSQL runs as
  // one implicit transaction when it holds more than one statement.
  SimpleQuery,
  // Statement by statement, each on its own (`-- sluice:no-transaction`, popx's
  // `.autocommit.`, goose's NO TRANSACTION, psql for sqitch).
  None,
};

// How a tool runs one part (forward or rollback) of a migration.
struct PartExecution {
  TransactionMode mode = TransactionMode::Runner;
  std::string tool = "sluice";  // names the tool in plan reasons: "Prisma", "goose"
  std::string reason;           // why, when not the tool's default: "the file says `-- +goose NO TRANSACTION`"
  // None: byte ranges the tool sends as one message each (goose's StatementBegin/End
  // blocks); a statement outside every range is a message of its own.
  std::vector<Span> messages;
  // Flyway refuses a migration that mixes statements that need a transaction with ones
  // that refuse one (its `mixed` setting is false by default).
  bool refusesMixed = false;
};

// One part of a migration as its tool runs it: the file's bytes, with every byte that
// belongs to another part blanked (newlines kept), so that offsets, lines and columns
// stay those of the file.
struct MigrationPart {
  std::shared_ptr<const std::string> text;
  PartExecution execution;
  Span lines;  // first and last line (1-based, inclusive) of the part in its file; {0, 0}: the whole file
};

// A tag that follows a change in sqitch.plan, with its own planner, time and note.
struct SqitchTag {
  std::string name;  // without the `@`
  std::string plannedAt;
  std::string plannerName;
  std::string plannerEmail;
  std::string note;
};

// What sqitch.plan says of a change besides its scripts and dependencies: what sqitch
// computes the change id from and records in its registry.
struct SqitchPlanEntry {
  std::string project;    // the plan's %project
  std::string uri;        // the plan's %uri, or empty
  std::string plannedAt;  // as the plan writes it: 2024-01-01T10:00:00Z
  std::string plannerName;
  std::string plannerEmail;
  std::string note;             // unescaped (`\n` is a newline), trimmed
  std::vector<SqitchTag> tags;  // the tags that follow the change in the plan
};

struct Migration {
  std::string id;                                 // folder name or file stem: "20240101000000_init"
  std::string version;                            // "20240101000000", "0001", "2019-02-26-002946", "17.1"
  std::string name;                               // "init"
  const MigrationFormat* format = nullptr;        // never null once loaded
  std::filesystem::path forward;                  // migration.sql, up.sql, x.sql, x.up.sql
  std::optional<std::filesystem::path> rollback;  // down.sql, x_rollback.sql, x.down.sql; the same file as
                                                  // `forward` for formats with sections (goose, dbmate)
  // From the format's own metadata (metadata.toml, file name, Flyway's .sql.conf); the
  // file's directive `-- sluice:no-transaction` is read by the linter and the runner.
  std::optional<bool> runInTransaction;
  // ory/popx splits one logical migration into parts: versions made of a 14-digit
  // timestamp and a 6-digit part number, with the same name. The parts apply in order
  // and roll back in reverse order, so that the rollback of part 3 may undo part 5.
  // The id of the logical migration for its parts; empty for a migration on its own.
  std::string group;
  bool repeatable = false;                // Flyway's R__ migrations: applied after the versioned ones
  std::optional<std::int64_t> createdAt;  // Drizzle: the journal's `when` (milliseconds), its history key
  // sqitch: changes this one requires and conflicts with, as the plan names them, and
  // its verify script.
  std::vector<std::string> dependencies;
  std::vector<std::string> conflicts;
  std::optional<std::filesystem::path> verifyScript;
  std::optional<SqitchPlanEntry> sqitchPlan;

  // Whether the rollback is a section of the forward file (goose, dbmate).
  [[nodiscard]] bool rollbackInSameFile() const { return rollback && *rollback == forward; }
};

struct MigrationSet {
  std::filesystem::path root;
  const MigrationFormat* format = nullptr;             // never null once loaded
  std::string formatSource;                            // why this format: "--layout", "migration_lock.toml", ...
  std::vector<Migration> migrations;                   // in apply order
  std::vector<std::filesystem::path> orphanRollbacks;  // rollback files without a forward file
  std::optional<std::filesystem::path> prismaLockFile;
  // Files the format's tool never runs on PostgreSQL, with the reason: ory/popx runs
  // `<version>_<name>.postgres.up.sql` instead of the dialect-neutral file of the same
  // version, and skips files of other dialects; Drizzle runs only what its journal lists.
  std::vector<std::pair<std::filesystem::path, std::string>> notRun;
};

}  // namespace sluice
