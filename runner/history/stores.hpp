#pragma once
// One store per tool (one file each in runner/history/), registered by name in
// runner/history_registry.cpp. Callers use makeHistoryStore (history.hpp).

#include <memory>

#include "runner/history.hpp"

namespace sluice {

std::unique_ptr<HistoryStore> makeDbmateHistory(HistoryTableName table);
std::unique_ptr<HistoryStore> makeDrizzleHistory(HistoryTableName table);
std::unique_ptr<HistoryStore> makeFlywayHistory(HistoryTableName table);
std::unique_ptr<HistoryStore> makeGolangMigrateHistory(HistoryTableName table);
std::unique_ptr<HistoryStore> makeGooseHistory(HistoryTableName table);
std::unique_ptr<HistoryStore> makePrismaHistory(HistoryTableName table);
std::unique_ptr<HistoryStore> makeSluiceHistory(HistoryTableName table);
std::unique_ptr<HistoryStore> makeSqitchHistory(HistoryTableName table);

}  // namespace sluice
