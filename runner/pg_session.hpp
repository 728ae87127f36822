#pragma once
// One PostgreSQL session over libpq, for everything that changes a database.
//
// libpq rather than libpqxx 6: a migration run must stay on exactly one server session
// (libpqxx 6 reconnects a broken connection behind the caller's back, which would lose
// the advisory lock and the session settings between two statements), and the runner
// needs the transaction status after each statement, every field of an error (SQLSTATE,
// position, detail, hint), and a query that keeps waiting for a lock while the caller
// looks at who holds it.

#include <chrono>
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
};

class SqlResult {
 public:
  SqlResult() = default;
  [[nodiscard]] bool ok() const { return !error_; }
  [[nodiscard]] const SqlError& error() const { return *error_; }
  [[nodiscard]] int rows() const;
  [[nodiscard]] bool isNull(int row, int column) const;
  // The text of a value ("" for NULL).
  [[nodiscard]] std::string value(int row, int column) const;
  [[nodiscard]] std::optional<std::string> optional(int row, int column) const;

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

class PgSession {
 public:
  // Opens a session; failures are Unreachable errors with the password redacted.
  static Expected<PgSession> open(const ConnectionSettings& settings, const std::string& applicationName);

  PgSession(PgSession&& other) noexcept;
  PgSession& operator=(PgSession&& other) noexcept;
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;
  ~PgSession();

  // Runs one simple-query message (one or several statements). A pending interrupt
  // (interrupt.hpp) cancels the running statement.
  SqlResult exec(std::string_view sql, const WaitHooks* hooks = nullptr);
  // One statement with text parameters ($1, $2, ...); nullopt is NULL.
  SqlResult execParams(std::string_view sql, const std::vector<std::optional<std::string>>& parameters);

  // Quoting through libpq, which knows the server's string settings.
  [[nodiscard]] std::string literal(std::string_view text) const;
  [[nodiscard]] std::string identifier(std::string_view text) const;

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
  std::unique_ptr<State> state_;
  pg_conn* connection_ = nullptr;
  ConnectionSettings settings_;
};

}  // namespace sluice
