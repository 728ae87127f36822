#pragma once
// The schema part of a snapshot comes from pg_dump, which knows every object type:
// `--section=pre-data` and `--section=post-data` (so that restore can load data between
// them, like pg_restore), run against the snapshot's exported MVCC snapshot.

#include <filesystem>
#include <string>

#include "common/connection.hpp"
#include "common/duration.hpp"
#include "common/error.hpp"

namespace sluice::snapshot {

struct PgDump {
  std::filesystem::path path;
  std::string version;  // "pg_dump (PostgreSQL) 15.20 ..."
  int major = 0;
};

// A pg_dump that can dump a server of `serverVersionNum` (its major version at least
// the server's): $SLUICE_PG_BINDIR, the server's own major version's directory, PATH.
Expected<PgDump> findPgDump(int serverVersionNum);

// Runs pg_dump for one section ("pre-data" or "post-data") in the exported snapshot.
// The password reaches pg_dump in a password file (common/child_connection.hpp), never
// through its command line or environment.
Expected<std::string> dumpSchemaSection(const PgDump& pgDump, const ConnectionSettings& settings,
                                        const std::string& exportedSnapshot, const std::string& section,
                                        Duration lockWait);

// Removes the psql meta-commands pg_dump writes (\restrict and \unrestrict, since
// 15.14), which the server would not understand.
std::string stripMetaCommands(std::string_view sql);

}  // namespace sluice::snapshot
