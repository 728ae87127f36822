#include "rules/statement_tokens.hpp"

#include "linter/sql_scan.hpp"

namespace sluice::rules {
namespace {

// Unquoted identifiers are case-folded; in UTF-8 databases PostgreSQL folds only ASCII
// letters (downcase_identifier in scansup.c).
std::string foldCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

std::vector<SqlToken> statementTokens(const StatementContext& context) {
  // Several rules and fixes ask for the tokens of the same statement in turn (a fix per
  // column of a CREATE TABLE rescanned the whole statement each time): the last statement
  // scanned on this thread is kept, known by its position and its text.
  struct LastScan {
    std::size_t begin = 0;
    std::string text;
    std::vector<SqlToken> tokens;
  };
  thread_local LastScan last;
  Span statement = context.span();
  std::string_view text = context.text(statement);
  if (last.begin == statement.begin && last.text == text && !text.empty()) return last.tokens;
  last.begin = statement.begin;
  last.text.assign(text);
  last.tokens = tokensOf(text, statement.begin);
  return last.tokens;
}

std::vector<SqlToken> tokensOf(std::string_view text, std::size_t offset) {
  std::vector<SqlToken> tokens;
  Span statement{offset, offset + text.size()};
  SqlScan scan(text);
  for (const PgQuery__ScanToken* scanned : scan.tokens()) {
    if (SqlScan::isComment(*scanned)) continue;
    std::string_view raw = scan.textOf(*scanned);
    if (raw.empty()) continue;
    auto begin = static_cast<std::size_t>(raw.data() - scan.text().data());
    SqlToken token;
    token.span = {statement.begin + begin, statement.begin + begin + raw.size()};
    token.kind = scanned->token;
    if (scanned->token == PG_QUERY__TOKEN__IDENT || scanned->token == PG_QUERY__TOKEN__UIDENT ||
        scanned->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD) {
      token.name = true;
      token.quoted = raw.starts_with('"');
      token.value = token.quoted ? unquoteIdentifier(raw) : foldCase(raw);
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::string_view truncateIdentifier(std::string_view name) {
  if (name.size() <= kMaxIdentifierBytes) return name;
  std::size_t cut = kMaxIdentifierBytes;
  // Back off over UTF-8 continuation bytes (10xxxxxx) to a character boundary.
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0U) == 0x80U) --cut;
  return name.substr(0, cut);
}

std::optional<std::size_t> findName(const std::vector<SqlToken>& tokens, std::string_view name, std::size_t from) {
  for (std::size_t i = from; i < tokens.size(); ++i) {
    if (tokens[i].name && truncateIdentifier(tokens[i].value) == name) return i;
  }
  return std::nullopt;
}

Span qualifiedSpan(const std::vector<SqlToken>& tokens, std::size_t index) {
  Span span = tokens[index].span;
  while (index >= 2 && tokens[index - 1].kind == PG_QUERY__TOKEN__ASCII_46 && tokens[index - 2].name) {
    index -= 2;
    span.begin = tokens[index].span.begin;
  }
  return span;
}

std::size_t characterCount(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;
  }
  return count;
}

}  // namespace sluice::rules
