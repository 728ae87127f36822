#include "runner/migration_state.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/line_index.hpp"
#include "linter/parser.hpp"

namespace sluice {

std::string_view migrationStatusName(MigrationStatus status) {
  switch (status) {
    case MigrationStatus::Applied: return "applied";
    case MigrationStatus::Pending: return "pending";
    case MigrationStatus::Failed: return "failed";
    case MigrationStatus::Missing: return "missing";
  }
  return "pending";
}

std::vector<const MigrationEntry*> HistoryComparison::withStatus(MigrationStatus status) const {
  std::vector<const MigrationEntry*> out;
  for (const MigrationEntry& entry : entries) {
    if (entry.status == status) out.push_back(&entry);
  }
  return out;
}

RecordFields migrationFields(const MigrationFile& file, const MigrationFile* previous) {
  RecordFields fields;
  const Migration& migration = *file.migration;
  fields.migrationId = migration.id;
  fields.version = migration.version;
  fields.name = migration.name;
  fields.checksum = file.checksum;
  fields.rollbackChecksum = file.rollbackChecksum;
  fields.text = file.fileText ? file.fileText : file.text;  // the whole file: the tools checksum it
  fields.script = migration.forward.filename().string();
  fields.description = migration.name;
  std::replace(fields.description.begin(), fields.description.end(), '_', ' ');
  fields.repeatable = migration.repeatable;
  fields.createdAt = migration.createdAt;
  fields.sqitch = file.sqitch;
  if (previous != nullptr) fields.previousVersion = previous->migration->version;
  return fields;
}

RecordFields migrationFields(const std::vector<MigrationFile>& files, const MigrationFile& file) {
  const MigrationFile* previous = nullptr;
  for (const MigrationFile& candidate : files) {
    if (&candidate == &file) break;
    previous = &candidate;
  }
  return migrationFields(file, previous);
}

HistoryComparison compareHistory(const std::vector<MigrationFile>& files, const std::vector<HistoryRecord>& records,
                                 const HistoryStore* store) {
  // A failed record wins over an applied one of the same migration: it must be resolved.
  std::map<std::string, const HistoryRecord*, std::less<>> byId;
  for (const HistoryRecord& record : records) {
    auto [it, inserted] = byId.emplace(record.migrationId, &record);
    if (!inserted && record.state != RecordState::Applied) it->second = &record;
  }
  std::set<const HistoryRecord*> covering;
  HistoryComparison comparison;
  std::size_t lastApplied = 0;
  bool anyApplied = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const MigrationFile& file = files[i];
    RecordFields fields = migrationFields(file, i == 0 ? nullptr : &files[i - 1]);
    std::string key = store != nullptr ? store->recordKey(fields) : file.id();
    MigrationEntry entry;
    entry.id = file.id();
    entry.file = &file;
    if (auto it = byId.find(key); it != byId.end()) {
      entry.record = it->second;
      entry.status = it->second->state == RecordState::Applied ? MigrationStatus::Applied : MigrationStatus::Failed;
      if (entry.status == MigrationStatus::Applied) {
        entry.edited = store != nullptr ? !store->checksumMatches(it->second->checksum, fields)
                                        : !checksumMatches(it->second->checksum, file.bytes());
      }
      // Flyway applies a repeatable migration again whenever its checksum changed.
      if (entry.edited && file.migration->repeatable) {
        entry.edited = false;
        entry.status = MigrationStatus::Pending;
      }
      byId.erase(it);
    } else if (store != nullptr) {
      for (const HistoryRecord& record : records) {
        if (record.coversEarlier && store->covers(record, key)) {
          entry.record = &record;
          entry.status = MigrationStatus::Applied;
          covering.insert(&record);
          break;
        }
      }
    }
    // Repeatables run after every versioned migration: applying one puts nothing out of order.
    if (entry.status == MigrationStatus::Applied && !file.migration->repeatable) {
      lastApplied = comparison.entries.size();
      anyApplied = true;
    }
    comparison.entries.push_back(std::move(entry));
  }
  for (std::size_t i = 0; anyApplied && i < lastApplied; ++i) {
    const MigrationEntry& entry = comparison.entries[i];
    if (entry.status == MigrationStatus::Pending && !entry.file->migration->repeatable) {
      comparison.entries[i].outOfOrder = true;
    }
  }
  for (const HistoryRecord& record : records) {
    if (!byId.contains(record.migrationId) || byId.at(record.migrationId) != &record) continue;
    if (covering.contains(&record) && record.state == RecordState::Applied) continue;  // a baseline without a file
    MigrationEntry entry;
    entry.id = record.migrationId;
    entry.record = &record;
    entry.status = record.state == RecordState::Applied ? MigrationStatus::Missing : MigrationStatus::Failed;
    comparison.entries.push_back(std::move(entry));
  }
  for (const MigrationEntry& entry : comparison.entries) {
    switch (entry.status) {
      case MigrationStatus::Applied: ++comparison.applied; break;
      case MigrationStatus::Pending: ++comparison.pending; break;
      case MigrationStatus::Failed: ++comparison.failed; break;
      case MigrationStatus::Missing: ++comparison.missing; break;
    }
    if (entry.edited) ++comparison.edited;
    if (entry.outOfOrder) ++comparison.outOfOrder;
  }
  return comparison;
}

std::string describeEdit(const MigrationFile& file, const HistoryRecord& record) {
  if (record.statementChecksums.empty()) return {};
  ParsedSql parsed = parseSql(*file.text);
  std::vector<const Statement*> statements;
  for (const Statement& statement : parsed.statements) {
    if (statement.depth == 0) statements.push_back(&statement);
  }
  LineIndex lines(*file.text);
  for (std::size_t i = 0; i < statements.size(); ++i) {
    std::string_view text = std::string_view(*file.text).substr(statements[i]->span.begin, statements[i]->span.size());
    if (i >= record.statementChecksums.size() || statementChecksum(text) != record.statementChecksums[i]) {
      return "statement " + std::to_string(i + 1) + " (line " +
             std::to_string(lines.position(statements[i]->span.begin).line) + ") differs from the applied one";
    }
  }
  if (statements.size() < record.statementChecksums.size()) {
    return "statements " + std::to_string(statements.size() + 1) + "-" +
           std::to_string(record.statementChecksums.size()) + " of the applied file were removed";
  }
  return "the statements are unchanged; only comments or whitespace between them differ";
}

const MigrationEntry* findEntry(const HistoryComparison& comparison, const std::string& name) {
  for (const MigrationEntry& entry : comparison.entries) {
    if (entry.id == name) return &entry;
  }
  const MigrationEntry* found = nullptr;
  int matches = 0;
  for (const MigrationEntry& entry : comparison.entries) {
    if (entry.file != nullptr && entry.file->migration->version == name) {
      found = &entry;
      ++matches;
    }
  }
  if (matches == 1) return found;
  matches = 0;
  for (const MigrationEntry& entry : comparison.entries) {
    if (entry.file != nullptr && entry.file->migration->name == name) {
      found = &entry;
      ++matches;
    }
  }
  return matches == 1 ? found : nullptr;
}

}  // namespace sluice
