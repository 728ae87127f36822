#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/line_index.hpp"
#include "linter/fix.hpp"
#include "linter/rule.hpp"
#include "linter/span.hpp"

namespace sluice {

// Findings are data, not errors: a rule reports them, the engine resolves severity and
// suppressions and fills in positions, reporters render them.
struct Finding {
  const RuleMeta* rule = nullptr;
  Severity severity = Severity::Error;
  // A rule may cap a finding below its configured severity (a missing rollback is only
  // a warning in Prisma projects); the engine takes the lower of the two.
  Severity maxSeverity = Severity::Error;
  Span span;
  std::string message;
  std::string help;                      // only when it differs from the rule's safe alternative
  std::vector<std::string> notes;        // extra context ("table `x`, created in ...")
  std::optional<std::size_t> statement;  // index of the statement it belongs to
  TextPosition start;                    // 1-based, filled in by the engine from `span`
  TextPosition end;                      // 1-based, exclusive end
  // The safe rewrite `sluice fix` applies (null: none); shared so that copies stay cheap.
  std::shared_ptr<const Fix> fix;

  // What to do instead: the finding's own help, else the rule's safe alternative (which
  // is not copied into every finding: a corpus run holds tens of thousands).
  [[nodiscard]] std::string_view helpText() const {
    return help.empty() && rule != nullptr ? rule->safeAlternative : std::string_view(help);
  }
};

}  // namespace sluice
