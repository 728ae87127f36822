#include "runner/pitr_archive.hpp"

#include <nlohmann/json.hpp>
#include <thread>

#include "common/subprocess.hpp"
#include "common/text.hpp"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

std::string ageText(double seconds) { return humanDuration(seconds) + " ago"; }

ArchiveCheck archiveModeCheck(PgSession& session) {
  ArchiveCheck check;
  check.name = "archive_mode";
  SqlResult result = session.exec(
      "SELECT current_setting('archive_mode'), current_setting('archive_command'), "
      "current_setting('archive_library', true)");
  if (!result.ok()) {
    check.detail = "cannot read it: " + result.error().summary();
    check.fix = "connect as a role that may read server settings (pg_read_all_settings)";
    return check;
  }
  std::string mode = result.value(0, 0);
  bool command = !trim(result.value(0, 1)).empty() || !trim(result.value(0, 2)).empty();
  check.passed = (mode == "on" || mode == "always") && command;
  check.detail = "archive_mode = " + mode + (command ? "" : ", no archive_command");
  if (!check.passed) {
    check.fix =
        "set archive_mode = on and archive_command = 'pgbackrest --stanza=<stanza> archive-push %p' in "
        "postgresql.conf and restart the server";
  }
  return check;
}

// Archiving succeeds when the latest attempt did: a failure newer than the last success
// means the archiver is retrying a segment it cannot push, and the failure count grows.
ArchiveCheck archiverCheck(PgSession& session) {
  ArchiveCheck check;
  check.name = "WAL archiving";
  SqlResult result = session.exec(
      "SELECT archived_count, last_archived_wal, "
      "extract(epoch FROM now() - last_archived_time)::float8, failed_count, last_failed_wal, "
      "extract(epoch FROM now() - last_failed_time)::float8, "
      "coalesce(last_failed_time > coalesce(last_archived_time, '-infinity'), false) "
      "FROM pg_stat_archiver");
  if (!result.ok()) {
    check.detail = "cannot read pg_stat_archiver: " + result.error().summary();
    check.fix = "connect as a role that may read pg_stat_archiver";
    return check;
  }
  bool failing = result.value(0, 6) == "t";
  std::string archived = result.value(0, 0) == "0"
                             ? std::string("nothing archived since the statistics were reset")
                             : "last archived " + result.value(0, 1) + " " + ageText(std::stod(result.value(0, 2)));
  check.passed = !failing;
  check.detail = archived;
  if (result.value(0, 3) != "0") {
    check.detail += "; " + result.value(0, 3) + " failure" + (result.value(0, 3) == "1" ? "" : "s") + ", the last (" +
                    result.value(0, 4) + ") " + ageText(std::stod(result.value(0, 5)));
  }
  if (failing) {
    check.detail = "failing: " + check.detail;
    check.fix =
        "the archive_command fails (see the server log and `pgbackrest --stanza=<stanza> check`); fix it before "
        "deploying: WAL that cannot be archived makes the restore point useless";
  }
  return check;
}

ArchiveCheck backupCheck(const PitrSettings& settings) {
  ArchiveCheck check;
  check.name = "pgBackRest backup";
  if (settings.stanza.empty()) {
    check.detail = "no stanza configured";
    check.fix = "name the pgBackRest stanza of this database in .sluice.toml: [pitr] stanza = \"main\"";
    return check;
  }
  auto info = runProcess({settings.pgbackrest, "info", "--output=json", "--stanza=" + settings.stanza});
  if (!info || !info->success()) {
    check.detail = "`pgbackrest info` failed: " + (info ? lastLines(info->err + info->out, 3) : info.error().message);
    check.fix = "install pgBackRest and make its configuration readable (PGBACKREST_CONFIG or /etc/pgbackrest.conf)";
    return check;
  }
  nlohmann::json document = nlohmann::json::parse(info->out, nullptr, false);
  if (!document.is_array() || document.empty() || !document[0].is_object()) {
    check.detail = "`pgbackrest info --output=json` printed something sluice cannot read";
    check.fix = "check `pgbackrest info --stanza=" + settings.stanza + "`";
    return check;
  }
  const nlohmann::json& stanza = document[0];
  int code = stanza.value("/status/code"_json_pointer, -1);
  std::string message = stanza.value("/status/message"_json_pointer, std::string("unknown"));
  if (code != 0 && code != 2) {
    check.detail = "stanza " + settings.stanza + ": " + message;
    check.fix = "create it: `pgbackrest --stanza=" + settings.stanza + " stanza-create`, then take a full backup";
    return check;
  }
  std::int64_t newestFull = -1;
  std::string label;
  for (const nlohmann::json& backup : stanza.value("backup", nlohmann::json::array())) {
    if (backup.value("type", "") != "full" || backup.value("error", false)) continue;
    std::int64_t stop = backup.value("/timestamp/stop"_json_pointer, std::int64_t{-1});
    if (stop > newestFull) {
      newestFull = stop;
      label = backup.value("label", "");
    }
  }
  if (newestFull < 0) {
    check.detail = "stanza " + settings.stanza + " has no full backup";
    check.fix = "take one: `pgbackrest --stanza=" + settings.stanza + " --type=full backup`";
    return check;
  }
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  double age = static_cast<double>(now.count() - newestFull);
  check.detail = "stanza " + settings.stanza + ", newest full backup " + label + " finished " + ageText(age);
  check.passed = age <= static_cast<double>(settings.maxBackupAge.count());
  if (!check.passed) {
    check.detail += ", older than [pitr] max_backup_age (" +
                    humanDuration(static_cast<double>(settings.maxBackupAge.count())) + ")";
    check.fix = "take a full backup (`pgbackrest --stanza=" + settings.stanza +
                " --type=full backup`) or check why the scheduled one did not run";
  }
  return check;
}

struct ArchiverState {
  std::string lastArchived;
  std::string lastFailed;
};

ArchiverState archiverState(PgSession& session) {
  (void)session.exec("SELECT pg_stat_clear_snapshot()");
  SqlResult result = session.exec("SELECT last_archived_wal, last_failed_wal FROM pg_stat_archiver");
  if (!result.ok()) return {};
  return {result.value(0, 0), result.value(0, 1)};
}

// A WAL segment name (24 hex digits: timeline, log, segment) at or after `wanted`.
bool segmentReached(const std::string& archived, const std::string& wanted) {
  return archived.size() == wanted.size() && archived >= wanted;
}

}  // namespace

Status checkArchive(PgSession& session, const PitrSettings& settings, std::vector<ArchiveCheck>& checks) {
  checks.push_back(archiveModeCheck(session));
  checks.push_back(archiverCheck(session));
  checks.push_back(backupCheck(settings));
  for (const ArchiveCheck& check : checks) {
    if (check.passed) continue;
    return Error(ErrorCode::Unreachable,
                 "the WAL archive is not ready for a restore point: " + check.name + ": " + check.detail +
                     "; nothing was changed",
                 check.fix + " (or deploy with --safety snapshot)");
  }
  return {};
}

bool archiveHealthy(PgSession& session, const PitrSettings& settings) {
  std::vector<ArchiveCheck> checks;
  return checkArchive(session, settings, checks).ok();
}

Expected<RestorePoint> createRestorePoint(PgSession& session, const std::string& name, const PitrSettings& settings) {
  SqlResult created = session.execParams(
      "SELECT lsn::text, pg_walfile_name(lsn), to_char(now() AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM pg_create_restore_point($1) AS lsn",
      {name});
  if (!created.ok()) {
    return Error(ErrorCode::Unreachable, "cannot create restore point " + name + ": " + created.error().summary(),
                 "pg_create_restore_point needs a superuser or a role granted EXECUTE on it (or deploy with "
                 "--safety snapshot)");
  }
  RestorePoint point{name, created.value(0, 0), created.value(0, 1), created.value(0, 2)};
  if (SqlResult switched = session.exec("SELECT pg_switch_wal()"); !switched.ok()) {
    return Error(ErrorCode::Unreachable, "cannot switch to a new WAL segment: " + switched.error().summary(),
                 "pg_switch_wal needs a superuser or a role granted EXECUTE on it");
  }
  auto deadline = Clock::now() + settings.archiveTimeout;
  ArchiverState state;
  while (true) {
    state = archiverState(session);
    if (segmentReached(state.lastArchived, point.walFile)) return point;
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::string failing = state.lastFailed == point.walFile ? " (archiving it failed: see the server log)" : "";
  return Error(ErrorCode::Unreachable,
               "restore point " + name + " (LSN " + point.lsn + ", WAL segment " + point.walFile +
                   ") was not archived within [pitr] archive_timeout (" +
                   humanDuration(std::chrono::duration<double>(settings.archiveTimeout).count()) + ")" + failing +
                   ": it is not recoverable yet, so no migration ran",
               "check the archiver (pg_stat_archiver, `pgbackrest --stanza=" + settings.stanza +
                   " check`) or raise [pitr] archive_timeout; then deploy again");
}

std::string lastLines(const std::string& text, std::size_t count) {
  std::string_view rest = trim(text);
  std::size_t at = rest.size();
  for (std::size_t seen = 0; seen < count && at != std::string_view::npos && at > 0; ++seen) {
    at = rest.rfind('\n', at - 1);
  }
  return std::string(trim(at == std::string_view::npos ? rest : rest.substr(at)));
}

std::string pgbackrestRestoreCommand(const PitrSettings& settings, const std::string& pointName) {
  return "pgbackrest --stanza=" + settings.stanza + " --type=name --target=" + pointName +
         " --target-action=promote --delta restore";
}

std::string recoveryAdvice(const PitrSettings& settings, const RestorePoint& point) {
  return "the database cannot be rewound in place while it serves. To go back to restore point " + point.name +
         " (LSN " + point.lsn + ", created " + point.createdAt +
         ", just before this deploy's first migration):\n"
         "    1. keep the application away from the database (maintenance mode, or stop it): every write from now "
         "on is lost by the recovery\n"
         "    2. stop PostgreSQL (systemctl stop postgresql@15-main, or pg_ctl -D DATA stop -m fast)\n"
         "    3. as the server's user: " +
         pgbackrestRestoreCommand(settings, point.name) +
         "\n"
         "    4. start PostgreSQL: it replays the WAL up to the restore point and promotes\n"
         "    5. check the schema and `sluice status`, then let the application back in\n"
         "  or let sluice do 2-5: sluice pitr restore " +
         point.name + " --stanza " + settings.stanza + " --data-dir DATA (--pg-ctl PATH | --service NAME)";
}

}  // namespace sluice
