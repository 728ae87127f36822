// sluice's paired files: <version>_<name>.sql and <version>_<name>_rollback.sql, run by
// sluice's own runner (one transaction per migration, unless it cannot be).
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

class Paired final : public MigrationFormat {
 public:
  Paired()
      : MigrationFormat({.name = "paired",
                         .tool = "sluice",
                         .historyTool = "sluice",
                         .summary = "<version>_<name>.sql + <version>_<name>_rollback.sql",
                         .expectsRollback = true,
                         .detectionStrength = 50}) {}

  Detection detect(const FolderListing& folder) const override {
    auto isRollback = [](std::string_view name) { return name.ends_with("_rollback.sql"); };
    return countedEvidence(50, countFiles(folder, isRollback), "_rollback.sql file");
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    MigrationSet set = emptySet(dir, *this);
    std::map<std::string, std::filesystem::path> rollbacks;
    for (const auto& entry : sqlFilesOf(dir)) {
      std::string name(entry.name());
      std::string stem = name.substr(0, name.size() - 4);
      if (stem.ends_with("_rollback")) {
        rollbacks[stem.substr(0, stem.size() - 9)] = entry.path();
      } else {
        set.migrations.push_back(makeMigration(stem, *this, entry.path()));
      }
    }
    for (Migration& migration : set.migrations) {
      if (auto it = rollbacks.find(migration.id); it != rollbacks.end()) {
        migration.rollback = it->second;
        rollbacks.erase(it);
      }
    }
    for (auto& [stem, rollback] : rollbacks) set.orphanRollbacks.push_back(rollback);
    sortByVersion(set.migrations, *this);
    return set;
  }
};

}  // namespace

const MigrationFormat& pairedFormat() {
  static const Paired format;
  return format;
}

}  // namespace sluice::formats
