// golang-migrate: <version>_<title>.up.sql and <version>_<title>.down.sql. Facts from
// golang-migrate's source (source/parse.go, database/postgres): a file name is
// `^([0-9]+)_(.*)\.(down|up)\.(.*)$`, the version an unsigned integer; an up file and a
// down file are one migration when their versions are equal, whatever their titles;
// two up (or two down) files of one version are an error; migrations run in numeric
// order; the postgres driver sends a whole file in one Exec, a simple-query message
// that PostgreSQL runs as one implicit transaction when it holds several statements.
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

struct FileName {
  std::string version;
  std::string title;
  bool up = false;
};

std::optional<FileName> parseName(std::string_view name) {
  if (!name.ends_with(".sql")) return std::nullopt;
  std::string_view stem = name.substr(0, name.size() - 4);
  FileName parsed;
  if (stem.ends_with(".up")) {
    parsed.up = true;
    stem.remove_suffix(3);
  } else if (stem.ends_with(".down")) {
    stem.remove_suffix(5);
  } else {
    return std::nullopt;
  }
  std::size_t underscore = stem.find('_');
  if (underscore == std::string_view::npos || !allDigits(stem.substr(0, underscore))) return std::nullopt;
  parsed.version = std::string(stem.substr(0, underscore));
  parsed.title = std::string(stem.substr(underscore + 1));
  return parsed;
}

class GolangMigrate final : public MigrationFormat {
 public:
  GolangMigrate()
      : MigrationFormat({.name = "golang-migrate",
                         .tool = "golang-migrate",
                         .historyTool = "golang-migrate",
                         .summary = "golang-migrate: <version>_<title>.up.sql + .down.sql, paired by version",
                         .expectsRollback = true,
                         .numericVersions = true,
                         .detectionStrength = 70}) {}

  Detection detect(const FolderListing& folder) const override {
    auto named = [](std::string_view name) { return parseName(name).has_value(); };
    return countedEvidence(70, countFiles(folder, named), "<version>_<title>.up.sql/.down.sql file");
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    MigrationSet set = emptySet(dir, *this);
    std::map<std::string, std::filesystem::path> downs;  // by version without leading zeros
    for (const auto& entry : entriesOf(dir)) {
      std::string name(entry.name());
      auto parsed = parseName(name);
      if (!parsed || !isRegularFile(entry)) continue;
      std::string key(withoutLeadingZeros(parsed->version));
      if (parsed->up) {
        Migration migration = makeMigration(name.substr(0, name.size() - 7), *this, entry.path());
        migration.version = parsed->version;
        migration.name = parsed->title;
        set.migrations.push_back(std::move(migration));
        continue;
      }
      auto [it, inserted] = downs.emplace(key, entry.path());
      if (!inserted) return duplicate(it->second, entry.path(), parsed->version, "down");
    }
    if (auto sorted = sortUniqueVersions(set.migrations, *this); !sorted) {
      Error error = sorted.takeError();
      error.message = "golang-migrate refuses a folder with two up files of one version: " + error.message;
      return error;
    }
    for (Migration& migration : set.migrations) {
      auto it = downs.find(std::string(withoutLeadingZeros(migration.version)));
      if (it == downs.end()) continue;
      migration.rollback = it->second;
      downs.erase(it);
    }
    for (auto& [version, path] : downs) set.orphanRollbacks.push_back(path);
    return set;
  }

  bool versionLess(std::string_view a, std::string_view b) const override {
    if (allDigits(a) && allDigits(b)) return compareNumbers(a, b) < 0;
    return a < b;
  }

  std::filesystem::path rollbackPathFor(const Migration& migration) const override {
    if (migration.rollback) return *migration.rollback;
    return migration.forward.parent_path() / (migration.id + ".down.sql");
  }

  std::string rollbackPlace(const Migration& migration) const override {
    return "a down file of version " + migration.version + " (`" + rollbackPathFor(migration).filename().string() +
           "`)";
  }

  bool isForwardFile(const std::filesystem::path& relative) const override {
    auto parsed = parseName(relative.filename().string());
    return relative.parent_path().empty() && parsed && parsed->up;
  }

 protected:
  PartExecution execution(const Migration&, FileRole) const override {
    PartExecution execution;
    execution.mode = TransactionMode::SimpleQuery;
    execution.tool = "golang-migrate";
    return execution;
  }

 private:
  static Error duplicate(const std::filesystem::path& first, const std::filesystem::path& second,
                         const std::string& version, const std::string& direction) {
    return Error(ErrorCode::Input,
                 "golang-migrate refuses two " + direction + " files of version " + version + ": " +
                     first.filename().string() + " and " + second.filename().string(),
                 "give one of them a version of its own, or delete the stale one",
                 second.lexically_normal().string() + ":1:1");
  }
};

}  // namespace

const MigrationFormat& golangMigrateFormat() {
  static const GolangMigrate format;
  return format;
}

}  // namespace sluice::formats
