#include "runner/project.hpp"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "linter/layout.hpp"
#include "runner/advisory_lock.hpp"

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
  HistoryTableName table;
  bool prisma = project.set->layout == LayoutKind::Prisma;
  table.schema = options.historySchema.value_or(prisma && urlSchema ? *urlSchema : std::string("public"));
  if (prisma) {
    table.table = kPrismaHistoryTable;
    project.history = makeHistoryStore("prisma", table);
    project.lockKey = kPrismaLockKey;
  } else {
    table.table = options.historyTable.value_or(kSluiceHistoryTable);
    project.history = makeHistoryStore("sluice", table);
    project.lockKey = kSluiceLockKey;
  }
  return project;
}

Expected<Connected> connectRunner(const ConnectionSettings& settings, const std::string& applicationName) {
  auto start = std::chrono::steady_clock::now();
  DatabaseTarget target = databaseTarget(settings);
  auto session = PgSession::open(target.settings, applicationName);
  if (!session) return session.takeError();
  Connected connected{target, std::move(*session), {}, 0};
  std::string setup;
  if (connected.session.serverVersion() >= 140000) setup = "SET client_connection_check_interval = 1000";
  if (target.schema) {
    setup +=
        (setup.empty() ? "" : "; ") + std::string("SET search_path TO ") + connected.session.identifier(*target.schema);
  }
  if (!setup.empty()) {
    SqlResult result = connected.session.exec(setup);
    if (!result.ok()) {
      return Error(ErrorCode::Unreachable, "cannot prepare the session: " + result.error().summary());
    }
  }
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
