#pragma once
// The WAL archive as deploy's safety net (`--safety restore-point`): the checks that
// must pass before a migration runs (archive_mode on, archiving succeeding, a recent
// full pgBackRest backup of the stanza), and the restore point itself, created and
// waited for until its WAL segment is in the archive. pgBackRest does the archiving,
// backups and restores; sluice only asks it (`pgbackrest info`) and tells the user.

#include <chrono>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/pg_session.hpp"

namespace sluice {

struct PitrSettings {
  std::string stanza;                               // [pitr] stanza; empty: not configured
  std::chrono::seconds maxBackupAge{7 * 86400};     // [pitr] max_backup_age
  std::chrono::milliseconds archiveTimeout{60000};  // [pitr] archive_timeout
  std::string pgbackrest = "pgbackrest";            // the executable (PATH lookup)
};

// One check as reported to the user: "archive_mode: on".
struct ArchiveCheck {
  std::string name;
  bool passed = false;
  std::string detail;  // what was found
  std::string fix;     // when it failed: what to do
};

// Runs every check (all of them, so that one run shows every problem) on the session's
// server and the stanza. `checks` receives them in order; the result is the first
// failure as an error with exit 3 (as for an unreachable database), with its fix.
Status checkArchive(PgSession& session, const PitrSettings& settings, std::vector<ArchiveCheck>& checks);

// Whether the archive is healthy, without the detail (for `--safety auto`).
bool archiveHealthy(PgSession& session, const PitrSettings& settings);

struct RestorePoint {
  std::string name;       // sluice-<deploy id>
  std::string lsn;        // where the point is in the WAL
  std::string walFile;    // the segment that holds it
  std::string createdAt;  // UTC, from the server's clock
};

// pg_create_restore_point(name), pg_switch_wal(), then waits (up to archiveTimeout) until
// pg_stat_archiver reports the segment holding the point (or a later one) archived.
// An exit-3 error when the wait ends first: the point is not recoverable yet.
Expected<RestorePoint> createRestorePoint(PgSession& session, const std::string& name, const PitrSettings& settings);

// The exact recovery to the point, for messages and `sluice pitr restore`.
std::string pgbackrestRestoreCommand(const PitrSettings& settings, const std::string& pointName);

// The last `count` lines of a child's output, for messages.
std::string lastLines(const std::string& text, std::size_t count);

// What to do when a deploy failed after its restore point: keep the application away,
// stop the server, restore, start, check; as lines of text.
std::string recoveryAdvice(const PitrSettings& settings, const RestorePoint& point);

}  // namespace sluice
