#pragma once
// How sluice finds and opens its database: --database-url, else DATABASE_URL, else the
// DATABASE_HOST / DATABASE_PORT / DATABASE_NAME / DATABASE_USER / DATABASE_PASSWORD
// variables.
//
// The string the user gave is parsed once, by libpq itself (PQconninfoParse knows every
// form libpq accepts: URLs, keyword/value strings with quotes and escapes, repeated
// parameters), and is then thrown away: nothing keeps, prints, logs or stores it. People
// see describe() ("deploy@db.internal:5432/app"), built from the parsed fields; the
// password and sslpassword are Secrets; and every text that comes back from libpq or the
// server goes through scrub(), which removes each secret value sluice knows of (the
// string's, PGPASSWORD's, DATABASE_PASSWORD's, and the one libpq read from a password
// file).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "common/secret.hpp"

namespace sluice {

class ConnectionSettings {
 public:
  // A URL (postgres:// or postgresql://, the scheme in any case) or a libpq keyword/value
  // string. Query parameters that ORMs keep in DATABASE_URL and libpq does not know
  // (Prisma's ?schema=, ?connection_limit=, ...) are set aside: foreignParameter(). A
  // string libpq rejects is a Usage error whose message never quotes the string.
  static Expected<ConnectionSettings> parse(std::string_view text);
  // For connection strings sluice builds itself (the throwaway cluster, tests), which
  // hold no secret: one that libpq rejects is a bug (throws std::invalid_argument).
  static ConnectionSettings fromString(std::string_view text);
  // --database-url if given, else the environment; Usage error when nothing is set.
  static Expected<ConnectionSettings> resolve(const std::optional<std::string>& databaseUrl);

  ConnectionSettings() = default;

  // "user@host:port/dbname", from the parsed fields (libpq's defaults for what the
  // string leaves out), scrubbed: what messages, reports, logs and manifests show.
  [[nodiscard]] std::string describe() const;
  // `text` without any secret value sluice knows of, each replaced by "***".
  [[nodiscard]] std::string scrub(std::string_view text) const;
  // Scrubs this value too: a password libpq found on its own (a password file).
  void addScrubbed(const Secret& secret);

  // A parsed setting other than a secret (host, port, user, dbname, sslmode, ...).
  [[nodiscard]] std::optional<std::string> option(std::string_view keyword) const;
  [[nodiscard]] std::string database() const { return option("dbname").value_or(""); }
  // The password libpq will use when the string gives none and PGPASSWORD is set counts
  // too; nullptr when there is none (libpq may still find one in a password file).
  [[nodiscard]] const Secret* password() const;
  // A parameter set aside by parse() (Prisma's `schema`), percent-decoded.
  [[nodiscard]] std::optional<std::string> foreignParameter(std::string_view name) const;

  // A libpq keyword/value string of every setting except the secrets: for child
  // processes (the password goes to them in a password file) and tests.
  [[nodiscard]] std::string keywordString() const;
  // Keywords and values for PQconnectdbParams, secrets included: the one place their
  // values leave this class for libpq.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> revealForLibpq() const;

  // The same settings pointing at another database of the same server.
  [[nodiscard]] ConnectionSettings withDatabase(const std::string& database) const;

 private:
  std::vector<std::pair<std::string, std::string>> options_;  // in libpq's keyword order
  std::vector<std::pair<std::string, Secret>> secrets_;       // password, sslpassword
  std::optional<Secret> environmentPassword_;                 // PGPASSWORD, when the string has none
  std::vector<Secret> scrubbed_;                              // every value scrub() removes
  std::vector<std::pair<std::string, std::string>> foreign_;
};

// What to check after a failed connection attempt, from libpq's message (refused,
// authentication, unknown database, timeout). It names no command's flags: a command
// that offers more ways out (deploy's --ephemeral) adds them itself.
std::string connectionFailureHint(const std::string& message);

// Quotes a value for a libpq keyword/value connection string.
std::string quoteConninfoValue(std::string_view value);

}  // namespace sluice
