#include "linter/layout.hpp"

#include <algorithm>

#include "common/file_io.hpp"
#include "common/sql_file.hpp"
#include "linter/formats/format_support.hpp"
#include "linter/formats/prisma_next.hpp"

namespace sluice {
namespace fs = std::filesystem;

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

bool versionLess(std::string_view a, std::string_view b) {
  if (formats::allDigits(a) && formats::allDigits(b)) {
    int compared = formats::compareNumbers(a, b);
    if (compared != 0) return compared < 0;
    return a < b;
  }
  return a < b;
}

namespace {

// The formats, strongest detection first (then by name, as migrationFormats() lists them).
const std::vector<const MigrationFormat*>& formatsByStrength() {
  static const std::vector<const MigrationFormat*> formats = [] {
    std::vector<const MigrationFormat*> sorted = migrationFormats();
    std::stable_sort(sorted.begin(), sorted.end(), [](const MigrationFormat* a, const MigrationFormat* b) {
      return a->traits().detectionStrength > b->traits().detectionStrength;
    });
    return sorted;
  }();
  return formats;
}

}  // namespace

// The strongest detection wins; of equal ones, the format first by name. A format whose
// strongest detection is below what was found is not tried: a Prisma folder's lock file
// spares a stat of every migration folder for up.sql.
std::optional<DetectedFormat> detectFormat(const fs::path& dir) {
  if (!formats::isDirectory(dir)) return std::nullopt;
  return detectFormat(FolderListing(dir));
}

std::optional<DetectedFormat> detectFormat(const FolderListing& listing) {
  DetectedFormat best;
  int strongest = 0;
  for (const MigrationFormat* format : formatsByStrength()) {
    if (format->traits().detectionStrength < strongest) break;
    Detection detection = format->detect(listing);
    bool firstByName = best.format == nullptr || format->name() < best.format->name();
    if (detection.strength > strongest || (detection.strength == strongest && strongest > 0 && firstByName)) {
      strongest = detection.strength;
      best = {format, "detected: " + detection.evidence};
    }
  }
  if (best.format == nullptr) return std::nullopt;
  return best;
}

const MigrationFormat* detectLayout(const fs::path& dir) {
  auto detected = detectFormat(dir);
  return detected ? detected->format : nullptr;
}

namespace {

// An entry that looks like a migration (a .sql file, a versioned folder) and is a link
// that leads nowhere is refused, not skipped (common/sql_file.hpp). Formats keep their
// files in the folder or one level down (Prisma's folders, sqitch's deploy/): `depth`
// is how many levels down to look.
Status checkEntries(const fs::path& dir, int depth) {
  for (const auto& entry : formats::entriesOf(dir)) {
    std::string name(entry.name());
    bool looksLikeMigration = name.ends_with(".sql") || (!name.empty() && name[0] >= '0' && name[0] <= '9');
    // Only a link can lead nowhere; the listing says which entries are links.
    if (looksLikeMigration && entry.isSymlink()) {
      if (auto checked = checkFollowable(entry.path()); !checked) return checked;
    }
    if (depth > 0 && !name.starts_with(".") && formats::isDirectory(entry)) {
      if (auto checked = checkEntries(entry.path(), depth - 1); !checked) return checked;
    }
  }
  return {};
}

}  // namespace

Expected<MigrationSet> loadMigrationSet(const fs::path& dir, const MigrationFormat* layout) {
  if (layout != nullptr) return loadDetectedSet(dir, {layout, "--layout"});
  return loadDetectedSet(dir, detectFormat(dir).value_or(DetectedFormat{}));
}

Expected<MigrationSet> loadDetectedSet(const fs::path& dir, const DetectedFormat& detected) {
  if (!formats::isDirectory(dir)) {
    return Error(ErrorCode::Input, "migrations folder " + dir.string() + " does not exist or is not a folder",
                 "pass the folder that holds the migrations with --dir");
  }
  // Prisma's loader asks its migration folders itself (prismaNextRefusal).
  bool prisma = detected.format != nullptr && detected.format->name() == "prisma";
  if (auto refusal = formats::prismaNextRefusal(dir, !prisma)) return *refusal;
  if (detected.format == nullptr) {
    MigrationSet set;
    set.root = dir;
    set.format = findFormat("plain");
    set.formatSource = "no migrations found";
    return set;
  }
  // A folder-per-migration format's loader checks the only two files it reads in each
  // folder; listing all of them here was half the system calls of linting one file of
  // an 800-migration Prisma history.
  int depth = detected.format->traits().forwardFileName.empty() ? 1 : 0;
  if (auto checked = checkEntries(dir, depth); !checked) return checked.takeError();
  auto set = detected.format->load(dir);
  if (!set) return set;
  set->root = dir;
  set->format = detected.format;
  set->formatSource = detected.evidence;
  if (!set->prismaLockFile && formats::isRegularFile(dir / "migration_lock.toml")) {
    set->prismaLockFile = dir / "migration_lock.toml";
  }
  return set;
}

namespace {

// One listing per folder serves both detection and the walk down.
void collectMigrationRoots(const fs::path& dir, std::vector<fs::path>& roots) {
  FolderListing listing(dir);
  const MigrationFormat* layout = detectFormat(listing).value_or(DetectedFormat{}).format;
  if (layout != nullptr) roots.push_back(dir);
  // Folder formats own their subfolders; file formats may sit beside other roots.
  if (layout != nullptr && layout->traits().ownsSubfolders) return;
  for (const std::string& name : listing.folders()) {
    if (name.starts_with(".") || name == "node_modules" || listing.isLink(name)) continue;
    collectMigrationRoots(dir / name, roots);
  }
}

}  // namespace

std::vector<fs::path> findMigrationRoots(const fs::path& dir) {
  std::vector<fs::path> roots;
  if (formats::isDirectory(dir)) collectMigrationRoots(dir, roots);
  return roots;
}

std::optional<fs::path> migrationRootOf(const fs::path& file) { return migrationRootOf(file, detectLayout); }

std::optional<fs::path> migrationRootOf(const fs::path& file, const LayoutDetector& detectLayout) {
  fs::path parent = file.parent_path();
  if (parent.empty()) parent = ".";
  // A file one folder down belongs to a format that owns its subfolders (a Prisma or
  // Diesel migration folder, sqitch's deploy/), when its folder is one.
  fs::path grandparent = parent.parent_path();
  if (grandparent.empty()) grandparent = ".";
  if (grandparent != parent) {
    const MigrationFormat* outer = detectLayout(grandparent);
    if (outer != nullptr && outer->traits().ownsSubfolders) return grandparent;
  }
  if (detectLayout(parent) != nullptr) return parent;
  return std::nullopt;
}

const fs::path& fileOf(const Migration& migration, FileRole role) {
  return role == FileRole::Rollback && migration.rollback ? *migration.rollback : migration.forward;
}

Expected<MigrationPart> migrationPart(const Migration& migration, FileRole role, std::string fileText) {
  const MigrationFormat& format = migration.format != nullptr ? *migration.format : looseFileFormat();
  return format.part(migration, role, std::move(fileText));
}

Expected<MigrationPart> readMigrationPart(const Migration& migration, FileRole role) {
  auto text = readSqlFile(fileOf(migration, role));
  if (!text) return text.takeError();
  return migrationPart(migration, role, std::move(*text));
}

fs::path rollbackPathFor(const Migration& migration) {
  const MigrationFormat& format = migration.format != nullptr ? *migration.format : looseFileFormat();
  return format.rollbackPathFor(migration);
}

}  // namespace sluice
