#include "linter/unparsed.hpp"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <string>
#include <vector>

#include "common/text.hpp"

namespace sluice {
namespace {

struct Word {
  std::string text;   // keywords and unquoted names lower-cased; quoted names as written
  bool name = false;  // could name an object (an identifier or a non-reserved keyword)
  bool quoted = false;
};

std::string unquote(std::string_view text) {
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    out += text[i];
    if (text[i] == '"' && i + 2 < text.size() && text[i + 1] == '"') ++i;
  }
  return out;
}

// The first tokens of the statement, comments left out; a dozen are enough to reach the
// table's name.
std::vector<Word> leadingWords(std::string_view statement, std::size_t limit) {
  std::vector<Word> words;
  std::string buffer(statement);
  PgQueryScanResult result = pg_query_scan(buffer.c_str());
  if (result.error == nullptr) {
    PgQuery__ScanResult* scan =
        pg_query__scan_result__unpack(nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data));
    for (std::size_t i = 0; scan != nullptr && i < scan->n_tokens && words.size() < limit; ++i) {
      const PgQuery__ScanToken* token = scan->tokens[i];
      if (token->token == PG_QUERY__TOKEN__SQL_COMMENT || token->token == PG_QUERY__TOKEN__C_COMMENT) continue;
      auto begin = static_cast<std::size_t>(token->start);
      auto end = std::min(static_cast<std::size_t>(token->end), buffer.size());
      std::string_view raw = std::string_view(buffer).substr(begin, end > begin ? end - begin : 0);
      Word word;
      word.quoted = token->token == PG_QUERY__TOKEN__IDENT && raw.starts_with('"');
      word.text = word.quoted ? unquote(raw) : toLower(raw);
      word.name = token->token == PG_QUERY__TOKEN__IDENT ||
                  token->keyword_kind == PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD ||
                  token->keyword_kind == PG_QUERY__KEYWORD_KIND__COL_NAME_KEYWORD;
      words.push_back(std::move(word));
    }
    if (scan != nullptr) pg_query__scan_result__free_unpacked(scan, nullptr);
  }
  pg_query_free_scan_result(result);
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
