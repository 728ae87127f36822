#pragma once
// SQL text through libpg_query's scanner (pg_query_scan): its tokens, unpacked once and
// freed with the object. Every reader of tokens goes through it, so the scanner's result
// and its protobuf are handled (and released) in one place.

#include <cstddef>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <span>
#include <string>
#include <string_view>

namespace sluice {

class SqlScan {
 public:
  // Scans `text` (copied: the scanner reads up to a NUL).
  explicit SqlScan(std::string_view text);
  ~SqlScan();
  SqlScan(const SqlScan&) = delete;
  SqlScan& operator=(const SqlScan&) = delete;
  SqlScan(SqlScan&&) = delete;
  SqlScan& operator=(SqlScan&&) = delete;

  // The scanner's error (an unterminated quote or comment), or null; on an error there
  // are no tokens.
  [[nodiscard]] const PgQueryError* error() const { return result_.error; }
  // The offset in the text where the scanner stopped, or `fallback` when it does not say.
  [[nodiscard]] std::size_t errorOffset(std::size_t fallback) const;
  [[nodiscard]] std::span<PgQuery__ScanToken* const> tokens() const;
  // The text scanned; token offsets point into it.
  [[nodiscard]] const std::string& text() const { return text_; }
  // The token's text (its end kept inside the text).
  [[nodiscard]] std::string_view textOf(const PgQuery__ScanToken& token) const;

  [[nodiscard]] static bool isComment(const PgQuery__ScanToken& token) {
    return token.token == PG_QUERY__TOKEN__SQL_COMMENT || token.token == PG_QUERY__TOKEN__C_COMMENT;
  }

 private:
  std::string text_;
  PgQueryScanResult result_;
  PgQuery__ScanResult* unpacked_ = nullptr;
};

// Where a libpg_query error (of the scanner or the parser) points, for text that starts
// at `base`: its cursor is 1-based, and 0 when it does not say, which gives `fallback`.
std::size_t errorOffset(const PgQueryError* error, std::size_t base, std::size_t fallback);

// The name a quoted identifier token spells: the quotes removed, doubled quotes undone
// (`"a""b"` is a"b).
std::string unquoteIdentifier(std::string_view quoted);

}  // namespace sluice
