#pragma once

#include <vector>

#include "linter/active_rules.hpp"
#include "linter/context.hpp"
#include "linter/engine.hpp"

namespace sluice {

struct FileLintInput {
  SourceFilePtr source;
  const ParsedSql& parsed;
  const Migration& migration;
  FileRole role = FileRole::Forward;
  TransactionMode mode = TransactionMode::Runner;
  const std::vector<ActiveRule>& rules;
  const LintSettings& settings;
};

// Runs the rules over one parsed file, statement by statement, applying each statement
// to `model` after the rules have seen it. Findings come back with severities,
// suppressions applied and positions resolved.
FileReport lintFile(const FileLintInput& input, SchemaModel& model);

// Applies a file's statements to the model without checking them (history that is not
// reported on).
void replayFile(std::string_view text, const ParsedSql& parsed, SchemaModel& model);

// The transaction mode a migration runs in, from its layout and metadata.
TransactionMode transactionModeOf(const Migration& migration);

}  // namespace sluice
