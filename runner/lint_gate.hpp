#pragma once
// The lint gate of deploy (and rollback): lints the whole migrations folder (so the
// history before each migration is known) and judges only the named migrations, and of
// them only the part the command runs: deploy's gate counts the forward files, a finding
// in a rollback file or section is shown but gates `sluice rollback`, not deploy.
// Findings at or above the configured failure level (`fail_on`, default error) block.

#include <ostream>
#include <vector>

#include "linter/engine.hpp"
#include "runner/deploy.hpp"

namespace sluice {

struct LintGateSettings {
  const RuleList* rules = nullptr;
  std::optional<std::filesystem::path> configFile;
  const MigrationFormat* layout = nullptr;  // null: the folder's
  // The part the gated command runs: deploy the forward parts, rollback the rollback parts.
  FileRole role = FileRole::Forward;
  std::ostream* out = nullptr;  // where findings are printed (null: not printed)
  std::string format = "text";
  bool color = false;
};

LintGate makeLintGate(LintGateSettings settings);

}  // namespace sluice
