// Up/down files as ory/popx reads them: <version>_<name>[.<dialect>][.autocommit].up.sql
// and .down.sql, run by sluice's own runner. popx runs, for each version, the file of the
// database's dialect when there is one, else the dialect-neutral file; `.autocommit.`
// files run outside a transaction; a migration split into numbered parts (a 14-digit
// timestamp and a 6-digit part) rolls back as one. Up and down files pair by version
// (`.postgres.up.sql` with `.down.sql`); plain golang-migrate folders have their own
// format (golang_migrate.cpp).
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"
#include "linter/layout.hpp"

namespace sluice::formats {
namespace {

// The dialect of a stem, or "" for a file that runs on every database.
std::string popxDialect(std::string_view stem) {
  if (stem.ends_with(".autocommit")) stem.remove_suffix(11);
  std::size_t dot = stem.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string_view dialect = stem.substr(dot + 1);
  for (std::string_view known : {"postgres", "mysql", "sqlite", "sqlite3", "cockroach", "cockroachdb"}) {
    if (dialect == known) return std::string(dialect);
  }
  return {};
}

// A popx stem without its dialect and autocommit qualifiers.
std::string popxBase(std::string_view stem) {
  if (stem.ends_with(".autocommit")) stem.remove_suffix(11);
  if (!popxDialect(stem).empty()) stem = stem.substr(0, stem.rfind('.'));
  return std::string(stem);
}

std::string versionOf(std::string_view stem) {
  std::string version;
  std::string name;
  splitVersionAndName(stem, version, name);
  return version;
}

// popx runs, for each version, the file of the database's dialect when there is one,
// else the dialect-neutral file; files of other dialects never run on PostgreSQL.
void dropOtherDialects(std::map<std::string, std::filesystem::path>& files,
                       std::vector<std::pair<std::filesystem::path, std::string>>& notRun) {
  std::map<std::string, bool> postgresVersions;
  for (const auto& [stem, path] : files) {
    if (popxDialect(stem) == "postgres") postgresVersions[versionOf(stem)] = true;
  }
  for (auto it = files.begin(); it != files.end();) {
    std::string version = versionOf(it->first);
    std::string dialect = popxDialect(it->first);
    if (!dialect.empty() && dialect != "postgres") {
      notRun.emplace_back(it->second, "a migration for " + dialect + ", not PostgreSQL");
      it = files.erase(it);
    } else if (dialect.empty() && postgresVersions.contains(version)) {
      notRun.emplace_back(it->second, "replaced by the .postgres file of version " + version);
      it = files.erase(it);
    } else {
      ++it;
    }
  }
}

// popx parts: <14-digit timestamp><6-digit part>_<name>, consecutive, same name.
void groupSplitMigrations(std::vector<Migration>& migrations) {
  auto key = [](const Migration& migration) -> std::string {
    if (migration.version.size() != 20 || !allDigits(migration.version)) return {};
    return migration.version.substr(0, 14) + "_" + popxBase(migration.name);
  };
  for (std::size_t i = 0; i < migrations.size();) {
    std::string group = key(migrations[i]);
    std::size_t end = i + 1;
    while (!group.empty() && end < migrations.size() && key(migrations[end]) == group) ++end;
    if (end - i > 1) {
      for (std::size_t j = i; j < end; ++j) migrations[j].group = group;
    }
    i = end;
  }
}

bool popxQualified(std::string_view name) {
  for (std::string_view suffix : {".up.sql", ".down.sql"}) {
    if (name.ends_with(suffix)) {
      std::string_view stem = name.substr(0, name.size() - suffix.size());
      return stem.ends_with(".autocommit") || !popxDialect(stem).empty();
    }
  }
  return false;
}

class UpDownFiles final : public MigrationFormat {
 public:
  UpDownFiles()
      : MigrationFormat({.name = "updown-files",
                         .tool = "sluice",
                         .historyTool = "sluice",
                         .summary = "ory/popx: <version>_<name>[.postgres][.autocommit].up.sql + .down.sql",
                         .expectsRollback = true,
                         .detectionStrength = 75}) {}

  Detection detect(const FolderListing& folder) const override {
    return countedEvidence(75, countFiles(folder, popxQualified), "ory/popx file name", " (.postgres., .autocommit.)");
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    MigrationSet set = emptySet(dir, *this);
    std::map<std::string, std::filesystem::path> forwards;
    std::map<std::string, std::filesystem::path> rollbacks;
    for (const auto& entry : entriesOf(dir)) {
      std::string name(entry.name());
      if (!isRegularFile(entry)) continue;
      if (name.ends_with(".up.sql")) forwards[name.substr(0, name.size() - 7)] = entry.path();
      if (name.ends_with(".down.sql")) rollbacks[name.substr(0, name.size() - 9)] = entry.path();
    }
    dropOtherDialects(forwards, set.notRun);
    dropOtherDialects(rollbacks, set.notRun);
    for (auto& [stem, forward] : forwards) {
      Migration migration = makeMigration(stem, *this, forward);
      auto it = rollbacks.find(stem);
      // (A copy: clang 14 cannot capture structured bindings.)
      std::string base = popxBase(stem);
      std::string version = migration.version;
      if (it == rollbacks.end()) {
        it = std::find_if(rollbacks.begin(), rollbacks.end(),
                          [&base](const auto& entry) { return popxBase(entry.first) == base; });
      }
      if (it == rollbacks.end() && !version.empty()) {
        it = std::find_if(rollbacks.begin(), rollbacks.end(),
                          [&version](const auto& entry) { return versionOf(entry.first) == version; });
      }
      if (it != rollbacks.end()) {
        migration.rollback = it->second;
        rollbacks.erase(it);
      }
      // ory/popx marks migrations that must run outside a transaction in the name.
      if (stem.find(".autocommit") != std::string::npos) migration.runInTransaction = false;
      set.migrations.push_back(std::move(migration));
    }
    for (auto& [stem, rollback] : rollbacks) set.orphanRollbacks.push_back(rollback);
    sortByVersion(set.migrations, *this);
    groupSplitMigrations(set.migrations);
    return set;
  }

  std::filesystem::path rollbackPathFor(const Migration& migration) const override {
    if (migration.rollback) return *migration.rollback;
    std::string name = migration.forward.filename().string();
    if (name.ends_with(".up.sql")) name = name.substr(0, name.size() - 7);
    return migration.forward.parent_path() / (name + ".down.sql");
  }

  bool isForwardFile(const std::filesystem::path& relative) const override {
    return relative.has_filename() && relative.parent_path().empty() &&
           relative.filename().string().ends_with(".up.sql");
  }
};

}  // namespace

const MigrationFormat& updownFilesFormat() {
  static const UpDownFiles format;
  return format;
}

}  // namespace sluice::formats
