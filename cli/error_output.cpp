#include "cli/error_output.hpp"

namespace sluice::cli {

void printError(const Error& error, std::ostream& out, const Style& style) {
  out << style.red("error") << style.bold(": " + error.message) << "\n";
  if (!error.location.empty()) out << "  " << style.blue("--> ") << error.location << "\n";
  if (!error.hint.empty()) out << "  " << style.blue("= ") << style.bold("hint") << ": " << error.hint << "\n";
}

}  // namespace sluice::cli
