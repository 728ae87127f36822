#pragma once
// The deploy's lint gate: lints the whole migrations folder (so the history before each
// migration is known) and judges only the pending migrations, forward and rollback
// files. Findings at or above the configured failure level (`fail_on`, default error)
// block the deploy.

#include <ostream>
#include <vector>

#include "linter/engine.hpp"
#include "runner/deploy.hpp"

namespace sluice {

struct LintGateSettings {
  const RuleList* rules = nullptr;
  std::optional<std::filesystem::path> configFile;
  std::optional<LayoutKind> layout;
  std::ostream* out = nullptr;  // where findings are printed (null: not printed)
  std::string format = "text";
  bool color = false;
};

LintGate makeLintGate(LintGateSettings settings);

}  // namespace sluice
