#pragma once

#include <ostream>

#include "common/error.hpp"
#include "common/terminal.hpp"

namespace sluice::cli {

// The one way errors reach the user:
//   error: <message>
//     --> <location>
//     = hint: <hint>
void printError(const Error& error, std::ostream& out, const Style& style);
// The same shape for what does not stop the command: "warning: <message>".
void printWarning(const Error& warning, std::ostream& out, const Style& style);

}  // namespace sluice::cli
