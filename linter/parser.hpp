#pragma once
// The SQL front end: libpg_query (PostgreSQL 15's grammar) turned into statements with
// byte spans. A file that does not parse as a whole is split with the scanner and each
// statement parsed on its own, so one syntax error costs one statement, not the file.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linter/ast.hpp"
#include "linter/span.hpp"

namespace sluice {

struct SyntaxError {
  std::size_t offset = 0;  // byte offset in the file where the parser stopped
  std::string message;     // the parser's message
  std::string hint;        // e.g. that the syntax belongs to a newer PostgreSQL
};

struct Statement {
  Span span;                        // from the first token to the end of the statement, without ';'
  const ast::Node* node = nullptr;  // null when the statement did not parse
  std::size_t locationBase = 0;     // add to node locations to get file offsets
  std::optional<SyntaxError> error;
  // Nesting: 0 for statements of the file; 1+ for statements found inside function
  // bodies and DO blocks (their text lives in the same file).
  int depth = 0;
  // Huge files are only split up front; each statement is parsed when it is checked
  // (parseDeferred) so that memory stays bounded by the largest statement.
  bool deferred = false;
  [[nodiscard]] bool parsed() const { return node != nullptr; }
};

struct Comment {
  Span span;
  std::string_view text;  // including the -- or /* */ markers
};

class ParsedSql {
 public:
  ParsedSql();
  ~ParsedSql();
  ParsedSql(ParsedSql&&) noexcept;
  ParsedSql& operator=(ParsedSql&&) noexcept;
  ParsedSql(const ParsedSql&) = delete;
  ParsedSql& operator=(const ParsedSql&) = delete;

  std::vector<Statement> statements;
  std::vector<Comment> comments;  // filled only when requested
  bool commentsScanned = false;

  struct Arena;
  [[nodiscard]] Arena& arena() { return *arena_; }

 private:
  std::unique_ptr<Arena> arena_;
};

struct ParseOptions {
  // Scan for comments: always (true), or only when the text mentions "sluice:"
  // (false), which is the only reason the linter needs them.
  bool alwaysScanComments = false;
  // Above this size the file is split with the scanner and statements are parsed one
  // at a time, on demand.
  std::size_t deferAbove = std::size_t{8} * 1024 * 1024;
};

// `text` must outlive the result (statements and comments point into it).
ParsedSql parseSql(std::string_view text, const ParseOptions& options = {});

// Parses one deferred statement of `text`; the result holds at most one statement
// (none when the chunk held only comments).
ParsedSql parseDeferred(std::string_view text, const Statement& deferred);

// All comments of `text` from the scanner's tokens.
std::vector<Comment> scanComments(std::string_view text);

// The byte at which a statement's real text starts: skips whitespace and comments.
std::size_t skipTrivia(std::string_view text, std::size_t from, std::size_t to);

// Span of the token (or dotted name) that starts at `offset`.
Span tokenSpanAt(std::string_view text, std::size_t offset);

}  // namespace sluice
