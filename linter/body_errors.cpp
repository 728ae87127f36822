#include "linter/body_errors.hpp"

#include <cctype>

#include "linter/newer_syntax.hpp"

namespace sluice {
namespace {

// The line number in "compilation of PL/pgSQL function "f" near line 6".
std::size_t nearLine(std::string_view context) {
  constexpr std::string_view kNear = "near line ";
  std::size_t at = context.rfind(kNear);
  if (at == std::string_view::npos) return 1;
  std::size_t line = 0;
  for (std::size_t i = at + kNear.size(); i < context.size() && std::isdigit(static_cast<unsigned char>(context[i]));
       ++i)
    line = line * 10 + static_cast<std::size_t>(context[i] - '0');
  return line == 0 ? 1 : line;
}

}  // namespace

std::optional<BodySyntaxError> plpgsqlSyntaxError(std::string_view body, std::string_view message,
                                                  std::string_view context, bool doBlock) {
  if (!message.starts_with("syntax error") && !message.starts_with("unterminated")) return std::nullopt;
  BodySyntaxError out;
  out.line = nearLine(context);
  constexpr std::string_view kNear = "at or near \"";
  if (std::size_t quote = message.find(kNear); quote != std::string_view::npos) {
    std::string_view token = message.substr(quote + kNear.size());
    if (std::size_t close = token.rfind('"'); close != std::string_view::npos) out.token = token.substr(0, close);
  } else {
    out.atEnd = message.ends_with("at end of input");
  }
  out.error.message = "the PL/pgSQL body does not compile: " + std::string(message);
  out.error.hint = doBlock ? "PostgreSQL compiles a DO block before it runs it and rejects this one, so the migration "
                             "fails; fix the block"
                           : "PostgreSQL compiles a PL/pgSQL body when CREATE FUNCTION runs (check_function_bodies "
                             "is on by default) and rejects this one, so the migration fails; fix the body";
  // Syntax of a newer PostgreSQL in the body's SQL (MERGE ... RETURNING, JSON_TABLE...).
  if (auto newer = newerSyntax(body, 0, message)) {
    out.error.hint = std::move(newer->hint);
    out.error.acceptedSince = newer->version;
  }
  return out;
}

}  // namespace sluice
