#pragma once
// The lint engine: resolves paths into migration sets, replays each set's history into
// a schema model, runs the active rules on the selected files, applies suppressions
// and resolves positions. Sets are linted in parallel; the files of one set in order.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "config/loader.hpp"
#include "linter/config.hpp"
#include "linter/context.hpp"
#include "linter/finding.hpp"
#include "linter/history_edit.hpp"
#include "linter/rule.hpp"
#include "linter/source_file.hpp"

namespace sluice {

using RuleList = std::vector<const RuleDefinition*>;

struct LintRequest {
  std::vector<std::string> paths;  // files, folders, "-" for standard input
  std::optional<std::string> stdinFilename;
  const MigrationFormat* layout = nullptr;  // --layout; null: detected per folder
  std::vector<std::string> onlyRules;       // --rule
  std::vector<std::string> excludeRules;    // --exclude-rule
  // Settings given on the command line (--pg-version, --fail-on): they win over every
  // configuration file found (config/loader.hpp applies the precedence).
  std::vector<config::FlagValue> settingFlags;
  std::optional<std::filesystem::path> configFile;  // else .sluice.toml found upward from each path
  unsigned jobs = 0;                                // 0: one per core
  bool fixes = true;                                // findings carry their fixes (LintSettings::fixes)
  // Selection: which files of the migration sets found from `paths` are reported on.
  // Files that are not selected are still replayed into the schema model, so that what
  // is reported is judged against the whole history before it.
  // --since: migrations whose version sorts before this are not reported. A version
  // shorter than the set's (a date prefix such as 20240301) is compared as a prefix; a
  // migration id ("20240301120000_add_orders") stands for its version.
  std::optional<std::string> since;
  // Restricts what is reported to these files (normalPath spelling), wherever `paths`
  // reaches; the other migrations of their sets are still replayed into the model. For
  // --changed-since; unset: everything `paths` names.
  std::optional<std::set<std::filesystem::path>> onlyFiles;
  // Merged migrations modified or deleted since (--changed-since), reported as
  // `edited-migration` when they belong to a set that `paths` reaches.
  std::vector<HistoryEdit> historyEdits;
};

struct FileReport {
  SourceFilePtr source;
  FileRole role = FileRole::Forward;
  std::string migrationId;
  std::vector<Finding> findings;  // sorted by position
};

// A migrations folder (or a loose file) that was linted, and how it was read.
struct LintedSet {
  std::string root;          // display path; empty for loose files
  std::string layout;        // the format's name
  std::string layoutSource;  // why: "--layout", "detected: migration_lock.toml"
};

struct LintReport {
  std::vector<LintedSet> sets;
  std::vector<FileReport> files;      // every linted file, in a stable order
  std::vector<Error> errors;          // inputs that could not be linted
  std::vector<Error> configWarnings;  // reserved keys set in a configuration file
  // Files of the linted folders that their layout never runs on PostgreSQL (display
  // path, reason): not linted and not part of the history.
  std::vector<std::pair<std::string, std::string>> notRun;
  Severity failOn = Severity::Error;
  std::size_t errorCount = 0;
  std::size_t warningCount = 0;

  [[nodiscard]] bool failed() const { return errorCount > 0 || (failOn == Severity::Warning && warningCount > 0); }
};

// Receives each file's report as soon as it and every report before it are ready, in the
// order LintReport::files would have them.
using FileReportSink = std::function<void(FileReport&&)>;

// Lints what `request` names with the given rule registry. With a sink, the files go to
// it as they are linted and the report returned holds none (its counts are complete):
// peak memory then stays flat however many sets are linted.
Expected<LintReport> lint(const LintRequest& request, const RuleList& registry, const FileReportSink& sink = {});

// Whether a migration of `version` is reported under --since `since`.
bool selectedSince(std::string_view version, std::string_view since);

// Lints one SQL text as a migration of the given layout; for tests and tools. It is a
// migration on its own: no history before it, no rollback beside it, so the
// migration- and set-level hooks (Rule::checkMigration, Rule::checkSet) do not run.
struct TextLintOptions {
  std::string displayPath = "input.sql";
  std::string layout = "file";  // a format's name
  FileRole role = FileRole::Forward;
  int pgVersion = 15;
  std::vector<std::string> onlyRules;  // empty: all rules at their default severity
  // The file is a merged migration changed from this line on (`edited-migration`).
  std::optional<std::uint32_t> editedLine;
};
// An unknown rule in `onlyRules` is an error (as `--rule` is), never a lint without it.
Expected<FileReport> lintText(std::string text, const TextLintOptions& options, const RuleList& registry);

// The metadata of every rule, for configuration and docs.
std::vector<const RuleMeta*> ruleMetas(const RuleList& registry);

}  // namespace sluice
