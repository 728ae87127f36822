#pragma once
// Reading parseSql's statements back in tests: their text, and those of the file itself
// apart from those found inside DO blocks and function bodies.
#include <string_view>
#include <vector>

#include "linter/parser.hpp"

namespace sluice::testing {

inline std::string_view textOf(std::string_view sql, const Statement& statement) {
  return sql.substr(statement.span.begin, statement.span.size());
}

// The statements whose depth `keep` accepts (0: the file's own, more: inside a body).
template <typename Keep>
std::vector<const Statement*> statementsWhere(const ParsedSql& parsed, Keep keep) {
  std::vector<const Statement*> out;
  for (const Statement& statement : parsed.statements) {
    if (keep(statement.depth)) out.push_back(&statement);
  }
  return out;
}

// The statements of the file itself, without those found inside bodies.
inline std::vector<const Statement*> topLevel(const ParsedSql& parsed) {
  return statementsWhere(parsed, [](int depth) { return depth == 0; });
}

// The statements found inside DO blocks and function bodies.
inline std::vector<const Statement*> nested(const ParsedSql& parsed) {
  return statementsWhere(parsed, [](int depth) { return depth > 0; });
}

// Which of the statements parsed, in order: one comparison states a whole file's outcome.
inline std::vector<bool> whichParsed(const std::vector<const Statement*>& statements) {
  std::vector<bool> parsed;
  for (const Statement* statement : statements) parsed.push_back(statement->parsed());
  return parsed;
}

// The same for every statement of the file, those inside bodies too.
inline std::vector<bool> whichParsed(const ParsedSql& parsed) {
  return whichParsed(statementsWhere(parsed, [](int) { return true; }));
}

// The texts of the statements found inside bodies, in file order.
inline std::vector<std::string_view> nestedTexts(std::string_view sql, const ParsedSql& parsed) {
  std::vector<std::string_view> texts;
  for (const Statement* statement : nested(parsed)) texts.push_back(textOf(sql, *statement));
  return texts;
}

}  // namespace sluice::testing
