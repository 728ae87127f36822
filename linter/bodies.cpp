#include "linter/bodies.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <pg_query.h>
#include <set>

#include "common/text.hpp"
#include "linter/body_errors.hpp"
#include "linter/sql_scan.hpp"

namespace sluice {
namespace {

// Bodies inside bodies (a DO block that creates a function) are followed this deep.
constexpr int kMaxDepth = 3;

// A string constant's content and where each of its bytes sits in the file.
struct BodyText {
  std::string decoded;
  std::size_t fileOffset = 0;    // file offset of decoded[0] when `map` is empty
  std::vector<std::size_t> map;  // file offset of each decoded byte ('...' with doubled quotes)

  [[nodiscard]] std::size_t at(std::size_t i) const {
    if (map.empty()) return fileOffset + i;
    if (i < map.size()) return map[i];
    return map.empty() ? fileOffset : map.back() + 1;
  }
  // Whether decoded [begin, end) is the same bytes as a contiguous range of the file.
  [[nodiscard]] bool contiguous(std::size_t begin, std::size_t end) const {
    if (map.empty() || end <= begin) return true;
    return map[end - 1] - map[begin] == end - 1 - begin;
  }
};

// Decodes a string constant token ($tag$...$tag$ or '...'); nullopt with `why` when
// its bytes cannot be mapped back (E'...' escapes, strings continued across lines).
std::optional<BodyText> decodeString(std::string_view token, std::size_t fileOffset, std::string& why) {
  BodyText body;
  if (token.size() >= 2 && token.front() == '$') {
    std::size_t tagEnd = token.find('$', 1);
    if (tagEnd == std::string_view::npos || token.size() < 2 * (tagEnd + 1)) {
      why = "a malformed dollar-quoted string";
      return std::nullopt;
    }
    std::size_t tag = tagEnd + 1;
    body.decoded = std::string(token.substr(tag, token.size() - 2 * tag));
    body.fileOffset = fileOffset + tag;
    return body;
  }
  if (token.size() >= 2 && token.front() == '\'' && token.back() == '\'') {
    bool doubled = false;
    for (std::size_t i = 1; i + 1 < token.size(); ++i) {
      if (token[i] == '\'') {
        if (i + 2 < token.size() && token[i + 1] == '\'') {
          doubled = true;
          body.decoded.push_back('\'');
          body.map.push_back(fileOffset + i);
          ++i;
          continue;
        }
        why = "a string continued across lines";
        return std::nullopt;
      }
      body.decoded.push_back(token[i]);
      body.map.push_back(fileOffset + i);
    }
    if (!doubled) {
      body.map.clear();
      body.fileOffset = fileOffset + 1;
    }
    return body;
  }
  why = "an escaped (E'...') or Unicode string";
  return std::nullopt;
}

struct Token {
  int kind = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<Token> scanTokens(const std::string& text) {
  std::vector<Token> tokens;
  SqlScan scan(text);
  for (const PgQuery__ScanToken* token : scan.tokens()) {
    if (SqlScan::isComment(*token)) continue;
    tokens.push_back({token->token, static_cast<std::size_t>(token->start), static_cast<std::size_t>(token->end)});
  }
  return tokens;
}

std::string defElemString(ast::Node* const* items, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (items[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
    const PgQuery__DefElem* def = items[i]->def_elem;
    if (def->defname != name || def->arg == nullptr) continue;
    if (def->arg->node_case == PG_QUERY__NODE__NODE_STRING) return toLower(ast::stringValue(def->arg));
    if (def->arg->node_case == PG_QUERY__NODE__NODE_LIST && def->arg->list->n_items > 0) {
      return toLower(ast::stringValue(def->arg->list->items[0]));
    }
  }
  return {};
}

bool hasDefElem(ast::Node* const* items, size_t count, std::string_view name) {
  for (size_t i = 0; i < count; ++i) {
    if (items[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && items[i]->def_elem->defname == name) return true;
  }
  return false;
}

// One SQL statement (or transaction command) PL/pgSQL found in a body.
struct BodyItem {
  enum class Kind { Sql, DynamicExecute, Commit, Rollback };
  Kind kind = Kind::Sql;
  std::string query;
  int line = 1;  // 1-based, relative to the body
};

void collectItems(const nlohmann::json& node, std::vector<BodyItem>& out) {
  if (node.is_array()) {
    for (const auto& item : node) collectItems(item, out);
    return;
  }
  if (!node.is_object()) return;
  auto lineOf = [](const nlohmann::json& stmt) {
    auto it = stmt.find("lineno");
    return it != stmt.end() && it->is_number_integer() ? it->get<int>() : 1;
  };
  auto queryOf = [](const nlohmann::json& expr) -> std::string {
    if (!expr.is_object()) return {};
    auto inner = expr.find("PLpgSQL_expr");
    if (inner == expr.end() || !inner->is_object()) return {};
    auto query = inner->find("query");
    return query != inner->end() && query->is_string() ? query->get<std::string>() : std::string();
  };
  for (const auto& [key, value] : node.items()) {
    if (key == "datums") continue;  // variables, not statements
    if (key == "PLpgSQL_stmt_execsql" && value.is_object()) {
      out.push_back({BodyItem::Kind::Sql, queryOf(value.value("sqlstmt", nlohmann::json())), lineOf(value)});
    } else if (key == "PLpgSQL_stmt_dynexecute" && value.is_object()) {
      out.push_back({BodyItem::Kind::DynamicExecute, queryOf(value.value("query", nlohmann::json())), lineOf(value)});
    } else if (key == "PLpgSQL_stmt_commit" && value.is_object()) {
      out.push_back({BodyItem::Kind::Commit, "commit", lineOf(value)});
    } else if (key == "PLpgSQL_stmt_rollback" && value.is_object()) {
      out.push_back({BodyItem::Kind::Rollback, "rollback", lineOf(value)});
    } else {
      collectItems(value, out);
    }
  }
}

std::vector<std::size_t> lineStarts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  return starts;
}

// PL/pgSQL keeps a statement's text as written, except that an INTO clause is replaced
// by as many spaces: a blank in `query` matches any byte.
bool matchesAt(std::string_view body, std::size_t at, std::string_view query) {
  if (at + query.size() > body.size()) return false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    if (query[i] != ' ' && query[i] != body[at + i]) return false;
  }
  return true;
}

bool isWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

std::optional<std::size_t> findQuery(std::string_view body, std::size_t from, std::string_view query,
                                     const std::set<std::size_t>& used) {
  if (query.empty()) return std::nullopt;
  for (std::size_t at = from; at + query.size() <= body.size(); ++at) {
    if (body[at] != query[0] || used.contains(at)) continue;
    if (matchesAt(body, at, query)) return at;
  }
  return std::nullopt;
}

std::optional<std::size_t> findKeyword(std::string_view body, std::size_t from, std::string_view keyword,
                                       const std::set<std::size_t>& used) {
  for (std::size_t at = from; at + keyword.size() <= body.size(); ++at) {
    if (used.contains(at)) continue;
    if (at > 0 && isWordByte(body[at - 1])) continue;
    if (!iequals(body.substr(at, keyword.size()), keyword)) continue;
    if (at + keyword.size() < body.size() && isWordByte(body[at + keyword.size()])) continue;
    return at;
  }
  return std::nullopt;
}

class BodyExpander {
 public:
  BodyExpander(ParsedSql& parsed, std::string_view text) : parsed_(parsed), text_(text) {}

  void run() {
    std::vector<Statement> original = std::move(parsed_.statements);
    parsed_.statements.clear();
    result_.reserve(original.size());
    for (Statement& statement : original) {
      result_.push_back(std::move(statement));
      std::size_t index = result_.size() - 1;
      if (result_[index].depth == 0 && !result_[index].deferred) {
        followCheckFunctionBodies(result_[index].node);
        expand(index, index, 1, BodyKind::None);
      }
    }
    parsed_.statements = std::move(result_);
    if (!newComments_.empty()) {
      for (Comment& comment : newComments_) parsed_.comments.push_back(comment);
      std::sort(parsed_.comments.begin(), parsed_.comments.end(),
                [](const Comment& a, const Comment& b) { return a.span.begin < b.span.begin; });
    }
    std::sort(parsed_.opaque.begin(), parsed_.opaque.end(),
              [](const OpaqueSql& a, const OpaqueSql& b) { return a.span.begin < b.span.begin; });
  }

 private:
  // SET check_function_bodies = off (as pg_dump writes it) makes CREATE FUNCTION store a
  // body without compiling it: a body that does not compile no longer fails the
  // migration. RESET, SET ... DEFAULT and = on turn the check back on.
  void followCheckFunctionBodies(const ast::Node* node) {
    if (node == nullptr || node->node_case != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT) return;
    const PgQuery__VariableSetStmt* set = node->variable_set_stmt;
    if (set->name == nullptr || toLower(set->name) != "check_function_bodies") return;
    if (set->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE || set->n_args != 1 ||
        set->args[0]->node_case != PG_QUERY__NODE__NODE_A_CONST) {
      checkFunctionBodies_ = true;
      return;
    }
    const PgQuery__AConst* value = set->args[0]->a_const;
    if (value->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
      checkFunctionBodies_ = value->ival->ival != 0;
    } else if (value->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
      std::string word = toLower(value->sval->sval);
      checkFunctionBodies_ = word != "off" && word != "false" && word != "no" && word != "0";
    }
  }

  // Expands the body of result_[index], if it has one; `top` is its top-level statement.
  void expand(std::size_t index, std::size_t top, int depth, BodyKind enclosing) {
    const ast::Node* node = result_[index].node;
    if (node == nullptr || depth > kMaxDepth) return;
    BodyKind kind = BodyKind::None;
    std::string language;
    if (node->node_case == PG_QUERY__NODE__NODE_DO_STMT) {
      kind = BodyKind::DoBlock;
      language = defElemString(node->do_stmt->args, node->do_stmt->n_args, "language");
      if (language.empty()) language = "plpgsql";
    } else if (node->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT) {
      const auto* create = node->create_function_stmt;
      if (create->sql_body != nullptr || !hasDefElem(create->options, create->n_options, "as")) return;
      kind = BodyKind::Function;
      language = defElemString(create->options, create->n_options, "language");
    } else {
      return;
    }
    // Code of a function runs when it is called, even a DO block inside it.
    BodyKind effective = enclosing == BodyKind::Function ? BodyKind::Function : kind;
    bool runsNow = effective == BodyKind::DoBlock;
    Span span = result_[index].span;
    if (language != "plpgsql" && language != "sql") {
      if (runsNow) addOpaque(span, top, "a DO block in language " + language);
      return;
    }

    std::string statementText(text_.substr(span.begin, span.size()));
    std::vector<Token> tokens = scanTokens(statementText);
    const Token* bodyToken = nullptr;
    for (std::size_t i = 0; i < tokens.size() && bodyToken == nullptr; ++i) {
      if (tokens[i].kind != PG_QUERY__TOKEN__SCONST) continue;
      int previous = i > 0 ? tokens[i - 1].kind : 0;
      if (kind == BodyKind::DoBlock ? previous != PG_QUERY__TOKEN__LANGUAGE : previous == PG_QUERY__TOKEN__AS) {
        bodyToken = &tokens[i];
      }
    }
    if (bodyToken == nullptr) {
      if (runsNow) addOpaque(span, top, "a DO block whose body was not found");
      return;
    }
    std::string why;
    auto body =
        decodeString(std::string_view(statementText).substr(bodyToken->begin, bodyToken->end - bodyToken->begin),
                     span.begin + bodyToken->begin, why);
    Span bodySpan{span.begin + bodyToken->begin, span.begin + bodyToken->end};
    if (!body) {
      if (runsNow) addOpaque(bodySpan, top, "a DO block quoted as " + why);
      return;
    }
    addBodyComments(*body);

    std::vector<Statement> children;
    if (language == "sql") {
      if (body->map.empty()) parseFragment(parsed_, body->decoded, body->fileOffset, text_, &children);
    } else {
      plpgsqlChildren(statementText, *body, bodySpan, top, kind == BodyKind::DoBlock, runsNow, children);
    }
    if (effective == BodyKind::Function && !checkFunctionBodies_) {
      // Not compiled now: a syntax error in the body fails a later call, not the migration.
      std::erase_if(children, [](const Statement& child) { return child.error && child.error->nesting == 0; });
    }
    std::sort(children.begin(), children.end(),
              [](const Statement& a, const Statement& b) { return a.span.begin < b.span.begin; });
    for (Statement& child : children) {
      child.depth = depth;
      child.body = effective;
      child.parent = top;
      result_.push_back(std::move(child));
      expand(result_.size() - 1, top, depth + 1, effective);
    }
  }

  void plpgsqlChildren(const std::string& statementText, const BodyText& body, Span bodySpan, std::size_t top,
                       bool doBlock, bool runsNow, std::vector<Statement>& children) {
    // A body nested deeper than sluice analyses: PL/pgSQL's compiler fails on it or keeps
    // it as an expression sluice does not read, and PostgreSQL would exceed its stack at
    // run time. Reported as too deep, as at top level, so the runner refuses the file.
    if (body.decoded.size() > static_cast<std::size_t>(kMaxNesting) && nestingBound(body.decoded) > kMaxNesting &&
        nestingEstimate(body.decoded) > kMaxNesting) {
      parseFragment(parsed_, body.decoded, body.at(0), text_, &children);
      return;
    }
    PgQueryPlpgsqlParseResult result = pg_query_parse_plpgsql(statementText.c_str());
    if (result.error != nullptr) {
      std::string message = result.error->message != nullptr ? result.error->message : "syntax error";
      std::string context = result.error->context != nullptr ? result.error->context : "";
      pg_query_free_plpgsql_parse_result(result);
      if (runsNow) addOpaque(bodySpan, top, "a DO block whose PL/pgSQL does not compile (" + message + ")");
      if (auto failed = plpgsqlSyntaxError(body.decoded, message, context, doBlock)) {
        // The CREATE FUNCTION or DO fails now: an invalid statement at the failing token.
        Span at = failingToken(body.decoded, *failed);
        Statement statement;
        statement.span = {body.at(at.begin), body.at(at.end)};
        statement.error = std::move(failed->error);
        statement.error->offset = statement.span.begin;
        children.push_back(std::move(statement));
      }
      return;
    }
    std::vector<BodyItem> items;
    if (result.plpgsql_funcs != nullptr) {
      auto json = nlohmann::json::parse(result.plpgsql_funcs, nullptr, false);
      if (!json.is_discarded()) collectItems(json, items);
    }
    pg_query_free_plpgsql_parse_result(result);

    std::vector<std::size_t> starts = lineStarts(body.decoded);
    std::set<std::size_t> used;
    for (const BodyItem& item : items) {
      std::size_t from = item.line >= 1 && static_cast<std::size_t>(item.line) <= starts.size()
                             ? starts[static_cast<std::size_t>(item.line) - 1]
                             : 0;
      std::optional<std::size_t> at;
      std::string_view query = item.query;
      while (!query.empty() && query.back() == ' ') query.remove_suffix(1);
      if (item.kind == BodyItem::Kind::Commit || item.kind == BodyItem::Kind::Rollback) {
        at = findKeyword(body.decoded, from, item.query, used);
        if (at) {
          // COMMIT [AND [NO] CHAIN]: up to the ';' that ends it.
          std::size_t end = body.decoded.find(';', *at);
          if (end == std::string::npos) end = *at + item.query.size();
          query = std::string_view(body.decoded).substr(*at, end - *at);
        }
      } else {
        at = findQuery(body.decoded, from, query, used);
        if (!at && from > 0) at = findQuery(body.decoded, 0, query, used);
      }
      if (!at) {
        if (runsNow && item.kind != BodyItem::Kind::Sql) addOpaque(bodySpan, top, "a statement that was not found");
        continue;
      }
      used.insert(*at);
      Span itemSpan{body.at(*at), body.at(*at + query.size())};
      if (item.kind == BodyItem::Kind::DynamicExecute) {
        dynamicChildren(body, *at, query, itemSpan, top, runsNow, children);
        continue;
      }
      if (!body.contiguous(*at, *at + query.size())) {
        if (runsNow) addOpaque(itemSpan, top, "a statement with doubled quotes inside a '...'-quoted body");
        continue;
      }
      parseFragment(parsed_, query, body.at(*at), text_, &children);
    }
  }

  // The token a compiler error names, from the line it names (else anywhere in the
  // body); that line's start when the token is not found.
  static Span failingToken(std::string_view body, const BodySyntaxError& failed) {
    if (failed.atEnd) return {body.size(), body.size()};
    std::vector<std::size_t> starts = lineStarts(body);
    std::size_t from = starts[std::min(failed.line, starts.size()) - 1];
    if (failed.token.empty()) return {from, from};
    auto find = [&](std::size_t start) -> std::optional<std::size_t> {
      if (isWordByte(failed.token.front())) return findKeyword(body, start, failed.token, {});
      std::size_t at = body.find(failed.token, start);
      return at == std::string_view::npos ? std::nullopt : std::optional<std::size_t>(at);
    };
    std::optional<std::size_t> at = find(from);
    if (!at) at = find(0);
    return at ? Span{*at, *at + failed.token.size()} : Span{from, from};
  }

  // EXECUTE 'constant SQL' is static SQL in disguise; anything computed is opaque.
  void dynamicChildren(const BodyText& body, std::size_t at, std::string_view expression, Span span, std::size_t top,
                       bool runsNow, std::vector<Statement>& children) {
    std::string why;
    std::optional<BodyText> literal;
    std::string copy(expression);
    std::vector<Token> tokens = scanTokens(copy);
    if (tokens.size() == 1 && tokens[0].kind == PG_QUERY__TOKEN__SCONST && tokens[0].begin == 0 &&
        tokens[0].end == expression.size() && body.contiguous(at, at + expression.size())) {
      literal = decodeString(expression, body.at(at), why);
    }
    if (!literal || !literal->map.empty()) {
      if (runsNow) addOpaque(span, top, "EXECUTE of a computed string");
      return;
    }
    auto first = static_cast<std::ptrdiff_t>(children.size());
    parseFragment(parsed_, literal->decoded, literal->fileOffset, text_, &children);
    // PostgreSQL parses an EXECUTE's string when it runs: in a function, at a later call,
    // so a syntax error there does not fail the migration.
    if (!runsNow) {
      children.erase(std::remove_if(children.begin() + first, children.end(),
                                    [](const Statement& child) { return child.error && child.error->nesting == 0; }),
                     children.end());
    }
  }

  void addBodyComments(const BodyText& body) {
    if (!parsed_.commentsScanned || !body.map.empty()) return;
    for (const Comment& comment : scanComments(body.decoded)) {
      Span span{body.at(comment.span.begin), body.at(comment.span.end)};
      newComments_.push_back({span, text_.substr(span.begin, span.size())});
    }
  }

  void addOpaque(Span span, std::size_t top, std::string reason) {
    parsed_.opaque.push_back({span, top, std::move(reason)});
  }

  ParsedSql& parsed_;
  std::string_view text_;
  std::vector<Statement> result_;
  std::vector<Comment> newComments_;
  bool checkFunctionBodies_ = true;  // PostgreSQL's default
};

bool mayHaveBodies(const ParsedSql& parsed) {
  return std::any_of(parsed.statements.begin(), parsed.statements.end(), [](const Statement& statement) {
    return statement.node != nullptr && (statement.node->node_case == PG_QUERY__NODE__NODE_DO_STMT ||
                                         statement.node->node_case == PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT);
  });
}

}  // namespace

void addBodyStatements(ParsedSql& parsed, std::string_view text) {
  if (!mayHaveBodies(parsed)) return;
  BodyExpander(parsed, text).run();
}

}  // namespace sluice

#if defined(__SANITIZE_ADDRESS__)
// libpg_query 15-4.0.0: when a body does not compile, pg_query_parse_plpgsql returns
// without freeing the stderr buffer pg_query_raw_parse strdup()ed for it (one byte).
// The pointer never reaches the caller, so only the library could free it.
extern "C" const char* __lsan_default_suppressions() { return "leak:pg_query_raw_parse\n"; }
#endif
