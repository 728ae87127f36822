// Plain: sequential .sql files without rollbacks (`0001-init.sql`), run by sluice's own
// runner; a file without a version stands on its own (schema.sql, seed.sql).
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

class Plain final : public MigrationFormat {
 public:
  Plain()
      : MigrationFormat({.name = "plain",
                         .tool = "sluice",
                         .historyTool = "sluice",
                         .summary = "sequential .sql files without rollbacks",
                         .versioned = false,
                         .detectionStrength = 10}) {}

  Detection detect(const FolderListing& folder) const override {
    auto isSql = [](std::string_view name) { return name.ends_with(".sql"); };
    return countedEvidence(10, countFiles(folder, isSql), ".sql file", " without other markers");
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    MigrationSet set = emptySet(dir, *this);
    for (const auto& entry : sqlFilesOf(dir)) {
      std::string name(entry.name());
      set.migrations.push_back(makeMigration(name.substr(0, name.size() - 4), *this, entry.path()));
    }
    sortByVersion(set.migrations, *this);
    return set;
  }
};

}  // namespace

const MigrationFormat& plainFormat() {
  static const Plain format;
  return format;
}

}  // namespace sluice::formats
