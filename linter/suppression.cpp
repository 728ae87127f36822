#include "linter/suppression.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace sluice {
namespace {

// The body of a comment without its markers.
std::string_view commentBody(std::string_view text, std::size_t& bodyOffset) {
  bodyOffset = 0;
  if (text.starts_with("--")) {
    bodyOffset = 2;
    return text.substr(2);
  }
  if (text.starts_with("/*")) {
    bodyOffset = 2;
    std::string_view body = text.substr(2);
    if (body.ends_with("*/")) body.remove_suffix(2);
    return body;
  }
  return text;
}

std::optional<std::size_t> statementFor(const ParsedSql& parsed, Span comment) {
  for (std::size_t i = 0; i < parsed.statements.size(); ++i) {
    const Statement& statement = parsed.statements[i];
    if (statement.depth != 0) continue;
    // A directive inside a statement applies to it; otherwise to the next one.
    if (statement.span.begin <= comment.begin && comment.begin < statement.span.end) {
      // Inside a DO block or function body: to the nested statement it precedes.
      for (std::size_t j = i + 1; j < parsed.statements.size() && parsed.statements[j].depth > 0; ++j) {
        const Statement& inner = parsed.statements[j];
        if (inner.span.begin <= comment.begin && comment.begin < inner.span.end) return j;
        if (inner.span.begin >= comment.end) return j;
      }
      return i;
    }
    if (statement.span.begin >= comment.end) return i;
  }
  return std::nullopt;
}

// Whether a comment is the postgres-migrations runner's header that turns off its
// transaction (it means what `-- sluice:no-transaction` means).
bool isForeignNoTransaction(std::string_view body) {
  std::size_t leading = body.find_first_not_of(" \t\r\n");
  if (leading == std::string_view::npos) return false;
  std::string_view text = body.substr(leading);
  if (!text.starts_with("postgres-migrations")) return false;
  return text.find("disable-transaction") != std::string_view::npos;
}

}  // namespace

Directives readDirectives(const ParsedSql& parsed) {
  Directives directives;
  for (const Comment& comment : parsed.comments) {
    std::size_t bodyOffset = 0;
    std::string_view body = commentBody(comment.text, bodyOffset);
    if (isForeignNoTransaction(body)) {
      directives.noTransaction = true;
      continue;
    }
    std::size_t leading = body.find_first_not_of(" \t\r\n");
    if (leading == std::string_view::npos) continue;
    std::string_view directive = body.substr(leading);
    if (!directive.starts_with("sluice:")) continue;
    std::size_t nameEnd = directive.find_first_of(" \t\r\n");
    std::string_view name = directive.substr(0, nameEnd);
    std::size_t argsStart = nameEnd == std::string_view::npos ? directive.size() : nameEnd;
    std::string_view args = directive.substr(argsStart);
    std::size_t argsOffset = comment.span.begin + bodyOffset + leading + argsStart;

    if (name == "sluice:no-transaction") {
      directives.noTransaction = true;
      continue;
    }
    if (name != "sluice:ignore" && name != "sluice:ignore-file") {
      directives.malformed.emplace_back(comment.span, "unknown directive `" + std::string(name) +
                                                          "`; known: sluice:ignore, sluice:ignore-file, "
                                                          "sluice:no-transaction");
      continue;
    }
    Suppression suppression;
    suppression.wholeFile = name == "sluice:ignore-file";
    suppression.comment = comment.span;
    // Rule names separated by commas and/or spaces; anything after "--" is a reason.
    std::size_t reason = args.find("--");
    if (reason != std::string_view::npos) args = args.substr(0, reason);
    std::size_t i = 0;
    while (i < args.size()) {
      while (i < args.size() && (args[i] == ',' || std::isspace(static_cast<unsigned char>(args[i])) != 0)) ++i;
      std::size_t start = i;
      while (i < args.size() && args[i] != ',' && std::isspace(static_cast<unsigned char>(args[i])) == 0) ++i;
      if (i > start) {
        suppression.rules.emplace_back(args.substr(start, i - start));
        suppression.ruleSpans.push_back({argsOffset + start, argsOffset + i});
      }
    }
    if (suppression.rules.empty()) {
      directives.malformed.emplace_back(
          comment.span, "`" + std::string(name) + "` names no rule; write `-- " + std::string(name) + " rule-name`");
      continue;
    }
    suppression.used.assign(suppression.rules.size(), false);
    if (!suppression.wholeFile) {
      suppression.statement = statementFor(parsed, comment.span);
      if (!suppression.statement) {
        directives.malformed.emplace_back(comment.span, "`sluice:ignore` is not followed by a statement");
        continue;
      }
    }
    directives.suppressions.push_back(std::move(suppression));
  }
  return directives;
}

void applySuppressions(Directives& directives, std::vector<Finding>& findings, const ParsedSql* parsed) {
  auto parentOf = [&](const std::optional<std::size_t>& statement) -> std::optional<std::size_t> {
    if (!statement || parsed == nullptr || *statement >= parsed->statements.size()) return std::nullopt;
    const Statement& s = parsed->statements[*statement];
    if (s.depth == 0) return std::nullopt;
    return s.parent;
  };
  std::erase_if(findings, [&](const Finding& finding) {
    bool suppressed = false;
    std::optional<std::size_t> parent = parentOf(finding.statement);
    for (Suppression& suppression : directives.suppressions) {
      if (!suppression.wholeFile && finding.statement != suppression.statement &&
          !(parent && parent == suppression.statement)) {
        continue;
      }
      for (std::size_t r = 0; r < suppression.rules.size(); ++r) {
        if (suppression.rules[r] == finding.rule->name || suppression.rules[r] == finding.rule->code) {
          suppression.used[r] = true;
          suppressed = true;
        }
      }
    }
    return suppressed;
  });
}

}  // namespace sluice
