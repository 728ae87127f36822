#include "cli/fix_new_migrations.hpp"

#include <set>
#include <sstream>
#include <vector>

#include "common/file_io.hpp"
#include "linter/fix.hpp"
#include "linter/history_edit.hpp"
#include "linter/layout.hpp"
#include "linter/rollback/generate.hpp"

namespace sluice::cli {
namespace fs = std::filesystem;
namespace {

// The text-only fixes of every enabled rule on the new migrations' forward files: sluice
// writes them, so they start clean (a SET lock_timeout at the top), whichever rules the
// user asked to fix.
Status applyEditsToNewMigrations(const MigrationSet& set, const std::map<std::string, std::string>& followed,
                                 LintRequest check, const RuleList& registry) {
  check.onlyRules.clear();
  std::set<fs::path> files;
  for (const Migration& migration : set.migrations) {
    if (followed.contains(migration.id)) files.insert(normalPath(migration.forward));
  }
  check.onlyFiles = files;
  auto report = lint(check, registry);
  if (!report) return report.takeError();
  for (const FileReport& file : report->files) {
    if (file.role != FileRole::Forward) continue;
    std::vector<const Fix*> chosen;
    for (const Finding& finding : file.findings) {
      if (!finding.fix || !finding.fix->following.empty()) continue;
      bool clash = false;
      for (const Fix* other : chosen) clash = clash || fixesOverlap(*other, *finding.fix);
      if (!clash) chosen.push_back(finding.fix.get());
    }
    if (chosen.empty()) continue;
    std::vector<TextEdit> edits;
    for (const Fix* fix : chosen) edits.insert(edits.end(), fix->edits.begin(), fix->edits.end());
    // The report's text is the forward part (a goose file's rollback section blanked); the
    // edits' offsets are the file's.
    auto text = readFile(file.source->path());
    if (!text) return text.takeError();
    if (auto written = writeFileAtomically(file.source->path(), applyEdits(*text, edits)); !written) {
      return written.takeError();
    }
  }
  return {};
}

// The generated rollback as comment lines, without its header line.
std::string commentedOut(const std::string& sql) {
  std::istringstream lines(sql);
  std::string out;
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    bool header = first && line.starts_with("-- Rollback of ");
    first = false;
    if (!header && !line.empty()) out += "--   " + line + "\n";
  }
  return out;
}

// The new migration's rollback runs nothing: the fixed migration's rollback undoes what
// that migration did before the fix, this change included. Which of its statements undo
// the change is not something sluice can tell for sure, so the rollback says what would
// undo it and leaves the move to the user: until then `sluice rollback` refuses it and
// `empty-rollback` flags it, rather than half a rollback running.
Status noteRollbacks(const MigrationSet& set, const std::map<std::string, std::string>& followed) {
  auto rollbacks =
      rollback::generateRollbacks(set, [&](const Migration& migration) { return followed.contains(migration.id); });
  if (!rollbacks) return rollbacks.takeError();
  for (const rollback::GeneratedRollback& generated : *rollbacks) {
    const Migration& migration = *generated.migration;
    if (!migration.rollback) continue;
    const std::string& fixed = followed.at(migration.id);
    std::string note = "-- Rollback of " + migration.id + ", written by `sluice fix` to follow " + fixed + ".\n";
    if (generated.statementCount == 0) {
      note += "-- Nothing to undo: the migration changes no definition.\n";
    } else {
      note += "-- The rollback of " + fixed +
              " undoes what it did before the fix, this migration's change included,\n"
              "-- so this one has nothing of its own to run (and `sluice rollback` refuses a rollback\n"
              "-- without statements). To roll back past this migration, move what undoes it from\n"
              "-- that rollback to here:\n" +
              commentedOut(generated.sql);
    }
    // The rollback was created empty: its own file, or the last section of a goose or
    // dbmate file.
    auto text = readFile(*migration.rollback);
    if (!text) return text.takeError();
    if (auto written = writeFileAtomically(*migration.rollback, *text + note); !written) return written.takeError();
  }
  return {};
}

}  // namespace

Status finishNewMigrations(const fs::path& copy, const std::map<std::string, std::string>& followed,
                           const LintRequest& check, const RuleList& registry) {
  if (followed.empty()) return {};
  auto set = loadMigrationSet(copy, check.layout);
  if (!set) return set.takeError();
  if (auto edited = applyEditsToNewMigrations(*set, followed, check, registry); !edited) return edited;
  return noteRollbacks(*set, followed);
}

}  // namespace sluice::cli
