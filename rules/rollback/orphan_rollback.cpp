#include "common/text.hpp"
#include "linter/layout.hpp"
#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

namespace fs = std::filesystem;

// The name a forward migration would have for this rollback, to compare with the real ones.
std::string forwardNameOf(const fs::path& rollback, const MigrationFormat& format) {
  std::string name = rollback.filename().string();
  if (!format.traits().forwardFileName.empty()) {
    return rollback.parent_path().filename().string();
  }
  for (std::string_view suffix : {std::string_view(".down.sql"), std::string_view("_rollback.sql")}) {
    if (name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
  }
  return name;
}

class OrphanRollback final : public Rule {
 public:
  void checkSet(const MigrationSetContext& context, SetFindingSink& out) override {
    const MigrationSet& set = context.set();
    std::vector<std::string> ids;
    for (const Migration& migration : set.migrations) ids.push_back(migration.id);
    for (const fs::path& orphan : set.orphanRollbacks) {
      std::string_view forwardFile = set.format->traits().forwardFileName;
      std::string missing =
          !forwardFile.empty()
              ? std::string(forwardFile) + " beside it"
              : "forward migration of the same " +
                    std::string(set.format->name() == "golang-migrate" || set.format->name() == "flyway" ? "version"
                                                                                                         : "name");
      std::string name = forwardNameOf(orphan, *set.format);
      std::string help = "Rename it to match its migration, or delete it if the migration is gone.";
      if (auto closest = closestMatch(name, ids)) {
        for (const Migration& migration : set.migrations) {
          if (migration.id != *closest) continue;
          help = migration.rollback
                     ? "Its name is close to " + quoted(*closest) +
                           ", which already has a rollback: delete one of the two."
                     : "It looks like the rollback of " + quoted(*closest) + ", which has none: rename it to " +
                           quoted(rollbackPathFor(migration).lexically_relative(set.root).string()) + ".";
        }
      }
      out.report(orphan, std::nullopt,
                 "rollback " + quoted(orphan.filename().string()) + " has no " + missing +
                     ": `sluice rollback` never runs it, and the migration it was written for has no rollback",
                 help);
    }
  }
};

}  // namespace

const RuleDefinition& orphanRollbackRule() {
  static const RuleDefinition definition{
      {
          .name = "orphan-rollback",
          .code = "R005",
          .category = Category::Rollback,
          .defaultSeverity = Severity::Error,
          .summary = "A rollback file has no forward migration.",
          .rationale = "Rollback files are found by the name of their forward migration. One whose name matches "
                       "no migration (a typo, a renamed migration, a deleted one) is never run by `sluice "
                       "rollback`, and the migration it was written for silently has no rollback.",
          .safeAlternative = "Rename the rollback to match its migration, or delete it.",
          .badExample = "-- migrations/20240301000000_add_emial_rollback.sql beside 20240301000000_add_email.sql",
          .goodExample = "-- migrations/20240301000000_add_email_rollback.sql",
      },
      makeRule<OrphanRollback>};
  return definition;
}

}  // namespace sluice::rules
