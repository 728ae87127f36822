#pragma once
// One PostgreSQL session over libpq: the only database connection class of sluice. The
// runner applies migrations on it, snapshots move COPY data through it, the tests read
// through it. docs/architecture.md ("Why libpq, not libpqxx") gives the reasons: a
// migration run must stay on exactly one server session (no silent reconnects that
// would lose the advisory lock and the session settings), it needs the transaction
// status after each statement and every field of an error (SQLSTATE, position, detail,
// hint), statements that keep waiting while the caller looks at who blocks them, raw
// COPY data in bulk, and PQcancel from another thread.
//
// Every text that comes from libpq or the server (errors with their detail, hint and
// context, notices, connection failures) passes through ConnectionSettings::scrub().
// Every session is opened with sluice's application_name and kSessionDefaults.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/connection.hpp"
#include "common/error.hpp"

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace sluice {

struct SqlError {
  std::string sqlstate;  // "42P01"; "08006" when the connection was lost
  std::string message;   // the server's primary message
  std::string detail;
  std::string hint;
  std::string context;
  int position = 0;  // 1-based character position in the query text; 0 when none
  bool connectionLost = false;

  // "relation "x" does not exist (SQLSTATE 42P01)"
  [[nodiscard]] std::string summary() const;
  // As an error value, `what` first ("copying public.t: ..."): Unreachable when the
  // connection was lost, LockNotObtained for a lock timeout (55P03), Input otherwise.
  [[nodiscard]] Error toError(const std::string& what = {}) const;
};

class SqlResult {
 public:
  SqlResult() = default;
  [[nodiscard]] bool ok() const { return !error_; }
  [[nodiscard]] const SqlError& error() const { return *error_; }
  [[nodiscard]] int rows() const;
  [[nodiscard]] int columns() const;
  // The index of a column by its name in the result; -1 when there is none.
  [[nodiscard]] int column(std::string_view name) const;
  [[nodiscard]] bool isNull(int row, int column) const;
  // The text of a value ("" for NULL).
  [[nodiscard]] std::string value(int row, int column) const;
  [[nodiscard]] std::optional<std::string> optional(int row, int column) const;
  // A value of an integer column; nothing for NULL or for text that is not a whole
  // integer.
  [[nodiscard]] std::optional<std::int64_t> integer(int row, int column) const;
  // The same by column name; a column the result does not have reads as NULL.
  [[nodiscard]] bool isNull(int row, std::string_view column) const;
  [[nodiscard]] std::string value(int row, std::string_view column) const;
  [[nodiscard]] std::optional<std::string> optional(int row, std::string_view column) const;
  // Rows the command affected or copied (PQcmdTuples); 0 when it does not say.
  [[nodiscard]] std::uint64_t affectedRows() const;

 private:
  friend class PgSession;
  std::shared_ptr<pg_result> result_;
  std::optional<SqlError> error_;
};

// While a query runs, `onTick` is called every `tick` (from the same thread), so the
// caller can look at locks from another session or show progress.
struct WaitHooks {
  std::chrono::milliseconds tick{200};
  std::function<void(std::chrono::milliseconds elapsed)> onTick;
};

enum class TransactionStatus { Idle, InTransaction, Failed, Unknown };

// What every session sluice opens runs first (and the runner again after RESET ALL):
// synchronous_commit on, so that a history row sluice reported as committed survives a
// crash of the server even where the server, database or role turned it off.
inline constexpr const char* kSessionDefaults = "SET synchronous_commit = on";

class PgSession {
 public:
  // Opens a session named `applicationName` (what pg_stat_activity shows: "sluice
  // deploy"); failures are Unreachable errors, scrubbed, with a hint from
  // connectionFailureHint().
  static Expected<PgSession> open(const ConnectionSettings& settings, const std::string& applicationName);

  PgSession(PgSession&& other) noexcept;
  PgSession& operator=(PgSession&& other) noexcept;
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;
  ~PgSession();

  // Runs one simple-query message (one or several statements) and returns the last
  // statement's result, or the first error. While the process-wide cancel flag is set
  // (setCancelFlag), the running statement is cancelled.
  SqlResult exec(std::string_view sql, const WaitHooks* hooks = nullptr);
  // One statement with text parameters ($1, $2, ...); nullopt is NULL.
  SqlResult execParams(std::string_view sql, const std::vector<std::optional<std::string>>& parameters);
  // exec() for callers that only need an error value (SqlError::toError()).
  Expected<SqlResult> query(std::string_view sql);

  // COPY ... TO STDOUT: calls `consume` with the data in chunks of whole rows (one line
  // each, newline included) of about `chunkBytes`; a failing `consume` cancels the COPY
  // and its error is returned. Returns the number of rows.
  Expected<std::uint64_t> copyOut(std::string_view sql, const std::function<Status(std::string_view)>& consume,
                                  std::size_t chunkBytes = std::size_t{256} << 10U);
  // COPY ... FROM STDIN in three steps; copyInEnd returns the rows the server stored.
  Status copyInBegin(std::string_view sql);
  Status copyInPut(std::string_view data);
  Expected<std::uint64_t> copyInEnd();
  // Ends a COPY FROM STDIN with an error, so that the statement (and its transaction) fail.
  void copyInAbort(const std::string& reason);

  // Asks the server to cancel the statement that runs now; safe from any thread.
  void cancel();

  // Quoting through libpq, which knows the server's string settings.
  [[nodiscard]] std::string literal(std::string_view text) const;
  [[nodiscard]] std::string identifier(std::string_view text) const;
  // "schema"."name"
  [[nodiscard]] std::string qualifiedName(std::string_view schema, std::string_view name) const;

  [[nodiscard]] int serverVersion() const;              // 150004
  [[nodiscard]] std::string serverVersionText() const;  // "15.4"
  [[nodiscard]] int backendPid() const;
  [[nodiscard]] std::string user() const;
  [[nodiscard]] TransactionStatus transactionStatus() const;
  [[nodiscard]] bool connected() const;
  [[nodiscard]] const ConnectionSettings& settings() const { return settings_; }

  // Server notices (RAISE NOTICE, "table does not exist, skipping") since the last call.
  std::vector<std::string> takeNotices();

  struct State;  // what libpq's callbacks write into; stable across moves

 private:
  PgSession() = default;
  // Waits until the connection has a complete result, calling the hooks and cancelling
  // on the cancel flag; false when the connection broke.
  bool awaitResult(const WaitHooks* hooks, bool& cancelled);
  // Collects the results of the command in flight: the last one, or the first error.
  SqlResult collect(const WaitHooks* hooks);
  [[nodiscard]] SqlError lost() const;
  // Sends a COPY statement and waits until the server is in the copy it names (`toClient`:
  // COPY OUT, else COPY IN); when it is not, drains the results and says why.
  // `cancelled` says whether the wait already cancelled the statement.
  Status startCopy(std::string_view sql, bool toClient, bool& cancelled);

  std::unique_ptr<State> state_;
  pg_conn* connection_ = nullptr;
  pg_cancel* canceller_ = nullptr;  // made at open, for cancel() from other threads
  ConnectionSettings settings_;
};

// Process-wide: while `*flag` is true, every session cancels the statement it waits
// for (the runner installs its Ctrl-C flag). nullptr: none.
void setCancelFlag(const std::atomic<bool>* flag);

}  // namespace sluice
