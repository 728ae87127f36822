#pragma once
// Directives in SQL comments, read from the scanner's comment tokens (never from the
// raw text, so a directive inside a string literal is just text):
//   -- sluice:ignore rule[, rule]     the next statement (or the statement it sits in)
//   -- sluice:ignore-file rule[, rule] the whole file
//   -- sluice:no-transaction          run this migration outside a transaction
// The header `-- postgres-migrations disable-transaction` of the postgres-migrations
// runner means the same as `-- sluice:no-transaction`.

#include <string>
#include <vector>

#include "linter/finding.hpp"
#include "linter/parser.hpp"

namespace sluice {

struct Suppression {
  bool wholeFile = false;
  std::vector<std::string> rules;
  std::vector<Span> ruleSpans;           // where each rule name is written
  std::optional<std::size_t> statement;  // the statement it applies to (not for files)
  Span comment;
  std::vector<bool> used;  // per rule
};

struct Directives {
  std::vector<Suppression> suppressions;
  bool noTransaction = false;
  std::vector<std::pair<Span, std::string>> malformed;  // directives we could not read
};

Directives readDirectives(const ParsedSql& parsed);

// Marks findings that a directive covers as suppressed (removes them) and records
// which directives were used. With `parsed`, a directive on a DO block or function
// also covers the statements inside it.
void applySuppressions(Directives& directives, std::vector<Finding>& findings, const ParsedSql* parsed = nullptr);

}  // namespace sluice
