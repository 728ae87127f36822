#pragma once
// A copy of the scratch database, taken before a round trip whose files commit as they
// run (a file that cannot run in one transaction), so that `sluice verify` goes on from
// the state after the migration whatever the rollback did:
//
//   take:    CREATE DATABASE <copy> TEMPLATE <scratch>
//   restore: DROP DATABASE <scratch>; ALTER DATABASE <copy> RENAME TO <scratch>
//
// PostgreSQL copies or drops a database only while nobody is connected to it: the caller
// closes its own sessions on the scratch database first. The statements run from a
// session on another database of the same server (`postgres`, else `template1`), by a
// role that may create databases (the throwaway server's role is a superuser).

#include <optional>
#include <string>

#include "common/connection.hpp"
#include "common/error.hpp"
#include "common/pg_session.hpp"

namespace sluice {

class ScratchCopy {
 public:
  // `scratch` reaches the scratch database, whose name is `database`.
  ScratchCopy(ConnectionSettings scratch, std::string database);
  ScratchCopy(const ScratchCopy&) = delete;
  ScratchCopy& operator=(const ScratchCopy&) = delete;
  // Drops a copy that was taken and not restored (best effort).
  ~ScratchCopy();

  Status take();
  // Replaces the scratch database by the copy taken last; the copy is used up.
  Status restore();

 private:
  Expected<PgSession*> admin();
  Expected<SqlResult> run(const std::string& sql, const std::string& what);

  ConnectionSettings scratch_;
  std::string database_;
  std::string copy_;
  std::optional<PgSession> admin_;
  bool taken_ = false;
};

}  // namespace sluice
