#pragma once
// The tokens of one statement, from PostgreSQL's own scanner, for rules that need to
// point at a name the parse tree keeps without a location (DROP objects, ALTER TABLE
// commands, index and constraint names) or that need an identifier as it was written
// (the parse tree holds identifiers already truncated to 63 bytes).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/context.hpp"
#include "linter/span.hpp"

namespace sluice::rules {

// NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes.
inline constexpr std::size_t kMaxIdentifierBytes = 63;

struct SqlToken {
  Span span;          // file offsets
  int kind = 0;       // PgQuery__Token
  bool name = false;  // an identifier or a keyword, which can both name objects
  bool quoted = false;
  std::string value;  // names: as PostgreSQL reads them (unquoted, or case-folded), untruncated
};

// Every token of the statement; empty when the scanner refuses the text.
std::vector<SqlToken> statementTokens(const StatementContext& context);
// Every token of `text`, which starts at file offset `offset`.
std::vector<SqlToken> tokensOf(std::string_view text, std::size_t offset);

// `name` cut the way PostgreSQL truncates identifiers: at most 63 bytes, never inside a
// UTF-8 character.
std::string_view truncateIdentifier(std::string_view name);

// The index of the first name token at or after `from` that PostgreSQL reads as `name`
// (`name` as the parse tree holds it, so possibly truncated).
std::optional<std::size_t> findName(const std::vector<SqlToken>& tokens, std::string_view name, std::size_t from = 0);

// The span of the name token at `index`, with its schema qualification (`s.name`).
Span qualifiedSpan(const std::vector<SqlToken>& tokens, std::size_t index);

// Number of UTF-8 characters in `text`.
std::size_t characterCount(std::string_view text);

}  // namespace sluice::rules
