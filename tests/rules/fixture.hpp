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
// `drop-table.temp-tables.sql`) plus those of `rules=`; every finding they make must be
// expected and every expectation found. A fixture without expectations asserts silence.
// `edited=N` says the file is a merged migration that git reports changed from line N on
// (what `sluice lint --changed-since` finds).

#include <filesystem>
#include <functional>
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

// Calls `setting(key, value)` for each `key=value` of a `fixture:` line; throws on a part
// without `=`. The callback throws on a key it does not know.
void forEachSetting(std::string_view settings,
                    const std::function<void(std::string_view key, std::string_view value)>& setting);

// Reads `rule[:column][@severity]`.
Expectation parseExpectation(std::string_view item, std::uint32_t line);

struct Fixture {
  std::filesystem::path path;
  std::string text;
  TextLintOptions options;
  std::vector<Expectation> expectations;
};

Fixture loadFixture(const std::filesystem::path& path);

// Differences between what the fixture expects and what the linter found; empty when
// they agree.
std::vector<std::string> compareFindings(const Fixture& fixture, const FileReport& report);

std::vector<std::filesystem::path> findFixtures(const std::filesystem::path& root);

}  // namespace sluice::testing
