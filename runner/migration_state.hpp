#pragma once
// The migrations folder compared with the history table: what is applied, pending,
// failed, edited since it was applied, or recorded but no longer on disk.

#include <string>
#include <vector>

#include "runner/history.hpp"
#include "runner/migration_files.hpp"

namespace sluice {

enum class MigrationStatus { Applied, Pending, Failed, Missing };
std::string_view migrationStatusName(MigrationStatus status);

struct MigrationEntry {
  std::string id;
  const MigrationFile* file = nullptr;    // null when the file is missing
  const HistoryRecord* record = nullptr;  // null when pending
  MigrationStatus status = MigrationStatus::Pending;
  bool edited = false;      // applied, but the file's checksum differs from the recorded one
  bool outOfOrder = false;  // pending, but an applied migration sorts after it
};

struct HistoryComparison {
  std::vector<MigrationEntry> entries;  // files in apply order, then records without a file
  int applied = 0;
  int pending = 0;
  int failed = 0;
  int edited = 0;
  int missing = 0;
  int outOfOrder = 0;

  [[nodiscard]] std::vector<const MigrationEntry*> withStatus(MigrationStatus status) const;
};

// Compares the folder with the records as `store` reads them: records belong to files by
// the store's recordKey, checksums are the store's. Without a store, by migration id and
// SHA-256 (sluice's and Prisma's way).
HistoryComparison compareHistory(const std::vector<MigrationFile>& files, const std::vector<HistoryRecord>& records,
                                 const HistoryStore* store = nullptr);

// What a history store is told about a migration of the folder (`previous` is the one
// before it in apply order, or null).
RecordFields migrationFields(const MigrationFile& file, const MigrationFile* previous);
// The same for the file of a comparison entry (its predecessor taken from `files`).
RecordFields migrationFields(const std::vector<MigrationFile>& files, const MigrationFile& file);

// Where an edited migration differs from what was applied: "statement 3 (line 12)
// differs", or that only comments or whitespace changed; empty when the history does
// not say (Prisma keeps one checksum per file).
std::string describeEdit(const MigrationFile& file, const HistoryRecord& record);

// Finds a migration by id, else by version, else by name (unique matches only).
const MigrationEntry* findEntry(const HistoryComparison& comparison, const std::string& name);

}  // namespace sluice
