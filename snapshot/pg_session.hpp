#pragma once
// A libpq connection for the snapshot module. libpq rather than libpqxx because
// snapshots move raw COPY data in bulk (libpqxx 6.4's stream classes are per-row and
// partly broken) and need PQcancel from another thread. Every message that reaches a
// person passes through ConnectionSettings::redact().

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/connection.hpp"
#include "common/error.hpp"

namespace sluice::snapshot {

struct PgRows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  [[nodiscard]] bool empty() const { return rows.empty(); }
  // The value at (row, column name); "" for NULL.
  [[nodiscard]] std::string text(std::size_t row, std::string_view column) const;
  [[nodiscard]] bool isNull(std::size_t row, std::string_view column) const;
};

class PgSession {
 public:
  static Expected<PgSession> open(const ConnectionSettings& settings, const std::string& applicationName);

  PgSession(PgSession&& other) noexcept;
  PgSession& operator=(PgSession&& other) noexcept;
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;
  ~PgSession();

  // Runs SQL (possibly several statements) and returns the rows of the last one.
  Expected<PgRows> query(const std::string& sql);
  Status exec(const std::string& sql);

  // COPY ... TO STDOUT: calls `consume` with the data in chunks of whole rows (one line
  // each, newline included) of about `chunkBytes`. Returns the number of rows.
  Expected<std::uint64_t> copyOut(const std::string& sql, const std::function<Status(std::string_view)>& consume,
                                  std::size_t chunkBytes = 256U << 10U);

  // COPY ... FROM STDIN, in three steps; copyInEnd returns the rows the server stored.
  Status copyInBegin(const std::string& sql);
  Status copyInPut(std::string_view data);
  Expected<std::uint64_t> copyInEnd();
  // Ends a COPY FROM STDIN with an error, so that the statement (and the transaction) fail.
  void copyInAbort(const std::string& reason);

  // Asks the server to cancel the running statement; safe from another thread.
  void cancel();

  [[nodiscard]] std::string quoteIdentifier(std::string_view name) const;
  [[nodiscard]] std::string quoteLiteral(std::string_view value) const;
  [[nodiscard]] int serverVersion() const;
  // SQLSTATE of the last server error ("" when the last failure had none).
  [[nodiscard]] const std::string& lastSqlState() const { return lastSqlState_; }

 private:
  PgSession() = default;
  Error failure(const std::string& what, const void* result) const;

  void* connection_ = nullptr;  // PGconn
  void* canceller_ = nullptr;   // PGcancel, created at open for use from other threads
  ConnectionSettings settings_ = ConnectionSettings::fromString("");
  mutable std::string lastSqlState_;
};

// A qualified, quoted relation name: "schema"."name".
std::string qualifiedName(const PgSession& session, std::string_view schema, std::string_view name);

}  // namespace sluice::snapshot
