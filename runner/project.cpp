#include "runner/project.hpp"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "linter/formats/prisma_next.hpp"
#include "linter/layout.hpp"
#include "runner/advisory_lock.hpp"
#include "runner/history/sqitch_changes.hpp"

namespace sluice {

Expected<Project> loadProject(const ProjectOptions& options, const std::optional<std::string>& urlSchema) {
  Project project;
  auto set = loadMigrationSet(options.dir, options.layout);
  if (!set) return set.takeError();
  project.set = std::make_unique<MigrationSet>(std::move(*set));
  if (project.set->migrations.empty()) {
    return Error(ErrorCode::Input, "no migrations in " + options.dir.string(),
                 "pass the folder that holds the migrations with --dir (Prisma: prisma/migrations; paired "
                 "files, up/down files or folders), or create the first one with `sluice new NAME`");
  }
  auto files = readMigrationFiles(*project.set);
  if (!files) return files.takeError();
  project.files = std::move(*files);
  // The format's tool decides whose table: a team can switch between sluice and the tool.
  std::string_view tool = project.set->format->historyTool();
  HistoryTableName table = defaultHistoryTable(tool);
  if (tool == "prisma" && urlSchema) table.schema = *urlSchema;
  if (options.historySchema) table.schema = *options.historySchema;
  if (tool == "sluice" && options.historyTable) table.table = *options.historyTable;
  if (tool == "sqitch") {
    // The registry names each change by sqitch's change id and keeps one history per project.
    auto sqitchProject = addSqitchChanges(project.files, sqitchCommitter(project.set->root));
    if (!sqitchProject) return sqitchProject.takeError();
    table.project = *sqitchProject;
  }
  project.history = makeHistoryStore(tool, std::move(table));
  project.lockKey = historyLockKey(tool);
  return project;
}

Status historyReadable(const Project& project, PgSession& session) {
  if (project.history->tool() == "prisma") {
    // Prisma 8 keeps its history in the prisma_contract schema: _prisma_migrations beside
    // it would be a second history that Prisma 8 never reads.
    auto contract = session.query("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'prisma_contract'");
    if (!contract) return contract.takeError();
    if (contract->rows() > 0) {
      return Error(ErrorCode::Input,
                   "this database is managed by Prisma 8: it has the `prisma_contract` schema (Prisma 8's migration "
                   "history), so sluice will not apply Prisma Migrate folders or write _prisma_migrations beside it",
                   formats::kPrismaNextHint);
    }
  }
  return {};
}

Expected<Connected> connectRunner(const ConnectionSettings& settings, const std::string& applicationName) {
  auto start = std::chrono::steady_clock::now();
  DatabaseTarget target = databaseTarget(settings);
  auto session = PgSession::open(target.settings, applicationName);
  if (!session) return session.takeError();
  Connected connected{target, std::move(*session), {}, 0};
  // PgSession::open ran kSessionDefaults; they go into the setup too, so that the
  // executor's RESET ALL after a migration that changed the session brings them back.
  std::string setup = kSessionDefaults;
  if (connected.session.serverVersion() >= 140000) setup += "; SET client_connection_check_interval = 1000";
  if (target.schema) {
    setup +=
        (setup.empty() ? "" : "; ") + std::string("SET search_path TO ") + connected.session.identifier(*target.schema);
  }
  SqlResult result = connected.session.exec(setup);
  if (!result.ok()) return Error(ErrorCode::Unreachable, "cannot prepare the session: " + result.error().summary());
  connected.sessionSetup = setup;
  connected.connectMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return connected;
}

std::string clientIdentity() {
  std::string user = "?";
  if (const struct passwd* entry = ::getpwuid(::geteuid()); entry != nullptr) user = entry->pw_name;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return user + "@" + (host[0] != '\0' ? host : "?");
}

}  // namespace sluice
