#pragma once
// What each statement of a migration does to the tables around it, observed on the
// scratch database rather than predicted: after every statement that runs in a
// transaction, the relation locks its own backend holds (pg_locks of its pid), and for
// every statement whether a table got new storage (its relfilenode changed: a rewrite,
// or a TRUNCATE). A lock stays until the transaction ends, so each lock is reported on
// the statement that took it (or made it stronger), with how long it was held until
// COMMIT. Statements that run outside a transaction (CREATE INDEX CONCURRENTLY) release
// their locks when they end: their locks are not observed, their rewrites are.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/line_index.hpp"
#include "common/pg_session.hpp"
#include "runner/executor.hpp"

namespace sluice {

struct ObservedLock {
  std::string table;      // "orders", "billing.invoice"
  std::string mode;       // "ACCESS EXCLUSIVE", "SHARE", ...
  double heldMs = 0;      // from the start of the statement that took it to the end of its transaction
  bool newTable = false;  // created by this migration: nobody else can be waiting for it
};

struct StatementObservation {
  std::size_t index = 0;  // 0-based, top-level statements of the file
  TextPosition start;
  std::string text;                   // shortened
  bool observed = true;               // false: ran outside a transaction, locks not visible afterwards
  std::vector<ObservedLock> locks;    // taken or strengthened by this statement, strongest per table
  std::vector<std::string> rewrites;  // tables that existed before the migration and got new storage
  // The strongest lock held on each table that existed before the file, right after the
  // statement (taken by it or earlier in the same transaction).
  std::map<std::string, int> holding;
  double durationMs = 0;
};

// PostgreSQL's table lock modes from weakest to strongest ("ACCESS SHARE" = 1 ...
// "ACCESS EXCLUSIVE" = 8); 0 for anything else.
int lockStrength(std::string_view mode);

// Watches the statements of a file as the executor runs them (runner/executor.hpp).
// Transaction control statements are not observed: nothing may run between a file's
// BEGIN and its SET TRANSACTION.
class LockObserver : public StatementHook {
 public:
  explicit LockObserver(PgSession& session) : session_(session) {}

  // Before the first file of a migration (the parts of a popx group are one migration):
  // which tables exist. Locks and rewrites of tables created after this are not reported
  // as if they mattered to anyone.
  Status beginMigration();
  // Before each file runs (outside its transaction).
  Status beginFile(const std::string& fileText);
  void beforeStatement(const FilePlan& plan, std::size_t index) override;
  // `inTransaction`: the statement's transaction is still open, so its locks can be read.
  void afterStatement(const FilePlan& plan, std::size_t index, bool inTransaction) override;
  void transactionEnded() override;
  // The observations of the file, or the error that stopped observing it.
  Expected<std::vector<StatementObservation>> take();

 private:
  using Clock = std::chrono::steady_clock;
  struct Relation {
    std::string name;
    std::string fileNode;
  };
  struct OpenLock {
    int strength = 0;
    std::size_t statement = 0;  // index into statements_
    Clock::time_point since;
  };
  Status readStorage(std::map<std::string, Relation>& into);
  Status observe(bool inTransaction);

  PgSession& session_;
  std::string fileText_;
  std::unique_ptr<LineIndex> lines_;                     // of fileText_
  std::map<std::string, Relation> existing_;             // oid -> relation, before the file
  std::map<std::string, Relation> storage_;              // oid -> relation, after the last statement
  std::map<std::string, int> strongest_;                 // table name -> strongest lock in the open transaction
  std::map<std::string, bool> newTables_;                // table name -> created by this file, for locks seen
  std::vector<std::pair<std::string, OpenLock>> taken_;  // in the open transaction
  std::vector<StatementObservation> statements_;
  Clock::time_point statementStart_;
  bool observing_ = false;  // the statement that runs now is observed
  Status status_;           // ok, or the first error of the file's observations
};

}  // namespace sluice
