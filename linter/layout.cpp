#include "linter/layout.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "common/file_io.hpp"
#include "common/sql_file.hpp"
#include "common/toml.hpp"

namespace sluice {
namespace fs = std::filesystem;

std::string_view layoutName(LayoutKind layout) {
  switch (layout) {
    case LayoutKind::Prisma: return "prisma";
    case LayoutKind::Paired: return "paired";
    case LayoutKind::UpDownFiles: return "updown-files";
    case LayoutKind::UpDownFolders: return "updown-folders";
    case LayoutKind::Plain: return "plain";
    case LayoutKind::SingleFile: return "file";
  }
  return "file";
}

std::optional<LayoutKind> parseLayoutName(std::string_view name) {
  for (LayoutKind kind : {LayoutKind::Prisma, LayoutKind::Paired, LayoutKind::UpDownFiles, LayoutKind::UpDownFolders,
                          LayoutKind::Plain, LayoutKind::SingleFile}) {
    if (layoutName(kind) == name) return kind;
  }
  return std::nullopt;
}

bool usesSluiceHistory(LayoutKind layout) { return layout != LayoutKind::Prisma; }

bool expectsRollback(LayoutKind layout) {
  return layout == LayoutKind::Prisma || layout == LayoutKind::Paired || layout == LayoutKind::UpDownFiles ||
         layout == LayoutKind::UpDownFolders;
}

namespace {

bool endsWith(std::string_view text, std::string_view suffix) { return text.ends_with(suffix); }

bool isRegularFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool isDirectory(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

std::vector<fs::directory_entry> entriesOf(const fs::path& dir) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  return entries;
}

bool allDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<bool> readRunInTransaction(const fs::path& metadata) {
  if (!isRegularFile(metadata)) return std::nullopt;
  auto text = readFile(metadata);
  if (!text) return std::nullopt;
  auto document = parseToml(*text, metadata.string());
  if (!document) return std::nullopt;
  const TomlValue* value = document->find("run_in_transaction");
  if (value == nullptr || value->kind != TomlValue::Kind::Boolean) return std::nullopt;
  return value->boolean;
}

// ory/popx: `<version>_<name>[.<dialect>][.autocommit]`. The dialect of a stem, or ""
// for a file that runs on every database.
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

// popx runs, for each version, the file of the database's dialect when there is one,
// else the dialect-neutral file; files of other dialects never run on PostgreSQL.
void dropOtherDialects(std::map<std::string, fs::path>& files, std::vector<std::pair<fs::path, std::string>>& notRun) {
  std::map<std::string, bool> postgresVersions;
  for (const auto& [stem, path] : files) {
    std::string version;
    std::string name;
    splitVersionAndName(stem, version, name);
    if (popxDialect(stem) == "postgres") postgresVersions[version] = true;
  }
  for (auto it = files.begin(); it != files.end();) {
    std::string version;
    std::string name;
    splitVersionAndName(it->first, version, name);
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

// An entry that looks like a migration (a .sql file, a versioned folder) and is a link
// that leads nowhere is refused, not skipped (common/sql_file.hpp).
Status checkEntry(const fs::path& path) {
  std::string name = path.filename().string();
  bool looksLikeMigration = endsWith(name, ".sql") || (!name.empty() && name[0] >= '0' && name[0] <= '9');
  return looksLikeMigration ? checkFollowable(path) : Status();
}

Migration makeMigration(std::string id, LayoutKind layout, fs::path forward) {
  Migration migration;
  migration.id = std::move(id);
  migration.layout = layout;
  migration.forward = std::move(forward);
  splitVersionAndName(migration.id, migration.version, migration.name);
  return migration;
}

void sortMigrations(std::vector<Migration>& migrations, LayoutKind layout) {
  if (layout == LayoutKind::Prisma) {
    // Prisma orders migration folders by name, byte for byte.
    std::sort(migrations.begin(), migrations.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return;
  }
  std::stable_sort(migrations.begin(), migrations.end(), [](const auto& a, const auto& b) {
    if (a.version != b.version) return versionLess(a.version, b.version);
    return a.id < b.id;
  });
}

}  // namespace

void splitVersionAndName(std::string_view stem, std::string& version, std::string& name) {
  std::size_t i = 0;
  while (i < stem.size() && ((stem[i] >= '0' && stem[i] <= '9') || stem[i] == '-')) ++i;
  std::size_t versionEnd = i;
  while (versionEnd > 0 && stem[versionEnd - 1] == '-') --versionEnd;
  if (versionEnd == 0) {
    version.clear();
    name = std::string(stem);
    return;
  }
  version = std::string(stem.substr(0, versionEnd));
  std::size_t nameStart = versionEnd;
  if (nameStart < stem.size() && (stem[nameStart] == '_' || stem[nameStart] == '-')) ++nameStart;
  name = std::string(stem.substr(nameStart));
}

fs::path rollbackPathFor(const Migration& migration) {
  const fs::path& forward = migration.forward;
  switch (migration.layout) {
    case LayoutKind::Prisma:
    case LayoutKind::UpDownFolders: return forward.parent_path() / "down.sql";
    case LayoutKind::UpDownFiles: {
      std::string name = forward.filename().string();
      if (endsWith(name, ".up.sql")) name = name.substr(0, name.size() - 7);
      return forward.parent_path() / (name + ".down.sql");
    }
    default: return forward.parent_path() / (forward.stem().string() + "_rollback.sql");
  }
}

bool versionLess(std::string_view a, std::string_view b) {
  if (allDigits(a) && allDigits(b)) {
    auto strip = [](std::string_view v) {
      while (v.size() > 1 && v.front() == '0') v.remove_prefix(1);
      return v;
    };
    std::string_view x = strip(a);
    std::string_view y = strip(b);
    if (x.size() != y.size()) return x.size() < y.size();
    if (x != y) return x < y;
    return a < b;
  }
  return a < b;
}

std::optional<LayoutKind> detectLayout(const fs::path& dir) {
  if (!isDirectory(dir)) return std::nullopt;
  bool prisma = isRegularFile(dir / "migration_lock.toml");
  int prismaFolders = 0;
  int upDownFolders = 0;
  int upDownFiles = 0;
  int rollbackFiles = 0;
  int sqlFiles = 0;
  for (const auto& entry : entriesOf(dir)) {
    std::string name = entry.path().filename().string();
    if (isDirectory(entry.path())) {
      if (isRegularFile(entry.path() / "migration.sql")) ++prismaFolders;
      if (isRegularFile(entry.path() / "up.sql")) ++upDownFolders;
    } else if (isRegularFile(entry.path()) && endsWith(name, ".sql")) {
      ++sqlFiles;
      if (endsWith(name, ".up.sql") || endsWith(name, ".down.sql")) ++upDownFiles;
      if (endsWith(name, "_rollback.sql")) ++rollbackFiles;
    }
  }
  if (prisma || prismaFolders > 0) return LayoutKind::Prisma;
  if (upDownFolders > 0) return LayoutKind::UpDownFolders;
  if (upDownFiles > 0) return LayoutKind::UpDownFiles;
  if (rollbackFiles > 0) return LayoutKind::Paired;
  if (sqlFiles > 0) return LayoutKind::Plain;
  return std::nullopt;
}

Expected<MigrationSet> loadMigrationSet(const fs::path& dir, std::optional<LayoutKind> layout) {
  if (!isDirectory(dir)) {
    return Error(ErrorCode::Input, "migrations folder " + dir.string() + " does not exist or is not a folder",
                 "pass the folder that holds the migrations with --dir");
  }
  MigrationSet set;
  set.root = dir;
  std::optional<LayoutKind> detected = layout ? layout : detectLayout(dir);
  if (!detected) {
    set.layout = LayoutKind::Plain;
    return set;
  }
  set.layout = *detected;
  if (isRegularFile(dir / "migration_lock.toml")) set.prismaLockFile = dir / "migration_lock.toml";

  switch (set.layout) {
    case LayoutKind::Prisma:
    case LayoutKind::UpDownFolders: {
      bool prisma = set.layout == LayoutKind::Prisma;
      for (const auto& entry : entriesOf(dir)) {
        if (auto checked = checkEntry(entry.path()); !checked) return checked.takeError();
        if (!isDirectory(entry.path())) continue;
        fs::path forward = entry.path() / (prisma ? "migration.sql" : "up.sql");
        fs::path rollback = entry.path() / "down.sql";
        for (const fs::path& file : {forward, rollback}) {
          if (auto checked = checkEntry(file); !checked) return checked.takeError();
        }
        std::string id = entry.path().filename().string();
        if (!isRegularFile(forward)) {
          if (isRegularFile(rollback)) set.orphanRollbacks.push_back(rollback);
          continue;
        }
        Migration migration = makeMigration(id, set.layout, forward);
        if (isRegularFile(rollback)) migration.rollback = rollback;
        if (!prisma) migration.runInTransaction = readRunInTransaction(entry.path() / "metadata.toml");
        set.migrations.push_back(std::move(migration));
      }
      break;
    }
    case LayoutKind::UpDownFiles:
    case LayoutKind::Paired:
    case LayoutKind::Plain:
    case LayoutKind::SingleFile: {
      std::map<std::string, fs::path> forwards;
      std::map<std::string, fs::path> rollbacks;
      for (const auto& entry : entriesOf(dir)) {
        if (auto checked = checkEntry(entry.path()); !checked) return checked.takeError();
        if (!isRegularFile(entry.path())) continue;
        std::string name = entry.path().filename().string();
        if (!endsWith(name, ".sql")) continue;
        std::string stem = name.substr(0, name.size() - 4);
        if (set.layout == LayoutKind::UpDownFiles) {
          if (endsWith(name, ".up.sql")) {
            forwards[name.substr(0, name.size() - 7)] = entry.path();
          } else if (endsWith(name, ".down.sql")) {
            rollbacks[name.substr(0, name.size() - 9)] = entry.path();
          }
        } else if (set.layout == LayoutKind::Paired && endsWith(stem, "_rollback")) {
          rollbacks[stem.substr(0, stem.size() - 9)] = entry.path();
        } else {
          forwards[stem] = entry.path();
        }
      }
      if (set.layout == LayoutKind::UpDownFiles) {
        dropOtherDialects(forwards, set.notRun);
        dropOtherDialects(rollbacks, set.notRun);
      }
      for (auto& [stem, forward] : forwards) {
        Migration migration = makeMigration(stem, set.layout, forward);
        auto it = rollbacks.find(stem);
        if (it == rollbacks.end() && set.layout == LayoutKind::UpDownFiles) {
          // popx pairs by version: x.postgres.up.sql with x.down.sql.
          // (A copy: clang 14 cannot capture structured bindings.)
          std::string base = popxBase(stem);
          it = std::find_if(rollbacks.begin(), rollbacks.end(),
                            [&base](const auto& entry) { return popxBase(entry.first) == base; });
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
      break;
    }
  }
  sortMigrations(set.migrations, set.layout);
  if (set.layout == LayoutKind::UpDownFiles) groupSplitMigrations(set.migrations);
  return set;
}

std::vector<fs::path> findMigrationRoots(const fs::path& dir) {
  std::vector<fs::path> roots;
  std::optional<LayoutKind> layout = detectLayout(dir);
  if (layout) roots.push_back(dir);
  // Folder layouts own their subfolders; file layouts may sit beside other roots.
  if (layout == LayoutKind::Prisma || layout == LayoutKind::UpDownFolders) return roots;
  for (const auto& entry : entriesOf(dir)) {
    if (!isDirectory(entry.path()) || entry.is_symlink()) continue;
    std::string name = entry.path().filename().string();
    if (name.starts_with(".") || name == "node_modules") continue;
    for (auto& root : findMigrationRoots(entry.path())) roots.push_back(std::move(root));
  }
  return roots;
}

std::optional<fs::path> migrationRootOf(const fs::path& file) { return migrationRootOf(file, detectLayout); }

std::optional<fs::path> migrationRootOf(const fs::path& file, const LayoutDetector& detectLayout) {
  fs::path parent = file.parent_path();
  if (parent.empty()) parent = ".";
  std::string name = file.filename().string();
  if (name == "migration.sql" || name == "down.sql" || name == "up.sql") {
    fs::path grandparent = parent.parent_path();
    if (grandparent.empty()) grandparent = ".";
    std::optional<LayoutKind> layout = detectLayout(grandparent);
    if (layout == LayoutKind::Prisma || layout == LayoutKind::UpDownFolders) return grandparent;
  }
  if (detectLayout(parent)) return parent;
  return std::nullopt;
}

}  // namespace sluice
