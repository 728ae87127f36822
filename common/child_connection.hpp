#pragma once
// The database connection of a child process (pg_dump, pg_restore, psql): a libpq
// keyword string without secrets for its --dbname, and the password in a password file
// of mode 0600 inside a private temporary directory (mode 0700), named by the string's
// `passfile` setting. The password never goes into an argument, which `ps` shows to
// every user, nor into the child's environment, which its own children inherit and
// /proc shows. The file is removed with this object.

#include <optional>
#include <string>

#include "common/connection.hpp"
#include "common/error.hpp"
#include "common/temp_dir.hpp"

namespace sluice {

class ChildConnection {
 public:
  static Expected<ChildConnection> create(const ConnectionSettings& settings);

  // For --dbname: every setting but the secrets, plus passfile= when there is a password.
  [[nodiscard]] const std::string& conninfo() const { return conninfo_; }

 private:
  ChildConnection() = default;
  std::optional<TempDir> dir_;
  std::string conninfo_;
};

}  // namespace sluice
