// The history stores, by tool name: the one list (sorted) that makeHistoryStore picks
// from. Adding a tool is one store file in runner/history/ and one line here.
#include <array>

#include "runner/history.hpp"
#include "runner/history/stores.hpp"

namespace sluice {
namespace {

struct StoreEntry {
  std::string_view tool;
  std::unique_ptr<HistoryStore> (*make)(HistoryTableName);
  const char* schema;  // where the tool keeps its table unless told otherwise
  const char* table;
};

constexpr std::array kStores{
    StoreEntry{"dbmate", makeDbmateHistory, "public", "schema_migrations"},
    StoreEntry{"drizzle", makeDrizzleHistory, "drizzle", "__drizzle_migrations"},
    StoreEntry{"flyway", makeFlywayHistory, "public", "flyway_schema_history"},
    StoreEntry{"golang-migrate", makeGolangMigrateHistory, "public", "schema_migrations"},
    StoreEntry{"goose", makeGooseHistory, "public", "goose_db_version"},
    StoreEntry{"prisma", makePrismaHistory, "public", kPrismaHistoryTable},
    StoreEntry{"sluice", makeSluiceHistory, "public", kSluiceHistoryTable},
    StoreEntry{"sqitch", makeSqitchHistory, "sqitch", "changes"},
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

}  // namespace sluice
