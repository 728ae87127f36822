#include "cli/error_output.hpp"

namespace sluice::cli {
namespace {

void print(const std::string& label, const Error& error, std::ostream& out, const Style& style) {
  out << label << style.bold(": " + error.message) << "\n";
  if (!error.location.empty()) out << "  " << style.blue("--> ") << error.location << "\n";
  if (!error.hint.empty()) out << "  " << style.blue("= ") << style.bold("hint") << ": " << error.hint << "\n";
}

}  // namespace

void printError(const Error& error, std::ostream& out, const Style& style) {
  print(style.red("error"), error, out, style);
}

void printWarning(const Error& warning, std::ostream& out, const Style& style) {
  print(style.yellow("warning"), warning, out, style);
}

}  // namespace sluice::cli
