#pragma once
// What every runner command starts from: the migrations folder (files read, checksums
// taken), the history table of its layout, the lock key, and a session on the database
// with the runner's settings.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/connection.hpp"
#include "common/pg_session.hpp"
#include "linter/migration.hpp"
#include "runner/database_url.hpp"
#include "runner/history.hpp"
#include "runner/migration_files.hpp"

namespace sluice {

struct ProjectOptions {
  std::filesystem::path dir;
  const MigrationFormat* layout = nullptr;   // --layout / [migrations] layout; null: detected
  std::optional<std::string> historySchema;  // --history-schema / [migrations] history_schema
  std::optional<std::string> historyTable;   // [migrations] history_table (sluice's table only)
};

struct Project {
  std::unique_ptr<MigrationSet> set;  // stable address: files point into it
  std::vector<MigrationFile> files;
  std::unique_ptr<HistoryStore> history;
  std::int64_t lockKey = 0;
};

// Whether sluice may read and write the history on this database: not Prisma Migrate's
// table on a database Prisma 8 manages.
Status historyReadable(const Project& project, PgSession& session);

// Reads the folder. A folder without migrations is an Input error (a wrong --dir is the
// usual cause, and deploying nothing must not look like success).
Expected<Project> loadProject(const ProjectOptions& options, const std::optional<std::string>& urlSchema);

struct Connected {
  DatabaseTarget target;
  PgSession session;
  std::string sessionSetup;  // what the runner set on the session (re-applied after RESET ALL)
  double connectMs = 0;
};

// Connects and prepares the session: the search_path of Prisma's `?schema=`, and
// client_connection_check_interval (PostgreSQL 14+) so that the server notices within a
// second when sluice dies in the middle of a long statement, rolls back and releases the
// migration lock.
Expected<Connected> connectRunner(const ConnectionSettings& settings, const std::string& applicationName);

// The OS user and host that run sluice ("deploy@ci-runner-7"), for history and audit.
std::string clientIdentity();

}  // namespace sluice
