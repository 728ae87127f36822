#pragma once
// A history fixture is a small migrations folder, linted as a folder, so that rules see
// a migration against the history before it and rollback pairs as pairs:
//
//   tests/rules/history/<case>/                any layout (Prisma folders, paired files...)
//     20240101000000_init/migration.sql        -- expect: rule[:column][@severity] on the line
//     20240102000000_alter/migration.sql       -- fixture: rules=a,b pg-version=N since=V
//     migration_lock.toml                      # expect: prisma-lock-file
//     expect.txt                               path:line rule  (files that cannot hold comments)
//     .sluice.toml                             optional configuration of the case
//
// The rules that run are those named by expectations, `rules=` and `-- expect-clean:
// rule[, rule]` (rules that run and must find nothing); every finding they make, in any
// file, must be expected, and every expectation found. As with file fixtures, a case
// must prove that what it tests ran (fixture.hpp, provenRuleProblems).

#include <filesystem>
#include <string>
#include <vector>

#include "linter/engine.hpp"
#include "tests/rules/fixture.hpp"

namespace sluice::testing {

// An expectation of a file fixture's kind, in one file of the case.
struct FileExpectation : Expectation {
  std::string file;  // relative to the case folder
};

struct HistoryFixture {
  std::filesystem::path dir;
  LintRequest request;
  std::vector<FileExpectation> expectations;
  std::vector<std::string> clean;  // `expect-clean:` rules
};

HistoryFixture loadHistoryFixture(const std::filesystem::path& dir);

// Why the case cannot prove anything (provenRuleProblems); empty when it is sound.
std::vector<std::string> historyFixtureProblems(const HistoryFixture& fixture, const RuleList& registry);

// Differences between expectations and the report; empty when they agree.
std::vector<std::string> compareHistoryFindings(const HistoryFixture& fixture, const LintReport& report);

std::vector<std::filesystem::path> findHistoryFixtures(const std::filesystem::path& root);

}  // namespace sluice::testing
