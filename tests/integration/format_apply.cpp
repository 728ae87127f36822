#include "tests/integration/format_apply.hpp"

#include <gtest/gtest.h>

#include "linter/layout.hpp"
#include "runner/executor.hpp"
#include "runner/history.hpp"
#include "runner/migration_files.hpp"
#include "runner/project.hpp"

namespace sluice::testing {
namespace {

std::vector<PartOutcome> apply(const ConnectionSettings& database, const std::filesystem::path& dir,
                               const std::string& layout, FileRole role) {
  std::vector<PartOutcome> outcomes;
  auto set = loadMigrationSet(dir, layout.empty() ? nullptr : findFormat(layout));
  if (!set) {
    ADD_FAILURE() << set.error().location << ": " << set.error().message;
    return outcomes;
  }
  auto files = readMigrationFiles(*set);
  if (!files) {
    ADD_FAILURE() << files.error().location << ": " << files.error().message;
    return outcomes;
  }
  auto connected = connectRunner(database, "sluice format test");
  if (!connected) {
    ADD_FAILURE() << connected.error().message;
    return outcomes;
  }
  PgSession& session = connected->session;
  HistoryTableName table;
  table.table = "format_test_history";
  auto history = makeHistoryStore("sluice", table);
  if (auto created = history->create(session); !created) ADD_FAILURE() << created.error().message;
  LockMonitor monitor(connected->target.settings, session.backendPid());
  Executor executor(session, monitor, ExecutionSettings{});
  int major = session.serverVersion() / 10000;
  std::vector<const MigrationFile*> order;
  for (const MigrationFile& file : *files) order.push_back(&file);
  if (role == FileRole::Rollback) std::reverse(order.begin(), order.end());
  for (const MigrationFile* file : order) {
    const Migration& migration = *file->migration;
    if (role == FileRole::Rollback && !migration.rollback) continue;
    Expected<FilePlan> plan = role == FileRole::Forward
                                  ? Expected<FilePlan>(planFile(MigrationPart{file->text, file->execution, file->lines},
                                                                migration.forward.string(), major))
                                  : planMigrationPart(migration, role, major);
    if (!plan) {
      ADD_FAILURE() << plan.error().message;
      return outcomes;
    }
    RecordFields fields;
    fields.migrationId = migration.id + (role == FileRole::Rollback ? ".rollback" : "");
    fields.version = migration.version;
    fields.name = migration.name;
    fields.checksum = file->checksum;
    fields.statementsTotal = static_cast<int>(plan->statements.size());
    fields.toolVersion = "test";
    FileOutcome outcome = executor.run(*plan, history->applyActions(session, fields));
    PartOutcome result{migration.id, outcome.result == FileResult::Done, {}, {}};
    if (outcome.failure) {
      result.sqlstate = outcome.failure->error.sqlstate;
      result.message = outcome.failure->location + ": " + outcome.failure->error.message;
    }
    outcomes.push_back(result);
    if (!result.ok) break;
  }
  return outcomes;
}

}  // namespace

std::vector<PartOutcome> applyForward(const ConnectionSettings& database, const std::filesystem::path& dir,
                                      const std::string& layout) {
  return apply(database, dir, layout, FileRole::Forward);
}

std::vector<PartOutcome> applyRollbacks(const ConnectionSettings& database, const std::filesystem::path& dir,
                                        const std::string& layout) {
  return apply(database, dir, layout, FileRole::Rollback);
}

}  // namespace sluice::testing
