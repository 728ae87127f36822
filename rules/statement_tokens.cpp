#include "rules/statement_tokens.hpp"

#include <pg_query.h>

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

std::string unquote(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    out += text[i];
    if (text[i] == '"' && i + 2 < text.size() && text[i + 1] == '"') ++i;
  }
  return out;
}

}  // namespace

std::vector<SqlToken> statementTokens(const StatementContext& context) {
  std::vector<SqlToken> tokens;
  Span statement = context.span();
  std::string text(context.text(statement));
  PgQueryScanResult result = pg_query_scan(text.c_str());
  if (result.error != nullptr) {
    pg_query_free_scan_result(result);
    return tokens;
  }
  PgQuery__ScanResult* scan =
      pg_query__scan_result__unpack(nullptr, result.pbuf.len, reinterpret_cast<const uint8_t*>(result.pbuf.data));
  for (size_t i = 0; scan != nullptr && i < scan->n_tokens; ++i) {
    const PgQuery__ScanToken* scanned = scan->tokens[i];
    if (scanned->token == PG_QUERY__TOKEN__SQL_COMMENT || scanned->token == PG_QUERY__TOKEN__C_COMMENT) continue;
    auto begin = static_cast<std::size_t>(scanned->start);
    auto end = std::min(static_cast<std::size_t>(scanned->end), text.size());
    if (begin >= end) continue;
    SqlToken token;
    token.span = {statement.begin + begin, statement.begin + end};
    token.kind = scanned->token;
    std::string_view raw = std::string_view(text).substr(begin, end - begin);
    if (scanned->token == PG_QUERY__TOKEN__IDENT || scanned->token == PG_QUERY__TOKEN__UIDENT ||
        scanned->keyword_kind != PG_QUERY__KEYWORD_KIND__NO_KEYWORD) {
      token.name = true;
      token.quoted = raw.starts_with('"');
      token.value = token.quoted ? unquote(raw) : foldCase(raw);
    }
    tokens.push_back(std::move(token));
  }
  if (scan != nullptr) pg_query__scan_result__free_unpacked(scan, nullptr);
  pg_query_free_scan_result(result);
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
