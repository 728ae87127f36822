// The history stores, by tool name: the one list (sorted) that makeHistoryStore picks
// from. Adding a tool is one store file in runner/history/ and one line here.
//
// Lock keys: the advisory lock the tool itself takes, so that the tool and sluice never
// migrate one database at once. Prisma Migrate: 72707369; goose's session locker:
// 4097083626 (crc32 of "goose": DefaultLockID in pressly/goose's lock package); sqitch:
// 75474063 (App::Sqitch::Engine::pg, wait_lock). dbmate and Drizzle's migrator take no
// lock; golang-migrate and Flyway derive theirs from the database and table names, which
// sluice does not reproduce: these use sluice's own key.
#include <array>

#include "runner/advisory_lock.hpp"
#include "runner/history.hpp"
#include "runner/history/stores.hpp"

namespace sluice {
namespace {

struct StoreEntry {
  std::string_view tool;
  std::unique_ptr<HistoryStore> (*make)(HistoryTableName);
  const char* schema;  // where the tool keeps its table unless told otherwise
  const char* table;
  std::int64_t lockKey;
};

constexpr std::int64_t kGooseLockKey = 4097083626;
constexpr std::int64_t kSqitchLockKey = 75474063;

constexpr std::array kStores{
    StoreEntry{"dbmate", makeDbmateHistory, "public", "schema_migrations", kSluiceLockKey},
    StoreEntry{"drizzle", makeDrizzleHistory, "drizzle", "__drizzle_migrations", kSluiceLockKey},
    StoreEntry{"flyway", makeFlywayHistory, "public", "flyway_schema_history", kSluiceLockKey},
    StoreEntry{"golang-migrate", makeGolangMigrateHistory, "public", "schema_migrations", kSluiceLockKey},
    StoreEntry{"goose", makeGooseHistory, "public", "goose_db_version", kGooseLockKey},
    StoreEntry{"prisma", makePrismaHistory, "public", kPrismaHistoryTable, kPrismaLockKey},
    StoreEntry{"sluice", makeSluiceHistory, "public", kSluiceHistoryTable, kSluiceLockKey},
    StoreEntry{"sqitch", makeSqitchHistory, "sqitch", "changes", kSqitchLockKey},
};

const StoreEntry* find(std::string_view tool) {
  for (const StoreEntry& entry : kStores) {
    if (entry.tool == tool) return &entry;
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<HistoryStore> makeHistoryStore(std::string_view tool, HistoryTableName table) {
  const StoreEntry* entry = find(tool);
  return entry != nullptr ? entry->make(std::move(table)) : nullptr;
}

std::vector<std::string_view> historyToolNames() {
  std::vector<std::string_view> names;
  for (const StoreEntry& entry : kStores) names.push_back(entry.tool);
  return names;
}

HistoryTableName defaultHistoryTable(std::string_view tool) {
  HistoryTableName name;
  if (const StoreEntry* entry = find(tool)) {
    name.schema = entry->schema;
    name.table = entry->table;
  }
  return name;
}

std::int64_t historyLockKey(std::string_view tool) {
  const StoreEntry* entry = find(tool);
  return entry != nullptr ? entry->lockKey : kSluiceLockKey;
}

}  // namespace sluice
