#pragma once
// The last line of defence: what escapes a command (an exception nobody expected, a
// thread that died) is a bug in sluice, not a state of the database. It exits 70
// (sysexits' EX_SOFTWARE), never 4 or 5, and asks for a report with `sluice --version`.

#include <functional>
#include <ostream>

#include "common/error.hpp"
#include "common/exit_code.hpp"
#include "common/terminal.hpp"

namespace sluice::cli {

// What to do about an internal error: report it, with the version.
std::string reportBugHint();

// Runs a command and turns whatever it throws into a printed error and an exit code:
// SluiceException's error code maps through exitCodeFor; any other exception is an
// internal error (70).
int runGuarded(const std::function<ExitCode()>& command, std::ostream& err, const Style& style);

// Makes std::terminate (an exception escaping a worker thread, a noexcept violation)
// print the same report and exit 70 instead of aborting with a signal.
void exitOnTerminate();

}  // namespace sluice::cli
