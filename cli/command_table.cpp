#include <algorithm>
#include <array>

#include "cli/command.hpp"

namespace sluice::cli {

std::span<const CommandEntry> commandTable() {
  static constexpr std::array kCommands{
      CommandEntry{"lint", addLintCommand},         CommandEntry{"fix", addFixCommand},
      CommandEntry{"deploy", addDeployCommand},     CommandEntry{"status", addStatusCommand},
      CommandEntry{"rollback", addRollbackCommand}, CommandEntry{"resolve", addResolveCommand},
      CommandEntry{"new", addNewCommand},           CommandEntry{"rules", addRulesCommand},
      CommandEntry{"explain", addExplainCommand},   CommandEntry{"snapshot", addSnapshotCommand},
      CommandEntry{"pitr", addPitrCommand},         CommandEntry{"verify", addVerifyCommand},
      CommandEntry{"config", addConfigCommand},
  };
  return kCommands;
}

const CommandEntry* findCommand(std::string_view word) {
  auto table = commandTable();
  auto it = std::find_if(table.begin(), table.end(), [word](const CommandEntry& entry) { return entry.name == word; });
  return it == table.end() ? nullptr : &*it;
}

}  // namespace sluice::cli
