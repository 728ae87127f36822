#pragma once
// Session settings under which COPY text round-trips exactly, whatever the role's
// defaults are (the same pg_dump sets): shortest-exact floats, ISO dates, the
// PostgreSQL interval style, UTC, no row-level security silently filtering rows (an
// error instead), no statement timeout cutting a long COPY short. And runSql(), for
// statements whose result does not matter.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "common/pg_session.hpp"

namespace sluice::snapshot {

inline std::string sessionSetup(const std::string& clientEncoding) {
  std::string sql =
      "SET client_min_messages = warning; SET row_security = off; SET extra_float_digits = 3; "
      "SET DateStyle = ISO; SET IntervalStyle = postgres; SET TimeZone = 'UTC'; SET statement_timeout = 0; "
      "SET idle_in_transaction_session_timeout = 0";
  // Encoding names are letters, digits and underscores; anything else is not one.
  bool plain = !clientEncoding.empty() && std::all_of(clientEncoding.begin(), clientEncoding.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
  });
  if (plain) sql += "; SET client_encoding = '" + clientEncoding + "'";
  return sql;
}

// Runs SQL whose result does not matter; a failure is an error value.
inline Status runSql(PgSession& session, std::string_view sql) {
  auto result = session.query(sql);
  if (!result) return result.takeError();
  return {};
}

}  // namespace sluice::snapshot
