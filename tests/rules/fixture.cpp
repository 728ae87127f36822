#include "tests/rules/fixture.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/file_io.hpp"
#include "common/line_index.hpp"
#include "common/text.hpp"
#include "linter/active_rules.hpp"
#include "linter/config.hpp"
#include "linter/layout.hpp"
#include "linter/parser.hpp"

namespace sluice::testing {
namespace fs = std::filesystem;

namespace {

void readDirective(Fixture& fixture, std::string_view settings) {
  TextLintOptions& options = fixture.options;
  readSettings(settings, options.onlyRules,
               {{"pg-version", [&](std::string_view value) { options.pgVersion = std::stoi(std::string(value)); }},
                {"layout",
                 [&](std::string_view value) {
                   if (findFormat(value) == nullptr) {
                     throw std::runtime_error("bad fixture layout: " + std::string(value));
                   }
                   options.layout = std::string(value);
                 }},
                // The file is a merged migration that git says changed from this line on.
                {"edited",
                 [&](std::string_view value) {
                   options.editedLine = static_cast<std::uint32_t>(std::stoul(std::string(value)));
                 }},
                {"role", [&](std::string_view value) {
                   options.role = value == "rollback" ? FileRole::Rollback : FileRole::Forward;
                 }}});
}

}  // namespace

std::string_view commentBody(std::string_view comment) {
  if (comment.starts_with("--")) return trim(comment.substr(2));
  if (comment.starts_with("#")) return trim(comment.substr(1));
  if (comment.starts_with("/*") && comment.ends_with("*/")) return trim(comment.substr(2, comment.size() - 4));
  return trim(comment);
}

void readSettings(std::string_view settings, std::vector<std::string>& onlyRules, const SettingReaders& readers) {
  for (std::string_view part : split(settings, ' ')) {
    part = trim(part);
    if (part.empty()) continue;
    auto equals = part.find('=');
    if (equals == std::string_view::npos) throw std::runtime_error("bad fixture setting: " + std::string(part));
    std::string_view key = part.substr(0, equals);
    std::string_view value = part.substr(equals + 1);
    if (key == "rules") {
      for (std::string_view rule : split(value, ',')) onlyRules.emplace_back(trim(rule));
      continue;
    }
    auto reader = readers.find(key);
    if (reader == readers.end()) throw std::runtime_error("unknown fixture setting: " + std::string(key));
    reader->second(value);
  }
}

void runRule(std::vector<std::string>& onlyRules, const std::string& rule) {
  if (std::find(onlyRules.begin(), onlyRules.end(), rule) == onlyRules.end()) onlyRules.push_back(rule);
}

Expectation parseExpectation(std::string_view item, std::uint32_t line) {
  Expectation expectation;
  expectation.line = line;
  auto at = item.find('@');
  if (at != std::string_view::npos) {
    expectation.severity = parseSeverity(trim(item.substr(at + 1)));
    if (!expectation.severity) throw std::runtime_error("bad severity in expectation: " + std::string(item));
    item = item.substr(0, at);
  }
  auto colon = item.find(':');
  expectation.rule = std::string(trim(item.substr(0, colon)));
  if (colon != std::string_view::npos) {
    expectation.column = static_cast<std::uint32_t>(std::stoul(std::string(item.substr(colon + 1))));
  }
  return expectation;
}

std::vector<Expectation> parseExpectations(std::string_view list, std::uint32_t line) {
  std::vector<Expectation> expectations;
  for (std::string_view item : split(list, ',')) {
    item = trim(item);
    if (!item.empty()) expectations.push_back(parseExpectation(item, line));
  }
  return expectations;
}

std::vector<std::string> parseCleanList(std::string_view list) {
  std::vector<std::string> rules;
  for (std::string_view item : split(list, ',')) {
    item = trim(item);
    if (!item.empty()) rules.emplace_back(item);
  }
  return rules;
}

std::vector<std::string> provenRuleProblems(const std::vector<std::string>& rules, std::size_t expectations,
                                            const std::vector<std::string>& clean, const RuleList& registry) {
  std::vector<std::string> problems;
  if (expectations == 0 && clean.empty()) {
    problems.emplace_back(
        "the fixture expects no finding and names no clean rule, so it proves nothing: add `-- expect-clean: RULE`");
  }
  std::vector<std::string> known;
  for (const RuleDefinition* rule : registry) known.emplace_back(rule->meta.name);
  auto find = [&](std::string_view name) -> const RuleDefinition* {
    for (const RuleDefinition* rule : registry) {
      if (rule->meta.name == name || rule->meta.code == name) return rule;
    }
    return nullptr;
  };
  for (const std::string& name : rules) {
    if (find(name) == nullptr) problems.push_back("unknown rule `" + name + "` " + didYouMean(name, known));
  }
  const Config defaults = defaultConfig(ruleMetas(registry));
  auto active = activeRules(registry, defaults, rules, {});
  for (const std::string& name : clean) {
    const RuleDefinition* rule = find(name);
    if (rule == nullptr) continue;  // reported above
    bool isActive = active && std::any_of(active->begin(), active->end(),
                                          [&](const ActiveRule& candidate) { return candidate.definition == rule; });
    // The engine reports a few lint rules itself (no check class); `sluice verify`'s
    // rules (codes V...) never run in lint.
    bool runsInLint = rule->create != nullptr || !rule->meta.code.starts_with("V");
    if (!isActive || !runsInLint) {
      problems.push_back("`expect-clean: " + name + "` names a rule that does not run in `sluice lint` here");
    }
  }
  return problems;
}

std::vector<std::string> checkFixture(const Fixture& fixture, const RuleList& registry) {
  std::vector<std::string> problems =
      provenRuleProblems(fixture.options.onlyRules, fixture.expectations.size(), fixture.clean, registry);
  if (!problems.empty()) return problems;
  auto report = lintText(fixture.text, fixture.options, registry);
  if (!report) return {"the linter refused the fixture: " + report.error().message};
  return compareFindings(fixture, *report);
}

Fixture loadFixture(const fs::path& path) {
  Fixture fixture;
  fixture.path = path;
  auto text = readFile(path);
  if (!text) throw std::runtime_error(text.error().message);
  fixture.text = std::move(*text);
  fixture.options.displayPath = path.filename().string();
  std::string rule = path.filename().string();
  rule = rule.substr(0, rule.find('.'));
  fixture.options.onlyRules.push_back(rule);

  LineIndex lines(fixture.text);
  // Comments inside DO blocks and function bodies hold expectations too.
  ParseOptions options;
  options.alwaysScanComments = true;
  ParsedSql parsed = parseSql(fixture.text, options);
  for (const Comment& comment : parsed.comments) {
    std::string_view body = commentBody(comment.text);
    if (body.starts_with("fixture:")) {
      readDirective(fixture, body.substr(8));
    } else if (body.starts_with("expect-clean:")) {
      for (std::string& clean : parseCleanList(body.substr(13))) {
        runRule(fixture.options.onlyRules, clean);
        fixture.clean.push_back(std::move(clean));
      }
    } else if (body.starts_with("expect:")) {
      for (Expectation& expectation : parseExpectations(body.substr(7), lines.position(comment.span.begin).line)) {
        fixture.expectations.push_back(std::move(expectation));
      }
    }
  }
  return fixture;
}

bool describes(const Expectation& expectation, const Finding& finding) {
  return expectation.rule == finding.rule->name && expectation.line == finding.start.line &&
         (!expectation.column || *expectation.column == finding.start.column) &&
         (!expectation.severity || *expectation.severity == finding.severity);
}

std::string columnAndSeverity(const Expectation& expectation) {
  return (expectation.column ? ":" + std::to_string(*expectation.column) : std::string()) +
         (expectation.severity ? "@" + std::string(severityName(*expectation.severity)) : std::string());
}

std::vector<std::string> compareFindings(const Fixture& fixture, const FileReport& report) {
  std::vector<std::string> problems;
  std::vector<bool> matched(fixture.expectations.size(), false);
  for (const Finding& finding : report.findings) {
    bool found = claimExpectation(fixture.expectations, matched,
                                  [&](const Expectation& expectation) { return describes(expectation, finding); });
    if (!found) {
      problems.push_back("unexpected " + std::string(finding.rule->name) + " at " + std::to_string(finding.start.line) +
                         ":" + std::to_string(finding.start.column) + ": " + finding.message);
    }
  }
  for (std::size_t i = 0; i < fixture.expectations.size(); ++i) {
    if (matched[i]) continue;
    const Expectation& expectation = fixture.expectations[i];
    problems.push_back("expected " + expectation.rule + " at line " + std::to_string(expectation.line) +
                       columnAndSeverity(expectation) + ", not found");
  }
  return problems;
}

std::vector<fs::path> findFixtures(const fs::path& root) {
  std::vector<fs::path> fixtures;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
    // history/ holds folder fixtures (history_fixture.hpp), not single files.
    if (it->is_directory() && it->path().filename() == "history") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".sql") fixtures.push_back(it->path());
  }
  std::sort(fixtures.begin(), fixtures.end());
  return fixtures;
}

}  // namespace sluice::testing
