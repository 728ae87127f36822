#pragma once
// Where a database records which migrations it has: one interface, one store per tool
// (runner/history/, registered in history_registry.cpp). Each store reads and writes its
// tool's own table exactly as the tool does, so that a team can switch to sluice and
// back (docs/runner.md, "History tables", says what each store does and where the
// facts come from):
//
//   prisma          `_prisma_migrations` (prisma_history.cpp)
//   sluice          sluice's own table, below (sluice_history.cpp)
//   goose           `goose_db_version`
//   dbmate          `schema_migrations (version)`
//   golang-migrate  `schema_migrations (version, dirty)`
//   flyway          `flyway_schema_history`
//   drizzle         `drizzle.__drizzle_migrations`
//   sqitch          the sqitch registry (`sqitch.changes`, `events`, `tags`, ...)
//
// sluice's own table, `public.sluice_migrations` by default (`--history-schema`,
// `[migrations] history_schema` / `history_table`):
//
//   CREATE TABLE <schema>.sluice_migrations (
//     migration_id        text PRIMARY KEY,     -- file stem or folder name: 20240101000000_init
//     version             text NOT NULL,        -- 20240101000000
//     name                text NOT NULL,        -- init
//     checksum            text NOT NULL,        -- lowercase hex SHA-256 of the forward file's bytes
//     rollback_checksum   text,                 -- the same for its rollback file, when it has one
//     state               text NOT NULL,        -- 'applied' | 'running' | 'failed'
//     started_at          timestamptz NOT NULL,
//     applied_at          timestamptz,          -- NULL unless state = 'applied'
//     execution_ms        bigint,
//     applied_by          text NOT NULL,        -- the database user
//     client              text,                 -- OS user@host that ran sluice
//     tool_version        text NOT NULL,        -- sluice version
//     execution_mode      text,                 -- transaction | statement-by-statement | as-written
//     statements_total    integer NOT NULL,
//     statements_applied  integer NOT NULL,     -- statements whose effect is committed
//     statement_checksums text[],               -- per statement, to locate an edit
//     log                 text                  -- why a migration failed, what ran
//   );
//   COMMENT ON TABLE ... IS 'sluice migration history, format 1';
//
// Rows in state 'running' or 'failed' belong to migrations that ran outside a single
// transaction and did not finish: they block deploys until `sluice resolve`. The format
// number in the table comment lets an older sluice refuse a table a newer one wrote.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/pg_session.hpp"
#include "linter/migration.hpp"  // SqitchTag

namespace sluice {

inline constexpr int kSluiceHistoryFormat = 1;
inline constexpr const char* kSluiceHistoryTable = "sluice_migrations";
inline constexpr const char* kPrismaHistoryTable = "_prisma_migrations";

struct HistoryTableName {
  std::string schema = "public";
  std::string table;
  // A registry shared by several projects (sqitch) keeps one history per project: the
  // project whose history this is. Empty for every other tool.
  std::string project;
  [[nodiscard]] std::string display() const {
    return schema + "." + table + (project.empty() ? "" : " (project " + project + ")");
  }
  [[nodiscard]] std::string quoted(const PgSession& session) const {
    return session.identifier(schema) + "." + session.identifier(table);
  }
};

enum class RecordState { Applied, Running, Failed };

struct HistoryRecord {
  std::string key;  // what identifies the row: Prisma's UUID, the migration id, a version, a change id
  // What the table names the migration by; matched against HistoryStore::recordKey of each
  // file: the migration id (Prisma, sluice), its version (goose, dbmate, golang-migrate,
  // Flyway), Drizzle's journal `when`, sqitch's change id.
  std::string migrationId;
  std::string checksum;  // as the table stores it; empty when the table keeps none
  std::optional<std::string> rollbackChecksum;
  RecordState state = RecordState::Applied;
  std::string startedAt;   // as the server prints timestamptz
  std::string finishedAt;  // empty unless applied
  std::optional<std::int64_t> executionMs;
  std::string appliedBy;
  std::string log;
  int statementsTotal = -1;    // -1 when the table does not record it (Prisma)
  int statementsApplied = -1;  // statements whose effect is committed
  std::vector<std::string> statementChecksums;
  // The row stands for every migration up to its own too (golang-migrate keeps one row,
  // the current version; a Flyway baseline covers the versions below it): which ones,
  // HistoryStore::covers says.
  bool coversEarlier = false;
};

// One dependency of a sqitch change, as the plan names it and as the registry resolves it.
struct SqitchDependency {
  std::string name;        // as the plan writes it: `users`, `other_project:users`, `users@v1.0`
  bool conflict = false;   // `!name` in the plan
  std::string resolvedId;  // the change id a requirement resolves to (empty for conflicts)
};

// A change as sqitch.plan and sqitch.conf describe it: what its change id is computed
// from (App::Sqitch::Plan::Change `info`) and what the registry records.
struct SqitchChange {
  std::string project;
  std::string uri;  // the plan's %uri, or empty
  std::string name;
  std::string parentId;  // the change id of the change before it in the plan; empty for the first
  std::string plannerName;
  std::string plannerEmail;
  std::string plannedAt;  // as the plan writes it: 2024-01-01T10:00:00Z
  std::string note;
  std::vector<SqitchDependency> dependencies;
  std::vector<SqitchTag> tags;
  std::string committerName;  // sqitch's user.name and user.email (the registry's committer)
  std::string committerEmail;
};

// What the runner knows about one migration when it records it.
struct RecordFields {
  std::string migrationId;
  std::string version;
  std::string name;
  std::string checksum;  // lowercase hex SHA-256 of the forward file (sluice's and Prisma's checksum)
  std::optional<std::string> rollbackChecksum;
  std::vector<std::string> statementChecksums;
  int statementsTotal = 0;
  std::string executionMode;
  std::string toolVersion;
  std::string client;  // user@host

  // What other tools' tables need.
  std::shared_ptr<const std::string> text;  // the forward file's bytes: the tools compute their checksums from them
  std::string script;                       // its path in the migrations folder (Flyway's `script`)
  std::string description;                  // Flyway's description: the name with `_` as spaces
  bool repeatable = false;                  // a Flyway `R__` migration: no version, re-applied when edited
  std::string previousVersion;              // the version before this one in the folder (golang-migrate's rollback)
  std::optional<std::int64_t> createdAt;    // Drizzle: the journal's `when` (milliseconds)
  std::optional<SqitchChange> sqitch;       // the sqitch.plan entry
};

// The history statements that go with running one file (a migration or its rollback).
// Each is SQL text (possibly several statements, possibly empty) that the executor sends
// as one message. `finalInTransaction` runs in the migration's own transaction, before
// COMMIT. The rest is for migrations that run outside one transaction: a marker that
// says "started", progress, and the end state. Tables that know no "started" or "failed"
// state (goose, dbmate, Drizzle, sqitch) record only the end.
struct HistoryActions {
  std::function<std::string(std::int64_t elapsedMs)> finalInTransaction;
  std::string markStarted;
  std::function<std::string(int statementsCommitted)> progress;
  std::function<std::string(std::int64_t elapsedMs)> markFinished;
  std::function<std::string(int statementsCommitted, const std::string& log)> markFailed;
  std::string unmarkStarted;  // failure before anything was committed: as if never started
};

class HistoryStore {
 public:
  virtual ~HistoryStore() = default;
  [[nodiscard]] virtual const HistoryTableName& table() const = 0;
  // The tool's name in the registry: "prisma", "sluice", "goose", ...
  [[nodiscard]] virtual std::string_view tool() const = 0;
  [[nodiscard]] bool prisma() const { return tool() == "prisma"; }

  // Whether the table can record a migration that failed outside a transaction (and so
  // stop later deploys until it is resolved); goose's, dbmate's, Drizzle's and sqitch's
  // tables record only migrations that ran to their end.
  [[nodiscard]] virtual bool recordsFailures() const { return true; }

  // Whether the table exists; an Input error when it exists but is not one sluice can
  // read (another table with that name, or written by a newer sluice).
  virtual Expected<bool> exists(PgSession& session) const = 0;
  // Every record that counts (Prisma rows marked rolled back do not), oldest first. An
  // absent table is an empty history.
  virtual Expected<std::vector<HistoryRecord>> read(PgSession& session) const = 0;
  // Creates the table (and its schema) when it is missing.
  virtual Status create(PgSession& session) const = 0;

  // What a record of this migration carries in HistoryRecord::migrationId.
  [[nodiscard]] virtual std::string recordKey(const RecordFields& migration) const { return migration.migrationId; }
  // Whether a record with `coversEarlier` stands for the migration whose key is `key`.
  [[nodiscard]] virtual bool covers(const HistoryRecord& record, const std::string& key) const;
  // The checksum this table records for a migration file; empty when it keeps none.
  [[nodiscard]] virtual std::string checksumOf(const RecordFields& migration) const;
  // Whether a recorded checksum belongs to the file. A table without checksums matches
  // every file (it cannot tell an edit).
  [[nodiscard]] virtual bool checksumMatches(const std::string& recorded, const RecordFields& migration) const;

  // Applying a migration.
  virtual HistoryActions applyActions(const PgSession& session, const RecordFields& fields) const = 0;
  // Running a migration's rollback file: afterwards the migration is no longer applied.
  virtual HistoryActions rollbackActions(const PgSession& session, const HistoryRecord& record,
                                         const RecordFields& fields) const = 0;
  // `sluice resolve --applied`: records the migration as applied without running it,
  // replacing a failed record.
  virtual std::string resolveApplied(const PgSession& session, const std::vector<HistoryRecord>& failed,
                                     const RecordFields& fields) const = 0;
  // `sluice resolve --rolled-back`: the failed record no longer blocks; the migration is
  // pending again. `fields` names the migration (its file may be gone: then only its id).
  virtual std::string resolveRolledBack(const PgSession& session, const std::vector<HistoryRecord>& failed,
                                        const RecordFields& fields) const = 0;
};

// The store of a tool's history table, by the tool's name; nullptr for a name no store
// has (historyToolNames() lists them).
std::unique_ptr<HistoryStore> makeHistoryStore(std::string_view tool, HistoryTableName table);
// The names makeHistoryStore knows, sorted.
std::vector<std::string_view> historyToolNames();
// Where a tool keeps its history unless told otherwise: goose_db_version in public,
// drizzle.__drizzle_migrations, the sqitch registry's changes table in schema sqitch...
HistoryTableName defaultHistoryTable(std::string_view tool);
// The advisory lock key the tool takes while it migrates (sluice's own where the tool
// takes none or one sluice cannot compute): the runner takes the same one.
std::int64_t historyLockKey(std::string_view tool);

// A random UUID, version 4, as Prisma writes into `_prisma_migrations.id`.
std::string randomUuidV4();

}  // namespace sluice
