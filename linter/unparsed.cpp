#include "linter/unparsed.hpp"

#include <string>
#include <vector>

#include "common/text.hpp"
#include "linter/sql_scan.hpp"

namespace sluice {
namespace {

struct Word {
  std::string text;   // keywords and unquoted names lower-cased; quoted names as written
  bool name = false;  // could name an object (an identifier or a non-reserved keyword)
  bool quoted = false;
};

// The first tokens of the statement, comments left out; a dozen are enough to reach the
// table's name.
std::vector<Word> leadingWords(std::string_view statement, std::size_t limit) {
  std::vector<Word> words;
  SqlScan scan(statement);
  for (const PgQuery__ScanToken* token : scan.tokens()) {
    if (words.size() >= limit) break;
    if (SqlScan::isComment(*token)) continue;
    std::string_view raw = scan.textOf(*token);
    Word word;
    word.quoted = token->token == PG_QUERY__TOKEN__IDENT && raw.starts_with('"');
    word.text = word.quoted ? unquoteIdentifier(raw) : toLower(raw);
    word.name = token->token == PG_QUERY__TOKEN__IDENT ||
                token->keyword_kind == PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD ||
                token->keyword_kind == PG_QUERY__KEYWORD_KIND__COL_NAME_KEYWORD;
    words.push_back(std::move(word));
  }
  return words;
}

}  // namespace

std::optional<UnparsedTable> tableCreatedBy(std::string_view statement) {
  std::vector<Word> words = leadingWords(statement, 12);
  std::size_t at = 0;
  auto keyword = [&](std::string_view text) {
    if (at < words.size() && !words[at].quoted && words[at].text == text) {
      ++at;
      return true;
    }
    return false;
  };
  if (!keyword("create")) return std::nullopt;
  UnparsedTable table;
  if (keyword("global") || keyword("local")) {
    if (!keyword("temp") && !keyword("temporary")) return std::nullopt;
    table.temporary = true;
  } else if (keyword("temp") || keyword("temporary")) {
    table.temporary = true;
  } else {
    keyword("unlogged");
  }
  if (!keyword("table")) return std::nullopt;
  if (keyword("if")) {
    if (!keyword("not") || !keyword("exists")) return std::nullopt;
    table.ifNotExists = true;
  }
  if (at >= words.size() || !words[at].name) return std::nullopt;
  table.name.name = words[at++].text;
  if (at + 1 < words.size() && !words[at].quoted && words[at].text == "." && words[at + 1].name) {
    table.name.schema = std::move(table.name.name);
    table.name.name = words[at + 1].text;
  }
  return table;
}

}  // namespace sluice
