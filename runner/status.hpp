#pragma once
// `sluice status`: the folder against the history, and (with --format json) a health
// check, given only when the history could be read:
//   healthy   nothing failed, nothing pending or edited
//   degraded  pending or edited migrations (or applied ones whose file is gone)
//   unhealthy a migration recorded as failed
// An unreachable database is no verdict on the migrations: outcome "unreachable", exit 3.

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "common/error.hpp"
#include "common/exit_code.hpp"
#include "common/terminal.hpp"
#include "runner/migration_state.hpp"
#include "runner/outcomes.hpp"
#include "runner/project.hpp"

namespace sluice {

struct StatusEntry {
  std::string id;
  MigrationStatus status = MigrationStatus::Pending;
  bool edited = false;
  bool outOfOrder = false;
  std::string appliedAt;
  std::string recordedChecksum;
  std::string fileChecksum;
  std::string editLocation;
  std::string log;  // failed: what the history says
};

// A restore point a deploy created before its first migration (from the audit log).
struct RestorePointRecord {
  std::string name;
  std::string lsn;
  std::string createdAt;
};

struct StatusReport {
  CheckOutcome outcome = CheckOutcome::Error;
  Health health = Health::Unhealthy;
  bool reachable = false;
  double connectMs = 0;
  double roundTripMs = 0;
  std::string serverVersion;
  std::string database;
  std::string dir;
  std::string layout;
  std::string historyTable;
  std::string orderNote;  // Prisma's order is not the names' byte order (formats::prismaOrderNote)
  bool historyExists = false;
  std::vector<StatusEntry> entries;
  int applied = 0, pending = 0, failed = 0, edited = 0, missing = 0;
  std::optional<Error> error;
  ExitCode exitCode = ExitCode::Success;
  std::optional<RestorePointRecord> lastRestorePoint;  // the newest deploy's, when an audit log has one
};

StatusReport migrationStatus(const ProjectOptions& options, const ConnectionSettings& settings);
void writeStatusJson(const StatusReport& report, std::ostream& out);
void writeStatusText(const StatusReport& report, std::ostream& out, const Style& style);

}  // namespace sluice
