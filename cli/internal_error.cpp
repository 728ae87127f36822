#include "cli/internal_error.hpp"

#include <unistd.h>

#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/error_output.hpp"
#include "common/version.hpp"

namespace sluice::cli {
namespace {

Error internalError(const std::string& what) {
  return Error(ErrorCode::Internal, "internal error: " + what, reportBugHint());
}

[[noreturn]] void onTerminate() {
  std::string what = "terminated";
  if (std::exception_ptr current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
      what = "an exception of unknown type";
    }
  }
  printError(internalError(what), std::cerr, Style(colorEnabled(STDERR_FILENO, ColorChoice::Auto)));
  std::cerr.flush();
  std::_Exit(static_cast<int>(ExitCode::Internal));
}

}  // namespace

std::string reportBugHint() {
  return std::string(
             "this is a bug in sluice, not a state of your database; please report it with the output of "
             "`sluice --version` (") +
         kVersion + ") and the command you ran";
}

int runGuarded(const std::function<ExitCode()>& command, std::ostream& err, const Style& style) {
  try {
    return static_cast<int>(command());
  } catch (const SluiceException& e) {
    Error error = e.error();
    if (error.code == ErrorCode::Internal && error.hint.empty()) error.hint = reportBugHint();
    printError(error, err, style);
    return static_cast<int>(exitCodeFor(error.code));
  } catch (const std::exception& e) {
    printError(internalError(e.what()), err, style);
    return static_cast<int>(ExitCode::Internal);
  } catch (...) {
    printError(internalError("an exception of unknown type"), err, style);
    return static_cast<int>(ExitCode::Internal);
  }
}

void exitOnTerminate() { std::set_terminate(onTerminate); }

}  // namespace sluice::cli
