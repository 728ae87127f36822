#pragma once
// How `sluice verify` reports: for people, one line per migration, the findings as lint
// prints them (code frames), the locks and rewrites of each statement and a summary;
// for machines (`--format json`), the same as one JSON document whose `diagnostics` and
// `errors` have the shape of `sluice lint --format json`.

#include <ostream>

#include "common/terminal.hpp"
#include "verify/verify.hpp"

namespace sluice {

struct VerifyTextOptions {
  bool color = false;
  // Lock lines for every statement (default: statements that take a lock stronger than
  // ROW EXCLUSIVE on a table that existed before, or rewrite one).
  bool allLocks = false;
  // --quiet: the findings and the closing summary only.
  bool summaryOnly = false;
};

void writeVerifyText(const VerifyReport& report, std::ostream& out, const VerifyTextOptions& options);
void writeVerifyJson(const VerifyReport& report, std::ostream& out, const std::string& toolVersion);

}  // namespace sluice
