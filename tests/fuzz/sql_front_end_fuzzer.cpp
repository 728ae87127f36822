// libFuzzer target: arbitrary bytes through the SQL front end and every rule. The
// linter must never crash, hang or trip a sanitizer, whatever the input.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/text.hpp"
#include "linter/engine.hpp"
#include "linter/parser.hpp"
#include "rules/registry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // The engine refuses NUL bytes and invalid UTF-8 before parsing (with an input error).
  if (text.find('\0') != std::string::npos || sluice::findInvalidUtf8(text)) return 0;
  sluice::ParsedSql parsed = sluice::parseSql(text, {.alwaysScanComments = true, .deferAbove = 2048});
  for (const sluice::Statement& statement : parsed.statements) {
    if (statement.deferred) (void)sluice::parseDeferred(text, statement);
  }
  for (const char* layout : {"file", "prisma"}) {
    sluice::TextLintOptions options;
    options.layout = layout;
    (void)sluice::lintText(text, options, sluice::rules::allRules());
  }
  return 0;
}
