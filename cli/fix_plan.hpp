#pragma once
// `sluice fix`: collects the fixes rules attached to their findings, tries them on a copy
// of each migrations folder (edits applied, new migrations created in the folder's
// layout, the copy linted again), and keeps those that parse and lint clean of the rule
// they fix. The plan is then shown as a diff or written.

#include <filesystem>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "linter/engine.hpp"

namespace sluice::cli {

struct FileChange {
  std::filesystem::path path;  // where it is written
  std::string before;          // empty for a new file
  std::string after;
  bool created = false;
};

struct FixOutcome {
  std::string location;  // path:line:column of the finding
  std::string rule;
  std::string description;  // what the fix does, or why it was not applied
};

struct FixPlan {
  std::vector<FileChange> changes;
  std::vector<FixOutcome> applied;
  std::vector<FixOutcome> skipped;
};

// `request` names what to lint (as for `sluice lint`); `onlyRules`: fix only these
// (empty: every fixable finding).
Expected<FixPlan> planFixes(const LintRequest& request, const std::vector<std::string>& onlyRules,
                            const RuleList& registry);

// Writes every change atomically (new files and their folders included).
Status writeFixPlan(const FixPlan& plan);

}  // namespace sluice::cli
