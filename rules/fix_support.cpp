#include "rules/fix_support.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "rules/rule_support.hpp"
#include "rules/statement_tokens.hpp"

namespace sluice::rules {
namespace {

bool containsIgnoringCase(std::string_view text, std::string_view word) {
  return !word.empty() && toLower(text).find(toLower(word)) != std::string::npos;
}

}  // namespace

std::string_view statementText(const StatementContext& context) { return context.text(context.span()); }

Span statementLineSpan(const StatementContext& context) {
  std::string_view text = context.source().text();
  Span span = context.span();
  std::size_t end = span.end;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  if (end < text.size() && text[end] == ';') ++end;
  std::size_t lineEnd = end;
  while (lineEnd < text.size() && (text[lineEnd] == ' ' || text[lineEnd] == '\t' || text[lineEnd] == '\r')) ++lineEnd;
  if (lineEnd < text.size() && text[lineEnd] == '\n') end = lineEnd + 1;
  return {span.begin, end};
}

bool fileHasOtherStatements(const StatementContext& context) {
  const auto& statements = context.parsed().statements;
  return std::any_of(statements.begin(), statements.end(), [&](const Statement& statement) {
    return statement.depth == 0 && statement.span.begin != context.span().begin;
  });
}

bool laterStatementMentions(const StatementContext& context, std::string_view word) {
  const auto& statements = context.parsed().statements;
  return std::any_of(statements.begin(), statements.end(), [&](const Statement& statement) {
    return statement.span.begin > context.span().begin && containsIgnoringCase(context.text(statement.span), word);
  });
}

std::shared_ptr<const Fix> concurrentIndexFix(const StatementContext& context, std::string_view verb,
                                              std::string_view indexName, std::string_view tableName) {
  if (!context.settings().fixes) return nullptr;
  // A rollback undoes its migration in place, and a statement inside a DO block or a
  // function cannot move: neither is rewritten.
  if (context.role() != FileRole::Forward || context.nested()) return nullptr;
  std::vector<SqlToken> tokens = statementTokens(context);
  auto keyword = std::find_if(tokens.begin(), tokens.end(),
                              [](const SqlToken& token) { return token.kind == PG_QUERY__TOKEN__INDEX; });
  if (keyword == tokens.end()) return nullptr;
  Span span = context.span();
  std::string concurrent = std::string(context.text({span.begin, keyword->span.end})) + " CONCURRENTLY" +
                           std::string(context.text({keyword->span.end, span.end}));
  auto fix = std::make_shared<Fix>();
  if (!fileHasOtherStatements(context)) {
    fix->description = "add CONCURRENTLY";
    fix->edits.push_back({{keyword->span.end, keyword->span.end}, " CONCURRENTLY"});
    return fix;
  }
  if (laterStatementMentions(context, indexName) || laterStatementMentions(context, tableName)) return nullptr;
  fix->description =
      "move the statement, with CONCURRENTLY, into a new migration of its own (CONCURRENTLY cannot "
      "run in the transaction of this file)";
  fix->edits.push_back({statementLineSpan(context), ""});
  fix->following.push_back(FollowingMigration{
      migrationNameFrom(std::string(verb) + "_index_" + std::string(indexName.empty() ? tableName : indexName)),
      concurrent + ";\n", true});
  return fix;
}

}  // namespace sluice::rules
