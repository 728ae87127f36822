#pragma once
// Where a database records which migrations it has. Two tables, one interface:
//
// Prisma layout: `_prisma_migrations`, exactly as Prisma Migrate creates and reads it
// (see prisma_history.cpp), so that `prisma migrate status` and sluice agree.
//
// Every other layout: sluice's own table, `public.sluice_migrations` by default
// (`--history-schema`, `[migrations] history_schema` / `history_table`):
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
#include <vector>

#include "common/error.hpp"
#include "common/pg_session.hpp"

namespace sluice {

inline constexpr int kSluiceHistoryFormat = 1;
inline constexpr const char* kSluiceHistoryTable = "sluice_migrations";
inline constexpr const char* kPrismaHistoryTable = "_prisma_migrations";

struct HistoryTableName {
  std::string schema = "public";
  std::string table;
  [[nodiscard]] std::string display() const { return schema + "." + table; }
  [[nodiscard]] std::string quoted(const PgSession& session) const {
    return session.identifier(schema) + "." + session.identifier(table);
  }
};

enum class RecordState { Applied, Running, Failed };

struct HistoryRecord {
  std::string key;          // Prisma: the row's id (a UUID); sluice: the migration id
  std::string migrationId;  // folder name or file stem
  std::string checksum;
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
};

// What the runner knows about one migration when it records it.
struct RecordFields {
  std::string migrationId;
  std::string version;
  std::string name;
  std::string checksum;
  std::optional<std::string> rollbackChecksum;
  std::vector<std::string> statementChecksums;
  int statementsTotal = 0;
  std::string executionMode;
  std::string toolVersion;
  std::string client;  // user@host
};

// The history statements that go with running one file (a migration or its rollback).
// Each is SQL text (possibly several statements) that the executor sends as one message.
// `finalInTransaction` runs in the migration's own transaction, before COMMIT. The rest
// is for migrations that run outside one transaction: a marker that says "started",
// progress, and the end state.
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
  [[nodiscard]] virtual bool prisma() const = 0;

  // Whether the table exists; an Input error when it exists but is not one sluice can
  // read (another table with that name, or written by a newer sluice).
  virtual Expected<bool> exists(PgSession& session) const = 0;
  // Every record that counts (Prisma rows marked rolled back do not), oldest first. An
  // absent table is an empty history.
  virtual Expected<std::vector<HistoryRecord>> read(PgSession& session) const = 0;
  // Creates the table (and its schema) when it is missing.
  virtual Status create(PgSession& session) const = 0;

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
  // pending again.
  virtual std::string resolveRolledBack(const PgSession& session, const std::vector<HistoryRecord>& failed) const = 0;
};

std::unique_ptr<HistoryStore> makePrismaHistory(HistoryTableName table);
std::unique_ptr<HistoryStore> makeSluiceHistory(HistoryTableName table);

// A random UUID, version 4, as Prisma writes into `_prisma_migrations.id`.
std::string randomUuidV4();

}  // namespace sluice
