#include "linter/context.hpp"

#include <algorithm>
#include <cstdint>

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

namespace {

Span firstTokenSpan(const std::string& text) {
  std::size_t begin = skipTrivia(text, 0, text.size());
  if (begin >= text.size()) return {0, 0};
  return {begin, tokenSpanAt(text, begin).end};
}

const std::vector<Change>& noChanges() {
  static const std::vector<Change> none;
  return none;
}

}  // namespace

const std::vector<Change>& StatementContext::changes() const { return changes_ != nullptr ? *changes_ : noChanges(); }

Span MigrationContext::fileSpan() const { return firstTokenSpan(file_.source.text()); }

bool LintedFile::empty() const {
  return std::none_of(parsed.statements.begin(), parsed.statements.end(),
                      [](const Statement& statement) { return statement.depth == 0; });
}

Span LintedFile::fileSpan() const { return firstTokenSpan(source.text()); }

bool MigrationPairContext::setHasRollbacks() const {
  return !set_.orphanRollbacks.empty() ||
         std::any_of(set_.migrations.begin(), set_.migrations.end(),
                     [](const Migration& migration) { return migration.rollback.has_value(); });
}

std::vector<const LintedFile*> MigrationPairContext::rollbacksOfGroup() const {
  if (groupRollbacks_ != nullptr && !migration_.group.empty()) return *groupRollbacks_;
  if (rollback_ != nullptr) return {rollback_};
  return {};
}

Finding* PairFindingSink::report(FileRole file, Span span, std::string message, std::optional<std::size_t> statement,
                                 std::string help) {
  const Target& target = file == FileRole::Forward ? forward_ : rollback_;
  if (target.path == nullptr || target.findings == nullptr) return nullptr;
  FindingSink sink(rule_, *target.findings, statement);
  return &sink.report(span, std::move(message), std::move(help));
}

Finding& SetFindingSink::report(const std::filesystem::path& file, std::optional<Span> span, std::string message,
                                std::string help) {
  std::vector<Finding>& findings = out_[file];
  FindingSink sink(rule_, findings);
  Finding& finding = sink.report(span.value_or(Span{}), std::move(message), std::move(help));
  // No span: the engine puts it on the file's first token once the file is read.
  if (!span) finding.span = Span{SIZE_MAX, SIZE_MAX};
  return finding;
}

Finding& FindingSink::report(Span span, std::string message, std::string help) {
  Finding finding;
  finding.rule = &rule_;
  finding.severity = rule_.defaultSeverity;
  finding.span = span;
  finding.message = std::move(message);
  if (help != rule_.safeAlternative) finding.help = std::move(help);
  finding.statement = statement_;
  out_.push_back(std::move(finding));
  return out_.back();
}

}  // namespace sluice
