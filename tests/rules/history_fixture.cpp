#include "tests/rules/history_fixture.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "common/file_io.hpp"
#include "common/line_index.hpp"
#include "common/text.hpp"
#include "linter/parser.hpp"
#include "tests/rules/fixture.hpp"

namespace sluice::testing {
namespace fs = std::filesystem;

namespace {

void readCaseSettings(HistoryFixture& fixture, std::string_view settings) {
  LintRequest& request = fixture.request;
  readSettings(settings, request.onlyRules,
               {{"pg-version",
                 [&](std::string_view value) {
                   request.settingFlags.push_back({"pg_version", std::string(value), "--pg-version"});
                 }},
                {"since", [&](std::string_view value) { request.since = std::string(value); }}});
}

void addExpectations(HistoryFixture& fixture, const std::string& file, std::uint32_t line, std::string_view list) {
  for (Expectation& expectation : parseExpectations(list, line)) {
    fixture.expectations.push_back({std::move(expectation), file});
  }
}

// One comment's text: an expectation or the case's settings.
void readComment(HistoryFixture& fixture, const std::string& file, std::uint32_t line, std::string_view comment) {
  std::string_view body = commentBody(comment);
  if (body.starts_with("fixture:")) readCaseSettings(fixture, body.substr(8));
  if (body.starts_with("expect-clean:")) {
    for (std::string& rule : parseCleanList(body.substr(13))) fixture.clean.push_back(std::move(rule));
  }
  if (body.starts_with("expect:")) addExpectations(fixture, file, line, body.substr(7));
}

}  // namespace

HistoryFixture loadHistoryFixture(const fs::path& dir) {
  HistoryFixture fixture;
  fixture.dir = dir;
  fixture.request.paths = {dir.string()};
  fixture.request.jobs = 1;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    std::string relative = path.lexically_relative(dir).string();
    auto text = readFile(path);
    if (!text) throw std::runtime_error(text.error().message);
    LineIndex lines(*text);
    if (path.extension() == ".sql") {
      ParseOptions options;
      options.alwaysScanComments = true;
      ParsedSql parsed = parseSql(*text, options);
      for (const Comment& comment : parsed.comments) {
        readComment(fixture, relative, lines.position(comment.span.begin).line, comment.text);
      }
    } else if (path.extension() == ".toml") {
      for (std::uint32_t line = 1; line <= lines.lineCount(); ++line) {
        std::string_view text_line = lines.lineText(line);
        auto hash = text_line.find("# expect:");
        if (hash != std::string_view::npos) readComment(fixture, relative, line, text_line.substr(hash));
      }
    } else if (path.filename() == "expect.txt") {
      // path:line rule[, rule]
      for (std::string_view entry : split(*text, '\n')) {
        entry = trim(entry);
        if (entry.empty() || entry.starts_with("#")) continue;
        auto space = entry.find(' ');
        auto location = entry.substr(0, space);
        auto colon = location.rfind(':');
        addExpectations(fixture, std::string(location.substr(0, colon)),
                        static_cast<std::uint32_t>(std::stoul(std::string(location.substr(colon + 1)))),
                        entry.substr(space + 1));
      }
    }
  }
  for (const FileExpectation& expectation : fixture.expectations) runRule(fixture.request.onlyRules, expectation.rule);
  for (const std::string& rule : fixture.clean) runRule(fixture.request.onlyRules, rule);
  return fixture;
}

std::vector<std::string> historyFixtureProblems(const HistoryFixture& fixture, const RuleList& registry) {
  return provenRuleProblems(fixture.request.onlyRules, fixture.expectations.size(), fixture.clean, registry);
}

std::vector<std::string> compareHistoryFindings(const HistoryFixture& fixture, const LintReport& report) {
  std::vector<std::string> problems;
  for (const Error& error : report.errors) problems.push_back("error: " + error.location + ": " + error.message);
  std::vector<bool> matched(fixture.expectations.size(), false);
  for (const FileReport& file : report.files) {
    std::string relative = fs::path(file.source->path()).lexically_relative(fixture.dir).string();
    for (const Finding& finding : file.findings) {
      bool found = claimExpectation(fixture.expectations, matched, [&](const FileExpectation& expectation) {
        return expectation.file == relative && describes(expectation, finding);
      });
      if (!found) {
        problems.push_back("unexpected " + std::string(finding.rule->name) + " at " + relative + ":" +
                           std::to_string(finding.start.line) + ":" + std::to_string(finding.start.column) + ": " +
                           finding.message);
      }
    }
  }
  for (std::size_t i = 0; i < fixture.expectations.size(); ++i) {
    if (matched[i]) continue;
    const FileExpectation& expectation = fixture.expectations[i];
    problems.push_back("expected " + expectation.rule + " at " + expectation.file + ":" +
                       std::to_string(expectation.line) + columnAndSeverity(expectation) + ", not found");
  }
  return problems;
}

std::vector<fs::path> findHistoryFixtures(const fs::path& root) {
  std::vector<fs::path> cases;
  if (!fs::is_directory(root)) return cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

}  // namespace sluice::testing
