#include <algorithm>
#include <map>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

class DuplicateVersion final : public Rule {
 public:
  explicit DuplicateVersion(const RuleOptions& options) : warningLayouts_(options.strings("warning_layouts")) {}

  void checkSet(const MigrationSetContext& context, SetFindingSink& out) override {
    const MigrationSet& set = context.set();
    if (set.format->name() == "file") return;
    std::map<std::string, std::vector<const Migration*>> byVersion;
    for (const Migration& migration : set.migrations) {
      if (!migration.version.empty()) byVersion[migration.version].push_back(&migration);
    }
    bool warning = std::find(warningLayouts_.begin(), warningLayouts_.end(), std::string(set.format->name())) !=
                   warningLayouts_.end();
    for (const auto& [version, migrations] : byVersion) {
      if (migrations.size() < 2) continue;
      const Migration& first = *migrations.front();
      for (std::size_t i = 1; i < migrations.size(); ++i) {
        const Migration& migration = *migrations[i];
        std::string consequence =
            set.format->name() == "prisma"
                ? "Prisma runs both, ordered by the rest of the folder name rather than by when they were written, "
                  "so a migration that depends on the other may run first"
                : "runners that record applied migrations by version (golang-migrate, Diesel, sluice's own "
                  "history) refuse the folder or take one of them as already applied";
        Finding& finding = out.report(migration.forward, std::nullopt,
                                      "migration " + quoted(migration.id) + " has the same version " + quoted(version) +
                                          " as " + quoted(first.id) + ": " + consequence,
                                      "Give it a version of its own, later than the migrations it depends on (before "
                                      "it is applied anywhere).");
        if (warning) finding.maxSeverity = Severity::Warning;
      }
    }
  }

 private:
  std::vector<std::string> warningLayouts_;
};

}  // namespace

const RuleDefinition& duplicateVersionRule() {
  static const RuleDefinition definition{
      {
          .name = "duplicate-version",
          .code = "M002",
          .category = Category::Layout,
          .defaultSeverity = Severity::Error,
          .summary = "Two migrations have the same version.",
          .rationale =
              "Versions order migrations and, for most runners, identify them. golang-migrate refuses a folder "
              "with two migrations of one version; Diesel and sluice's own history table record applied "
              "migrations by version, so the second one is taken as applied or fails. Prisma identifies "
              "migrations by their whole folder name and runs both, in the order of the rest of the name, which "
              "is not necessarily the order they were written in: a warning there (option `warning_layouts`). "
              "ory/popx files of one version for different databases (`.postgres.up.sql` beside `.up.sql`) are "
              "one migration, not duplicates.",
          .safeAlternative = "Give each migration its own version (a fresh timestamp), before it is applied.",
          .badExample =
              "20240528214728_add_cursor_index_01/migration.sql\n20240528214728_add_cursor_index_02/migration.sql",
          .goodExample =
              "20240528214728_add_cursor_index_01/migration.sql\n20240528214729_add_cursor_index_02/migration.sql",
          .options = {{"warning_layouts", RuleOptionSpec::Type::StringList, "[\"prisma\"]",
                       "Layouts in which a duplicate version is only a warning"}},
      },
      makeRule<DuplicateVersion>};
  return definition;
}

}  // namespace sluice::rules
