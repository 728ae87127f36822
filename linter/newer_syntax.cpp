#include "linter/newer_syntax.hpp"

#include <array>
#include <vector>

#include "common/text.hpp"
#include "linter/sql_scan.hpp"

namespace sluice {
namespace {

struct Pattern {
  std::array<std::string_view, 4> words;  // consecutive tokens, upper case; "" ends; "?" matches any
  int version;
  std::string_view what;
};

// Syntax added after PostgreSQL 15, from the release notes of 16, 17 and 18
// (https://www.postgresql.org/docs/release/).
constexpr std::array<Pattern, 17> kPatterns{{
    {{"CONSTRAINT", "?", "NOT", "NULL"}, 18, "a named NOT NULL table constraint (`CONSTRAINT name NOT NULL column`)"},
    {{"VIRTUAL"}, 18, "a virtual generated column (`GENERATED ALWAYS AS (...) VIRTUAL`)"},
    {{"NOT", "ENFORCED"}, 18, "`NOT ENFORCED` constraints"},
    {{"WITHOUT", "OVERLAPS"}, 18, "temporal `WITHOUT OVERLAPS` keys"},
    {{"PERIOD"}, 18, "temporal foreign keys (`PERIOD`)"},
    {{"RETURNING", "OLD"}, 18, "`RETURNING OLD/NEW`"},
    {{"JSON_TABLE"}, 17, "`JSON_TABLE`"},
    {{"JSON_QUERY"}, 17, "SQL/JSON query functions (`JSON_QUERY`)"},
    {{"JSON_VALUE"}, 17, "SQL/JSON query functions (`JSON_VALUE`)"},
    {{"JSON_EXISTS"}, 17, "SQL/JSON query functions (`JSON_EXISTS`)"},
    {{"BY", "SOURCE"}, 17, "`MERGE ... WHEN NOT MATCHED BY SOURCE`"},
    {{"SET", "EXPRESSION"}, 17, "`ALTER COLUMN ... SET EXPRESSION`"},
    {{"MERGE_ACTION"}, 17, "`MERGE ... RETURNING merge_action()`"},
    {{"IS", "JSON"}, 16, "the `IS JSON` predicate"},
    {{"JSON_OBJECT"}, 16, "SQL/JSON constructors (`JSON_OBJECT`)"},
    {{"JSON_ARRAY"}, 16, "SQL/JSON constructors (`JSON_ARRAY`)"},
    {{"WITH", "INHERIT"}, 16, "`GRANT ... WITH INHERIT`"},
}};

struct MessagePattern {
  std::string_view fragment;
  int version;
  std::string_view what;
};

constexpr std::array<MessagePattern, 2> kMessagePatterns{{
    {"subquery in FROM must have an alias", 16, "a subquery in FROM without an alias"},
    {"trailing junk after numeric literal", 16, "non-decimal integer literals or `_` digit separators"},
}};

std::vector<std::string> upperTokens(std::string_view statement) {
  std::vector<std::string> words;
  SqlScan scan(statement);
  for (const PgQuery__ScanToken* token : scan.tokens()) {
    if (SqlScan::isComment(*token)) continue;
    std::string word(scan.textOf(*token));
    for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    words.push_back(std::move(word));
  }
  return words;
}

NewerSyntax hintFor(int version, std::string_view what) {
  return {version, std::string(what) + " is PostgreSQL " + std::to_string(version) +
                       " syntax; sluice's parser follows PostgreSQL 15's grammar, so it cannot lint this statement"};
}

}  // namespace

std::optional<NewerSyntax> newerSyntax(std::string_view statement, std::size_t /*errorOffset*/,
                                       std::string_view parserMessage) {
  for (const auto& pattern : kMessagePatterns) {
    if (parserMessage.find(pattern.fragment) != std::string_view::npos) return hintFor(pattern.version, pattern.what);
  }
  std::vector<std::string> words = upperTokens(statement);
  for (const auto& pattern : kPatterns) {
    std::size_t length = 0;
    while (length < pattern.words.size() && !pattern.words[length].empty()) ++length;
    for (std::size_t i = 0; i + length <= words.size(); ++i) {
      bool match = true;
      for (std::size_t k = 0; k < length && match; ++k) {
        match = pattern.words[k] == "?" || words[i + k] == pattern.words[k];
      }
      if (match) return hintFor(pattern.version, pattern.what);
    }
  }
  return std::nullopt;
}

}  // namespace sluice
