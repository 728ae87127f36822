#pragma once

#include <vector>

#include "linter/active_rules.hpp"
#include "linter/context.hpp"
#include "linter/engine.hpp"
#include "linter/suppression.hpp"

namespace sluice {

struct FileLintInput {
  SourceFilePtr source;
  const ParsedSql& parsed;
  const Migration& migration;
  FileRole role = FileRole::Forward;
  PartExecution execution;  // how the part's tool runs it
  const std::vector<ActiveRule>& rules;
  const LintSettings& settings;
};

// A file whose statements the rules have seen. Its findings are raw (rule defaults,
// nothing suppressed, no positions) until finishFindings(): the migration- and
// set-level hooks may still add to them.
struct CheckedFile {
  SourceFilePtr source;
  const ParsedSql* parsed = nullptr;  // owned by the caller, alive until finishFindings
  FileRole role = FileRole::Forward;
  std::string migrationId;
  TransactionPlan plan;
  Directives directives;
  std::vector<Change> changes;  // what every statement changed, in file order
  std::vector<Finding> findings;

  [[nodiscard]] LintedFile view() const { return {*source, *parsed, plan, changes}; }
};

// Runs the statement and file hooks of the rules over one parsed file, statement by
// statement, applying each statement to `model` after the rules have seen it.
CheckedFile checkFile(const FileLintInput& input, SchemaModel& model);

// Resolves severities (configuration, caps), applies suppressions, reports unused
// directives and turns spans into lines and columns.
FileReport finishFindings(CheckedFile& file, const std::vector<ActiveRule>& rules);

// checkFile + finishFindings.
FileReport lintFile(const FileLintInput& input, SchemaModel& model);

// Applies a file's statements to the model without checking them (history that is not
// reported on).
void replayFile(std::string_view text, const ParsedSql& parsed, SchemaModel& model);

}  // namespace sluice
