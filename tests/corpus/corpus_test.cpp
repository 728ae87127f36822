// Lints the shared real-world corpus (../shared/corpus next to the repository, or
// $SLUICE_CORPUS): nothing crashes, every .sql file is linted, and the per-rule counts
// and every syntax error are printed for review. Skipped only when the corpus is absent.
#include <algorithm>
#include <filesystem>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <set>

#include "linter/engine.hpp"
#include "rules/registry.hpp"
#include "tests/integration/corpus_dir.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

TEST(Corpus, EveryFileIsLintedWithoutCrashing) {
  fs::path corpus = corpusDir();
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  std::set<std::string> sqlFiles;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (entry.is_regular_file() && entry.path().extension() == ".sql") {
      sqlFiles.insert(fs::weakly_canonical(entry.path()).string());
    }
  }
  LintRequest request;
  request.paths = {corpus.string()};
  auto report = lint(request, rules::allRules());
  ASSERT_TRUE(report.ok()) << report.error().message;
  for (const Error& error : report->errors) ADD_FAILURE() << error.location << ": " << error.message;

  std::set<std::string> linted;
  // Files the layout never runs on PostgreSQL (popx variants of other dialects) are
  // accounted for, not linted.
  for (const auto& [path, reason] : report->notRun) linted.insert(fs::weakly_canonical(path).string());
  std::map<std::string, std::size_t> perRule;
  for (const FileReport& file : report->files) {
    linted.insert(fs::weakly_canonical(file.source->path()).string());
    for (const Finding& finding : file.findings) {
      ++perRule[std::string(finding.rule->name)];
      if (finding.rule->name == "syntax-error") {
        std::cout << "syntax-error " << fs::relative(file.source->path(), corpus).string() << ":" << finding.start.line
                  << ":" << finding.start.column << ": " << finding.message
                  << (finding.helpText().empty() ? "" : " -- ") << finding.helpText() << "\n";
      }
    }
  }
  for (const std::string& file : sqlFiles) {
    EXPECT_TRUE(linted.contains(file)) << "not linted: " << file;
  }
  // Each kind of the corpus is read as its tool reads it.
  std::map<std::string, std::string> layoutOfKind{
      {"prisma", "prisma"}, {"plain", "plain"}, {"goose", "goose"}, {"drizzle", "drizzle"}, {"flyway", "flyway"}};
  for (const LintedSet& set : report->sets) {
    std::string kind = *fs::relative(set.root, corpus).begin();
    if (kind == "updown") {
      EXPECT_TRUE(set.layout == "updown-folders" || set.layout == "updown-files") << set.root << ": " << set.layout;
    } else {
      EXPECT_EQ(set.layout, layoutOfKind[kind]) << set.root << " (" << set.layoutSource << ")";
    }
  }
  // Drizzle's journal does not list this file, so Drizzle never runs it.
  EXPECT_TRUE(std::any_of(report->notRun.begin(), report->notRun.end(), [](const auto& entry) {
    return fs::path(entry.first).filename() == "0130_abandoned_dagger.sql";
  }));
  std::cout << "corpus: " << linted.size() << " of " << sqlFiles.size() << " .sql files linted or known not to run ("
            << report->notRun.size() << "); " << report->errorCount << " errors, " << report->warningCount
            << " warnings\n";
  for (const RuleDefinition* rule : rules::allRules()) {
    std::cout << "  " << rule->meta.name << ": " << perRule[std::string(rule->meta.name)] << "\n";
  }
}

}  // namespace
}  // namespace sluice::testing
