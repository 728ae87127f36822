#pragma once
// How sluice finds and opens its database: --database-url, else DATABASE_URL, else the
// DATABASE_HOST / DATABASE_PORT / DATABASE_NAME / DATABASE_USER / DATABASE_PASSWORD
// variables. The password never leaves this file in readable form: everything shown to
// people goes through display() or redact().

#include <optional>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace sluice {

class ConnectionSettings {
 public:
  // From a URL or libpq keyword string (`postgres://u:p@h:5432/db`, `host=... dbname=...`).
  static ConnectionSettings fromString(std::string conninfo);
  // --database-url if given, else the environment; Usage error when nothing is set.
  static Expected<ConnectionSettings> resolve(const std::optional<std::string>& databaseUrl);

  // What libpq receives (contains the password; never print it).
  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }
  // The same with the password masked, for messages and reports.
  [[nodiscard]] std::string display() const;
  // Removes the password from any text (error messages from libpq or the server).
  [[nodiscard]] std::string redact(std::string_view text) const;
  // The same settings pointing at another database of the same server.
  [[nodiscard]] ConnectionSettings withDatabase(const std::string& database) const;
  [[nodiscard]] const std::string& database() const { return database_; }

 private:
  std::string conninfo_;
  std::string password_;
  std::string database_;
};

// What to check after a failed connection attempt, from libpq's message (refused,
// authentication, unknown database, timeout). It names no command's flags: a command
// that offers more ways out (deploy's --ephemeral) adds them itself.
std::string connectionFailureHint(const std::string& message);

// Quotes a value for a libpq keyword/value connection string.
std::string quoteConninfoValue(std::string_view value);

}  // namespace sluice
