#include "linter/parser.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <memory>
#include <pg_query.h>

#include "common/large_stack.hpp"
#include "linter/ast.hpp"
#include "linter/bodies.hpp"
#include "linter/newer_syntax.hpp"
#include "linter/parse_tree.hpp"
#include "linter/sql_scan.hpp"

namespace sluice {

// protobuf-c allocates every node separately; a bump arena makes unpacking a file's
// tree a handful of allocations and freeing it one.
struct ParsedSql::Arena {
  std::vector<std::unique_ptr<char[]>> blocks;
  std::size_t reserved = 0;
  std::size_t nextBlock = 2048;
  char* cursor = nullptr;
  std::size_t left = 0;

  void* allocate(std::size_t size) {
    // protobuf-c structs hold pointers, integers and doubles: 8-byte alignment is enough,
    // and most of what it allocates is small (names, pointer arrays).
    size = (size + 7) & ~std::size_t{7};
    if (size > left) {
      // Blocks start small and double: most migration files are a few statements, and a
      // split migration keeps dozens of them alive at once.
      nextBlock = std::min(nextBlock * 2, std::size_t{256} * 1024);
      std::size_t blockSize = std::max(size, nextBlock);
      blocks.emplace_back(new char[blockSize]);
      reserved += blockSize;
      cursor = blocks.back().get();
      left = blockSize;
    }
    void* out = cursor;
    cursor += size;
    left -= size;
    return out;
  }

  ProtobufCAllocator allocator() {
    return {[](void* self, size_t size) { return static_cast<Arena*>(self)->allocate(size); }, [](void*, void*) {},
            this};
  }
};

ParsedSql::ParsedSql() : arena_(std::make_unique<Arena>()) {}
ParsedSql::~ParsedSql() = default;
std::size_t ParsedSql::arenaBytes() const { return arena_ ? arena_->reserved : 0; }
ParsedSql::ParsedSql(ParsedSql&&) noexcept = default;
ParsedSql& ParsedSql::operator=(ParsedSql&&) noexcept = default;

namespace {

bool isIdentifierByte(unsigned char c) { return std::isalnum(c) != 0 || c == '_' || c == '$' || c >= 0x80; }

std::size_t trimTrailingSpace(std::string_view text, std::size_t begin, std::size_t end) {
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0) --end;
  return end;
}

// A text this short cannot nest deeper than kMaxNesting: every level of the estimate
// and of a parse tree takes at least one byte of SQL.
bool mayBeTooDeep(std::size_t bytes) { return bytes > static_cast<std::size_t>(kMaxNesting); }

// Whether nestingEstimate() could exceed kMaxNesting on `text`: only then is the scan it
// needs worth its cost (most files longer than kMaxNesting bytes nest a few levels).
bool mayNestTooDeep(std::string_view text) { return mayBeTooDeep(text.size()) && nestingBound(text) > kMaxNesting; }

// The depth of a parse tree in Node levels, without recursion (the tree may be deeper
// than any stack a walker would want).
int treeDepth(const ProtobufCMessage* root) {
  int deepest = 0;
  std::vector<std::pair<const ProtobufCMessage*, int>> pending{{root, 0}};
  while (!pending.empty()) {
    auto [message, above] = pending.back();
    pending.pop_back();
    if (message == nullptr) continue;
    int depth = above + (message->descriptor == &pg_query__node__descriptor ? 1 : 0);
    deepest = std::max(deepest, depth);
    ast::forEachChildMessage(message, [&](const ProtobufCMessage* child) { pending.emplace_back(child, depth); });
  }
  return deepest;
}

SyntaxError tooDeep(std::size_t offset, int nesting) {
  SyntaxError error;
  error.offset = offset;
  error.nesting = nesting;
  error.message = "statement too deep to analyse: it nests " + std::to_string(nesting) +
                  " levels deep, more than the " + std::to_string(kMaxNesting) + " sluice analyses";
  error.hint =
      "PostgreSQL refuses such a statement too with its default max_stack_depth (\"stack depth limit "
      "exceeded\"); split it up (several statements, a VALUES list, a temporary table). No rule checked it, and "
      "sluice's runner does not run it";
  return error;
}

// Statements whose tree is too deep for the walkers lose the tree and become findings.
void dropTooDeepTrees(std::vector<Statement>& statements, std::size_t from, std::size_t textBytes) {
  if (!mayBeTooDeep(textBytes)) return;
  for (std::size_t i = from; i < statements.size(); ++i) {
    Statement& statement = statements[i];
    if (statement.node == nullptr || !mayBeTooDeep(statement.span.end - statement.span.begin)) continue;
    int depth = treeDepth(&statement.node->base);
    if (depth <= kMaxNesting) continue;
    statement.node = nullptr;
    statement.error = tooDeep(statement.span.begin, depth);
  }
}

// Before libpg_query sees text[begin, end): a statement estimated too deep is recorded
// as such instead of parsed. True when it was.
bool recordIfTooDeep(std::vector<Statement>& out, std::string_view text, std::size_t begin, std::size_t end) {
  if (!mayNestTooDeep(text.substr(begin, end - begin))) return false;
  std::size_t at = 0;
  int estimate = nestingEstimate(text.substr(begin, end - begin), &at);
  if (estimate <= kMaxNesting) return false;
  Statement statement;
  statement.span = {skipTrivia(text, begin, end), trimTrailingSpace(text, begin, end)};
  if (statement.span.begin >= statement.span.end) statement.span = {begin, end};
  statement.error = tooDeep(begin + at, estimate);
  out.push_back(std::move(statement));
  return true;
}

// Adds the statements of one successfully parsed chunk of text starting at `base`.
void addParsedStatements(ParsedSql& out, const PgQuery__ParseResult* result, std::string_view text, std::size_t base,
                         std::size_t chunkLength) {
  for (size_t i = 0; i < result->n_stmts; ++i) {
    const PgQuery__RawStmt* raw = result->stmts[i];
    auto location = static_cast<std::size_t>(std::max(raw->stmt_location, 0));
    std::size_t length = raw->stmt_len > 0 ? static_cast<std::size_t>(raw->stmt_len) : chunkLength - location;
    std::size_t begin = base + location;
    std::size_t end = std::min(base + location + length, text.size());
    Statement statement;
    statement.span = {skipTrivia(text, begin, end), trimTrailingSpace(text, begin, end)};
    statement.node = raw->stmt;
    statement.locationBase = base;
    out.statements.push_back(statement);
  }
}

void addInvalidStatement(ParsedSql& out, std::string_view text, std::size_t begin, std::size_t end, std::size_t offset,
                         const char* message) {
  Statement statement;
  statement.span = {skipTrivia(text, begin, end), trimTrailingSpace(text, begin, end)};
  if (statement.span.begin >= statement.span.end) statement.span = {begin, end};
  SyntaxError error;
  error.offset = std::min(offset, text.size());
  error.message = message != nullptr ? message : "syntax error";
  std::string_view statementText = text.substr(statement.span.begin, statement.span.size());
  std::size_t relative = error.offset >= statement.span.begin ? error.offset - statement.span.begin : 0;
  if (auto newer = newerSyntax(statementText, relative, error.message)) {
    error.hint = std::move(newer->hint);
    error.acceptedSince = newer->version;
  }
  statement.error = std::move(error);
  out.statements.push_back(std::move(statement));
}

// One statement at a time: parse a chunk on its own; on failure record a syntax error.
void parseChunk(ParsedSql& out, std::string_view text, std::size_t begin, std::size_t end) {
  if (recordIfTooDeep(out.statements, text, begin, end)) return;
  std::size_t first = out.statements.size();
  std::string chunk(text.substr(begin, end - begin));
  RawParse result(chunk.c_str(), out.arena().allocator());
  if (result.error() != nullptr) {
    addInvalidStatement(out, text, begin, end, errorOffset(result.error(), begin, begin), result.error()->message);
  } else if (PgQuery__ParseResult* tree = result.tree(); tree != nullptr) {
    addParsedStatements(out, tree, text, begin, chunk.size());
  }
  dropTooDeepTrees(out.statements, first, end - begin);
}

struct Chunk {
  std::size_t begin;
  std::size_t end;
};

// Splits text[0, limit) at the scanner's top-level ';' tokens. libpg_query's own
// pg_query_split_with_scanner drops chunks without a keyword ("SELEC 1;" vanishes),
// which would hide exactly the statements that need a syntax-error finding, so the
// split is done here from the scanner's tokens. Parentheses (CREATE RULE ... DO (a; b))
// and BEGIN ATOMIC ... END bodies keep their inner semicolons. On a scanner error (an
// unterminated quote or comment) the chunks before the broken statement are returned and
// `broken` runs from its start to the end of the text.
std::vector<Chunk> splitWithScanner(std::string_view text, std::size_t limit, std::optional<Chunk>& broken,
                                    std::string& brokenMessage, std::size_t& brokenOffset) {
  std::vector<Chunk> chunks;
  auto scan = std::make_unique<SqlScan>(text.substr(0, limit));
  if (scan->error() != nullptr) {
    brokenOffset = scan->errorOffset(0);
    brokenMessage = scan->error()->message != nullptr ? scan->error()->message : "syntax error";
    scan.reset();  // before the prefix is scanned again
    std::optional<Chunk> unused;
    std::string unusedMessage;
    std::size_t unusedOffset = 0;
    std::size_t start = 0;
    if (brokenOffset > 0 && brokenOffset < limit) {
      chunks = splitWithScanner(text, brokenOffset, unused, unusedMessage, unusedOffset);
      // The last chunk of the prefix is the beginning of the broken statement unless the
      // prefix ended right after a ';'.
      if (!unused && !chunks.empty()) {
        std::size_t after = skipTrivia(text, chunks.back().end, brokenOffset);
        if (after < brokenOffset && text[after] == ';') {
          start = after + 1;
        } else {
          start = chunks.back().begin;
          chunks.pop_back();
        }
      }
      if (unused) chunks.clear();
    }
    broken = Chunk{start, text.size()};
    return chunks;
  }
  std::size_t start = 0;
  int parentheses = 0;
  int atomicBodies = 0;
  int caseExpressions = 0;
  bool afterBegin = false;
  for (const PgQuery__ScanToken* token : scan->tokens()) {
    switch (token->token) {
      case PG_QUERY__TOKEN__ASCII_40: ++parentheses; break;
      case PG_QUERY__TOKEN__ASCII_41: parentheses = std::max(0, parentheses - 1); break;
      case PG_QUERY__TOKEN__ATOMIC:
        if (afterBegin) ++atomicBodies;
        break;
      case PG_QUERY__TOKEN__CASE:
        if (atomicBodies > 0) ++caseExpressions;
        break;
      case PG_QUERY__TOKEN__END_P:
        if (caseExpressions > 0) {
          --caseExpressions;
        } else if (atomicBodies > 0) {
          --atomicBodies;
        }
        break;
      case PG_QUERY__TOKEN__ASCII_59:
        if (parentheses == 0 && atomicBodies == 0) {
          auto end = static_cast<std::size_t>(token->start);
          if (skipTrivia(text, start, end) < end) chunks.push_back({start, end});
          start = static_cast<std::size_t>(token->end);
        }
        break;
      default: break;
    }
    afterBegin = token->token == PG_QUERY__TOKEN__BEGIN_P;
  }
  if (skipTrivia(text, start, limit) < limit) chunks.push_back({start, limit});
  return chunks;
}

void splitAndParse(ParsedSql& out, std::string_view text) {
  std::optional<Chunk> broken;
  std::string brokenMessage;
  std::size_t brokenOffset = 0;
  for (const Chunk& chunk : splitWithScanner(text, text.size(), broken, brokenMessage, brokenOffset)) {
    parseChunk(out, text, chunk.begin, chunk.end);
  }
  if (broken) addInvalidStatement(out, text, broken->begin, broken->end, brokenOffset, brokenMessage.c_str());
}

// Comments are scanned only when one might be a directive (linter/suppression.hpp).
bool mayHaveDirectives(std::string_view text) {
  return text.find("sluice:") != std::string_view::npos || text.find("postgres-migrations") != std::string_view::npos;
}

}  // namespace

std::size_t skipTrivia(std::string_view text, std::size_t from, std::size_t to) {
  to = std::min(to, text.size());
  std::size_t i = from;
  while (i < to) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (c == '-' && i + 1 < to && text[i + 1] == '-') {
      while (i < to && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < to && text[i + 1] == '*') {
      int depth = 0;
      while (i < to) {
        if (text[i] == '/' && i + 1 < to && text[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (text[i] == '*' && i + 1 < to && text[i + 1] == '/') {
          --depth;
          i += 2;
          if (depth == 0) break;
        } else {
          ++i;
        }
      }
    } else {
      break;
    }
  }
  return i;
}

Span tokenSpanAt(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return {text.size(), text.size()};
  std::size_t i = offset;
  auto consumeOne = [&]() {
    char c = text[i];
    if (c == '"' || c == '\'') {
      ++i;
      while (i < text.size()) {
        if (text[i] == c) {
          if (i + 1 < text.size() && text[i + 1] == c) {
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        ++i;
      }
    } else if (isIdentifierByte(static_cast<unsigned char>(c))) {
      while (i < text.size() && isIdentifierByte(static_cast<unsigned char>(text[i]))) ++i;
    } else {
      ++i;
    }
  };
  consumeOne();
  // A dotted name (schema.table) is underlined as one.
  while (i + 1 < text.size() && text[i] == '.' &&
         (text[i + 1] == '"' || isIdentifierByte(static_cast<unsigned char>(text[i + 1])))) {
    ++i;
    consumeOne();
  }
  return {offset, i};
}

int nestingBound(std::string_view text) {
  // Every level nestingEstimate() counts opens at a token that holds one of these bytes
  // or is one of these keywords. Counting them anywhere, strings and comments included,
  // can only count more.
  static constexpr std::string_view kLevelBytes = "([%*+-/<=>^~!@#&|`?:";
  static constexpr std::array<std::string_view, 17> kLevelKeywords = {
      "at",     "between", "case", "collate", "except",   "ilike",    "in",      "intersect", "is",
      "isnull", "join",    "like", "notnull", "operator", "overlaps", "similar", "union"};
  auto startsWord = [](unsigned char c) { return std::isalpha(c) != 0 || c == '_' || c >= 0x80; };
  auto inWord = [&](unsigned char c) { return startsWord(c) || std::isdigit(c) != 0 || c == '$'; };
  int count = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!startsWord(c)) {
      if (kLevelBytes.find(static_cast<char>(c)) != std::string_view::npos) ++count;
      ++i;
      continue;
    }
    std::size_t begin = i;
    while (i < text.size() && inWord(static_cast<unsigned char>(text[i]))) ++i;
    if (i - begin > 9) continue;
    char lowered[9];
    for (std::size_t k = begin; k < i; ++k) {
      lowered[k - begin] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[k])));
    }
    std::string_view word(lowered, i - begin);
    if (std::find(kLevelKeywords.begin(), kLevelKeywords.end(), word) != kLevelKeywords.end()) ++count;
  }
  return count;
}

int nestingEstimate(std::string_view text, std::size_t* at) {
  SqlScan scan(text);
  // Per open level: operators chained at that level since the last separator, and
  // relations chained (UNION ..., JOIN ...) since the level opened.
  struct Level {
    int operators = 0;
    int relations = 0;
    bool caseExpression = false;
  };
  std::vector<Level> levels(1);
  int sum = 0;  // sum of the open levels' chains, plus one per level opened
  int deepest = 0;
  auto resetOperators = [&] {
    sum -= levels.back().operators;
    levels.back().operators = 0;
  };
  auto close = [&] {
    if (levels.size() == 1) return;
    sum -= levels.back().operators + levels.back().relations + 1;
    levels.pop_back();
  };
  for (const PgQuery__ScanToken* token : scan.tokens()) {
    switch (token->token) {
      case PG_QUERY__TOKEN__ASCII_40:  // (
      case PG_QUERY__TOKEN__ASCII_91:  // [
      case PG_QUERY__TOKEN__CASE:
        levels.push_back({0, 0, token->token == PG_QUERY__TOKEN__CASE});
        ++sum;
        break;
      case PG_QUERY__TOKEN__ASCII_41:  // )
      case PG_QUERY__TOKEN__ASCII_93:  // ]
        close();
        break;
      case PG_QUERY__TOKEN__END_P:
        if (levels.back().caseExpression) close();
        break;
      case PG_QUERY__TOKEN__ASCII_59:  // ;
        if (levels.size() == 1) {
          levels.back() = Level();
          sum = 0;
        }
        break;
      // Lists and AND/OR (which PostgreSQL flattens) do not nest.
      case PG_QUERY__TOKEN__ASCII_44:  // ,
      case PG_QUERY__TOKEN__AND:
      case PG_QUERY__TOKEN__OR:
      case PG_QUERY__TOKEN__WHEN:
      case PG_QUERY__TOKEN__THEN:
      case PG_QUERY__TOKEN__ELSE: resetOperators(); break;
      case PG_QUERY__TOKEN__UNION:
      case PG_QUERY__TOKEN__INTERSECT:
      case PG_QUERY__TOKEN__EXCEPT:
      case PG_QUERY__TOKEN__JOIN:
        ++levels.back().relations;
        ++sum;
        break;
      case PG_QUERY__TOKEN__ASCII_37:  // %
      case PG_QUERY__TOKEN__ASCII_42:  // *
      case PG_QUERY__TOKEN__ASCII_43:  // +
      case PG_QUERY__TOKEN__ASCII_45:  // -
      case PG_QUERY__TOKEN__ASCII_47:  // /
      case PG_QUERY__TOKEN__ASCII_60:  // <
      case PG_QUERY__TOKEN__ASCII_61:  // =
      case PG_QUERY__TOKEN__ASCII_62:  // >
      case PG_QUERY__TOKEN__ASCII_94:  // ^
      case PG_QUERY__TOKEN__Op:
      case PG_QUERY__TOKEN__LESS_EQUALS:
      case PG_QUERY__TOKEN__GREATER_EQUALS:
      case PG_QUERY__TOKEN__NOT_EQUALS:
      case PG_QUERY__TOKEN__TYPECAST:
      case PG_QUERY__TOKEN__COLLATE:
      case PG_QUERY__TOKEN__AT:
      case PG_QUERY__TOKEN__LIKE:
      case PG_QUERY__TOKEN__ILIKE:
      case PG_QUERY__TOKEN__SIMILAR:
      case PG_QUERY__TOKEN__IS:
      case PG_QUERY__TOKEN__ISNULL:
      case PG_QUERY__TOKEN__NOTNULL:
      case PG_QUERY__TOKEN__BETWEEN:
      case PG_QUERY__TOKEN__IN_P:
      case PG_QUERY__TOKEN__OPERATOR:
      case PG_QUERY__TOKEN__OVERLAPS:
        ++levels.back().operators;
        ++sum;
        break;
      default: break;
    }
    if (sum > deepest) {
      deepest = sum;
      if (at != nullptr) *at = static_cast<std::size_t>(token->start);
    }
  }
  return deepest;
}

std::optional<SyntaxError> firstTooDeep(std::string_view text) {
  if (!mayBeTooDeep(text.size())) return std::nullopt;
  ParsedSql parsed = parseSql(text);
  for (const Statement& statement : parsed.statements) {
    if (statement.error && statement.error->nesting > 0) return statement.error;
    if (!statement.deferred) continue;
    for (const Statement& one : parseDeferred(text, statement).statements) {
      if (one.error && one.error->nesting > 0) return one.error;
    }
  }
  return std::nullopt;
}

std::vector<Comment> scanComments(std::string_view text) {
  std::vector<Comment> comments;
  auto collect = [&](const SqlScan& scan) {
    for (const PgQuery__ScanToken* token : scan.tokens()) {
      if (!SqlScan::isComment(*token)) continue;
      std::string_view comment = scan.textOf(*token);
      auto begin = static_cast<std::size_t>(comment.data() - scan.text().data());
      comments.push_back({{begin, begin + comment.size()}, text.substr(begin, comment.size())});
    }
  };
  SqlScan scan(text);
  if (scan.error() == nullptr) {
    collect(scan);
  } else if (std::size_t limit = scan.errorOffset(0); limit > 0) {
    // Comments before the scanner's error are still real comments.
    collect(SqlScan(text.substr(0, limit)));
  }
  return comments;
}

void parseFragment(ParsedSql& out, std::string_view fragment, std::size_t fileBase, std::string_view fileText,
                   std::vector<Statement>* into) {
  std::vector<Statement>& target = into != nullptr ? *into : out.statements;
  std::size_t added = target.size();
  if (mayNestTooDeep(fragment)) {
    std::size_t at = 0;
    if (int estimate = nestingEstimate(fragment, &at); estimate > kMaxNesting) {
      Statement statement;
      statement.span = {fileBase, fileBase + fragment.size()};
      statement.error = tooDeep(fileBase + at, estimate);
      target.push_back(std::move(statement));
      return;
    }
  }
  std::string buffer(fragment);
  RawParse result(buffer.c_str(), out.arena().allocator());
  auto spanOf = [&](std::size_t begin, std::size_t end) {
    end = std::min(end, fragment.size());
    std::size_t first = skipTrivia(fragment, begin, end);
    std::size_t last = trimTrailingSpace(fragment, begin, end);
    if (first >= last) return Span{fileBase + begin, fileBase + end};
    return Span{fileBase + first, fileBase + last};
  };
  if (result.error() != nullptr) {
    Statement statement;
    statement.span = spanOf(0, fragment.size());
    SyntaxError error;
    error.offset = std::min(errorOffset(result.error(), fileBase, fileBase), fileText.size());
    error.message = result.error()->message != nullptr ? result.error()->message : "syntax error";
    std::size_t relative = error.offset >= statement.span.begin ? error.offset - statement.span.begin : 0;
    if (auto newer = newerSyntax(fragment.substr(statement.span.begin - fileBase), relative, error.message)) {
      error.hint = std::move(newer->hint);
      error.acceptedSince = newer->version;
    }
    statement.error = std::move(error);
    target.push_back(std::move(statement));
  } else if (PgQuery__ParseResult* tree = result.tree(); tree != nullptr) {
    for (size_t i = 0; i < tree->n_stmts; ++i) {
      const PgQuery__RawStmt* raw = tree->stmts[i];
      auto location = static_cast<std::size_t>(std::max(raw->stmt_location, 0));
      std::size_t length = raw->stmt_len > 0 ? static_cast<std::size_t>(raw->stmt_len)
                                             : fragment.size() - std::min(location, fragment.size());
      Statement statement;
      statement.span = spanOf(location, location + length);
      statement.node = raw->stmt;
      statement.locationBase = fileBase;
      target.push_back(statement);
    }
  }
  dropTooDeepTrees(target, added, fragment.size());
}

ParsedSql parseDeferred(std::string_view text, const Statement& deferred) {
  ParsedSql out;
  runOnLargeStack([&] { parseChunk(out, text, deferred.span.begin, deferred.span.end); });
  return out;
}

namespace {

ParsedSql parseOnThisStack(std::string_view text, const ParseOptions& options) {
  ParsedSql out;
  if (text.size() > options.deferAbove) {
    std::optional<Chunk> broken;
    std::string brokenMessage;
    std::size_t brokenOffset = 0;
    for (const Chunk& chunk : splitWithScanner(text, text.size(), broken, brokenMessage, brokenOffset)) {
      Statement statement;
      statement.span = {skipTrivia(text, chunk.begin, chunk.end), trimTrailingSpace(text, chunk.begin, chunk.end)};
      statement.deferred = true;
      out.statements.push_back(statement);
    }
    if (broken) addInvalidStatement(out, text, broken->begin, broken->end, brokenOffset, brokenMessage.c_str());
    if (options.alwaysScanComments || mayHaveDirectives(text)) {
      out.comments = scanComments(text);
      out.commentsScanned = true;
    }
    return out;
  }
  // A file with a statement too deep for libpg_query goes the statement-by-statement
  // way, where that statement is recorded as too deep and the others are parsed.
  bool parsedWhole = false;
  if (!mayNestTooDeep(text) || nestingEstimate(text) <= kMaxNesting) {
    std::string buffer(text);
    RawParse result(buffer.c_str(), out.arena().allocator());
    if (result.error() == nullptr) {
      if (PgQuery__ParseResult* tree = result.tree(); tree != nullptr) {
        addParsedStatements(out, tree, text, 0, text.size());
      }
      parsedWhole = true;
    }
  }
  if (parsedWhole) {
    dropTooDeepTrees(out.statements, 0, text.size());
  } else {
    splitAndParse(out, text);
  }
  if (options.alwaysScanComments || mayHaveDirectives(text)) {
    out.comments = scanComments(text);
    out.commentsScanned = true;
  }
  if (options.parseBodies) addBodyStatements(out, text);
  return out;
}

}  // namespace

ParsedSql parseSql(std::string_view text, const ParseOptions& options) {
  // libpg_query and protobuf-c recurse once per level of nesting, and so do the walkers
  // over the tree: parsing runs on a large stack (common/large_stack.hpp).
  ParsedSql out;
  runOnLargeStack([&] { out = parseOnThisStack(text, options); });
  return out;
}

}  // namespace sluice
