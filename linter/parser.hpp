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

// The deepest nesting sluice analyses: levels of a statement's parse tree (and of the
// estimate the parser makes from the tokens before parsing, see nestingEstimate()).
// PostgreSQL 15 with its default max_stack_depth (2 MB) refuses statements far less
// deep: about 4,000 terms of `1 + 1 + ...`, 7,200 branches of UNION ALL, 2,100 nested
// sub-selects. A deeper statement is not parsed into a tree: it is reported as
// "too deep to analyse" (a syntax-error finding) and the runner refuses to run it.
inline constexpr int kMaxNesting = 10000;

struct SyntaxError {
  std::size_t offset = 0;  // byte offset in the file where the parser stopped
  std::string message;     // the parser's message
  std::string hint;        // e.g. that the syntax belongs to a newer PostgreSQL
  int acceptedSince = 0;   // that PostgreSQL's major version, when the syntax is recognised
  int nesting = 0;         // > 0: the statement is too deep to analyse; how deep it nests
};

// Where a nested statement lives: a DO block runs its statements now, as part of the
// migration; a function body only stores them for later calls.
enum class BodyKind { None, DoBlock, Function };

struct Statement {
  Span span;                        // from the first token to the end of the statement, without ';'
  const ast::Node* node = nullptr;  // null when the statement did not parse
  std::size_t locationBase = 0;     // add to node locations to get file offsets
  std::optional<SyntaxError> error;
  // Nesting: 0 for statements of the file; 1+ for statements found inside function
  // bodies and DO blocks (their text lives in the same file, see linter/bodies.hpp).
  // Nested statements follow their parent in ParsedSql::statements.
  int depth = 0;
  BodyKind body = BodyKind::None;  // for depth > 0: the innermost body it belongs to
  std::size_t parent = 0;          // for depth > 0: index of the top-level statement that holds it
  // Huge files are only split up front; each statement is parsed when it is checked
  // (parseDeferred) so that memory stays bounded by the largest statement.
  bool deferred = false;
  [[nodiscard]] bool parsed() const { return node != nullptr; }
};

struct Comment {
  Span span;
  std::string_view text;  // including the -- or /* */ markers
};

// Code inside a body whose SQL cannot be known statically (EXECUTE of a computed
// string, a body in another language or quoted in a way whose offsets cannot be
// mapped). The schema model treats it as a change it cannot follow.
struct OpaqueSql {
  Span span;
  std::size_t parent = 0;  // index of the top-level statement that holds it
  std::string reason;      // "EXECUTE of a computed string"
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
  std::vector<Comment> comments;  // filled only when requested; includes comments inside bodies
  bool commentsScanned = false;
  std::vector<OpaqueSql> opaque;  // dynamic SQL inside bodies, in file order

  struct Arena;
  [[nodiscard]] Arena& arena() { return *arena_; }
  // Bytes the parse trees occupy (for diagnostics and memory tests).
  [[nodiscard]] std::size_t arenaBytes() const;

 private:
  std::unique_ptr<Arena> arena_;
};

struct ParseOptions {
  // Scan for comments: always (true), or only when the text mentions "sluice:" or
  // "postgres-migrations" (false): directives are the only reason the linter needs them.
  bool alwaysScanComments = false;
  // Above this size the file is split with the scanner and statements are parsed one
  // at a time, on demand.
  std::size_t deferAbove = std::size_t{8} * 1024 * 1024;
  // Parse the SQL inside DO blocks and PL/pgSQL function bodies (linter/bodies.hpp).
  bool parseBodies = true;
};

// `text` must outlive the result (statements and comments point into it).
ParsedSql parseSql(std::string_view text, const ParseOptions& options = {});

// Parses one deferred statement of `text`; the result holds at most one statement
// (none when the chunk held only comments).
ParsedSql parseDeferred(std::string_view text, const Statement& deferred);

// How deep `text` can nest, from its tokens, without parsing it: per level of
// parentheses, brackets and CASE ... END, the chains of binary operators, casts and
// postfix tests (which PostgreSQL's grammar parses into left-deep trees, one level per
// operator, without limit) and of UNION/INTERSECT/EXCEPT and JOIN. `at` receives the byte
// offset where the deepest point is. Statements whose estimate exceeds kMaxNesting are
// not handed to libpg_query, whose recursion on them would need an unbounded stack.
int nestingEstimate(std::string_view text, std::size_t* at = nullptr);

// An upper bound of nestingEstimate(text) from the bytes alone (no scan): the brackets,
// operator characters and keywords that can open a level, counted wherever they are.
int nestingBound(std::string_view text);

// The first statement of `text` too deep to analyse (its SyntaxError, nesting > 0), if
// any. Texts too short to nest that deep (most files) are not parsed.
std::optional<SyntaxError> firstTooDeep(std::string_view text);

// All comments of `text` from the scanner's tokens.
std::vector<Comment> scanComments(std::string_view text);

// The byte at which a statement's real text starts: skips whitespace and comments.
std::size_t skipTrivia(std::string_view text, std::size_t from, std::size_t to);

// Span of the token (or dotted name) that starts at `offset`.
Span tokenSpanAt(std::string_view text, std::size_t offset);

// Parses `fragment`, SQL whose byte i sits at file offset `fileBase + i`, and appends
// its statements to `out` (nodes in out's arena, spans and locations as file offsets).
// `fragment` may differ from the file's bytes where PL/pgSQL blanked an INTO clause.
// With `into`, the statements go there instead of out.statements.
void parseFragment(ParsedSql& out, std::string_view fragment, std::size_t fileBase, std::string_view fileText,
                   std::vector<Statement>* into = nullptr);

}  // namespace sluice
