#pragma once
// A rule fixture is a SQL file whose comments say what the linter must find:
//
//   -- fixture: rules=drop-table,drop-column pg-version=10 layout=prisma role=rollback edited=3
//   DROP TABLE users;            -- expect: drop-table
//   ALTER TABLE t DROP COLUMN c; -- expect: drop-column:15
//
// `-- expect: rule[:column][@severity][, rule...]` sits on the line where a finding starts (also
// inside DO blocks and function bodies). The
// rules that run are the one named by the file (`drop-table.sql`,
// `drop-table.temp-tables.sql`) plus those of `rules=` and `expect-clean:`; every finding
// they make must be expected and every expectation found.
//
// A fixture must prove that what it tests ran: it expects at least one finding, or says
// `-- expect-clean: rule[, rule...]` for rules that run on it and must find nothing. A
// rule name the registry does not know, a fixture that expects nothing, and a clean
// expectation for a rule that does not run in `sluice lint` fail the test.
// `edited=N` says the file is a merged migration that git reports changed from line N on
// (what `sluice lint --changed-since` finds).

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "linter/engine.hpp"

namespace sluice::testing {

struct Expectation {
  std::string rule;
  std::uint32_t line = 0;
  std::optional<std::uint32_t> column;
  std::optional<Severity> severity;  // `rule@warning`: the finding's severity too
};

// The text of a comment without its markers: `-- x`, `# x` (metadata.toml), `/* x */`.
std::string_view commentBody(std::string_view comment);

// How a kind of fixture takes each of its own settings, by key.
using SettingReaders = std::map<std::string_view, std::function<void(std::string_view value)>>;

// Reads the `key=value` parts of a `fixture:` line: the names of `rules=` (alike in both
// kinds of fixture) go to `onlyRules`, the other settings to their reader. Throws on a
// part without `=` and on a key without a reader.
void readSettings(std::string_view settings, std::vector<std::string>& onlyRules, const SettingReaders& readers);

// Adds `rule` to the rules a fixture runs, unless it runs already.
void runRule(std::vector<std::string>& onlyRules, const std::string& rule);

// Reads `rule[:column][@severity]`.
Expectation parseExpectation(std::string_view item, std::uint32_t line);

// The expectations of an `expect:` list on `line`.
std::vector<Expectation> parseExpectations(std::string_view list, std::uint32_t line);

// The rule names of an `expect-clean:` list.
std::vector<std::string> parseCleanList(std::string_view list);

// Why a fixture cannot prove anything, if it cannot: a rule it names (to run, expect or
// expect clean) that the registry does not know, no expectation at all, or a clean
// expectation for a rule that is not active in `sluice lint` (a `sluice verify` rule).
// `rules`: the rules the fixture runs. Empty when the fixture is sound.
std::vector<std::string> provenRuleProblems(const std::vector<std::string>& rules, std::size_t expectations,
                                            const std::vector<std::string>& clean, const RuleList& registry);

// Whether `finding` is the one `expectation` describes: its rule and line, and its column
// and severity where the expectation gives them.
bool describes(const Expectation& expectation, const Finding& finding);

// Marks the first expectation not matched yet that `fits` accepts; false when none does.
// Each expectation stands for one finding, so a second finding needs a second expectation.
template <typename ExpectationType, typename Fits>
bool claimExpectation(const std::vector<ExpectationType>& expectations, std::vector<bool>& matched, Fits fits) {
  for (std::size_t i = 0; i < expectations.size(); ++i) {
    if (!matched[i] && fits(expectations[i])) {
      matched[i] = true;
      return true;
    }
  }
  return false;
}

// `:column@severity`, as far as the expectation gives them (for messages).
std::string columnAndSeverity(const Expectation& expectation);

struct Fixture {
  std::filesystem::path path;
  std::string text;
  TextLintOptions options;
  std::vector<Expectation> expectations;
  std::vector<std::string> clean;  // `expect-clean:` rules
};

Fixture loadFixture(const std::filesystem::path& path);

// Everything wrong with a file fixture: what provenRuleProblems finds, an error from the
// linter, and the differences between expectations and findings. Empty when it passes.
std::vector<std::string> checkFixture(const Fixture& fixture, const RuleList& registry);

// Differences between what the fixture expects and what the linter found; empty when
// they agree.
std::vector<std::string> compareFindings(const Fixture& fixture, const FileReport& report);

std::vector<std::filesystem::path> findFixtures(const std::filesystem::path& root);

}  // namespace sluice::testing
