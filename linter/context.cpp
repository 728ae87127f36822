#include "linter/context.hpp"

namespace sluice {

Span StatementContext::spanAt(int32_t location) const {
  if (location < 0) return statement_.span;
  Span token = tokenSpanAt(file_.source.text(), offset(location));
  if (token.size() == 0) return statement_.span;
  return token;
}

Span StatementContext::spanFrom(int32_t location) const {
  if (location < 0) return statement_.span;
  std::size_t begin = offset(location);
  if (begin >= statement_.span.end) return statement_.span;
  return {begin, statement_.span.end};
}

Span MigrationContext::fileSpan() const {
  const std::string& text = file_.source.text();
  std::size_t begin = skipTrivia(text, 0, text.size());
  if (begin >= text.size()) return {0, 0};
  return {begin, tokenSpanAt(text, begin).end};
}

Finding& FindingSink::report(Span span, std::string message, std::string help) {
  Finding finding;
  finding.rule = &rule_;
  finding.severity = rule_.defaultSeverity;
  finding.file = file_;
  finding.span = span;
  finding.message = std::move(message);
  finding.help = help.empty() ? std::string(rule_.safeAlternative) : std::move(help);
  finding.statement = statement_;
  out_.push_back(std::move(finding));
  return out_.back();
}

}  // namespace sluice
