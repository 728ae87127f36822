// Escaping rules of the CI formats, where a wrong character silently corrupts a report:
// an editor reads a gcc line per entry, GitHub drops or splits annotations, XML parsers reject JUnit files, Markdown
// tables break, code scanning refuses SARIF with invalid URIs.
#include <gtest/gtest.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "linter/engine.hpp"
#include "linter/reporters/gcc_reporter.hpp"
#include "linter/reporters/github_reporter.hpp"
#include "linter/reporters/json_reporter.hpp"
#include "linter/reporters/junit_reporter.hpp"
#include "linter/reporters/markdown_reporter.hpp"
#include "linter/reporters/sarif_reporter.hpp"
#include "linter/reporters/text_reporter.hpp"

namespace sluice {
namespace {

TEST(GccLines, AMessageWithLineBreaksStaysOnItsLine) {
  LintReport report;
  report.errors.emplace_back(ErrorCode::Input, "first\r\nsecond\nthird", "a hint");
  report.errors.back().location = "db/x.sql:3:1";
  report.errors.emplace_back(ErrorCode::Input, "no break", "a hint");
  std::ostringstream out;
  GccReporter(ReportOptions{}).write(report, out);
  EXPECT_EQ(out.str(), "db/x.sql:3:1: error: first  second third\nsluice: error: no break\n");
}

TEST(GithubEscaping, DataEscapesPercentAndLineBreaks) {
  EXPECT_EQ(escapeCommandData("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b");
}

TEST(GithubEscaping, PropertiesAlsoEscapeColonAndComma) {
  EXPECT_EQ(escapeCommandProperty("db/a,b:c%.sql"), "db/a%2Cb%3Ac%25.sql");
  EXPECT_EQ(escapeCommandProperty("line\nbreak"), "line%0Abreak");
}

TEST(JunitEscaping, EscapesMarkupAndDropsControlCharacters) {
  EXPECT_EQ(escapeXml("a < b && \"c\" > 'd'"), "a &lt; b &amp;&amp; &quot;c&quot; &gt; &apos;d&apos;");
  EXPECT_EQ(escapeXml(std::string("bell\x07 tab\t nl\n\0", 15)), "bell tab\t nl\n");
  EXPECT_EQ(escapeXml("naïve"), "naïve");
}

TEST(MarkdownEscaping, KeepsATableCellOnOneLine) {
  EXPECT_EQ(escapeMarkdownCell("a | b\r\nc <script>"), "a \\| b<br>c &lt;script&gt;");
}

TEST(SarifUri, RelativePathsArePercentEncoded) {
  EXPECT_EQ(sarifArtifactUri("db migrations/001 init.sql", "/repo"), "db%20migrations/001%20init.sql");
  EXPECT_EQ(sarifArtifactUri("./prisma/../prisma/x#1.sql", "/repo"), "prisma/x%231.sql");
  EXPECT_EQ(sarifArtifactUri("migrations/ñ.sql", "/repo"), "migrations/%C3%B1.sql");
}

TEST(SarifUri, AbsolutePathsBelowTheBaseBecomeRelative) {
  EXPECT_EQ(sarifArtifactUri("/repo/prisma/migrations/x.sql", "/repo"), "prisma/migrations/x.sql");
  EXPECT_EQ(sarifArtifactUri("/elsewhere/x.sql", "/repo"), "file:///elsewhere/x.sql");
}

// The JSON report is written straight from the findings, not through a JSON tree; it must
// be the document that nlohmann's dump(2) gives for the same content, escapes included
// (quotes, backslashes, control characters, UTF-8 valid and not).
TEST(JsonDocument, DiagnosticsAreWhatADumpOfTheirTreeGives) {
  RuleMeta rule;
  rule.name = "require-concurrent-index";
  rule.code = "L001";
  rule.category = Category::Locking;
  rule.safeAlternative = "use CONCURRENTLY";
  // Each kind of text on its own: a string with any byte outside ASCII is escaped otherwise.
  const std::string tricky = std::string("q\"b\\ \b\f\n\r\t \x01\x1f\x7f / end");
  const std::string utf8 = "na\xc3\xafve \xe2\x80\x94 \"x\"\n";
  const std::string invalid = "bad\xff\xfe \xc3 end";
  const std::string truncated = "cut \xe2\x80";
  LintReport report;
  report.sets.push_back({"db/migrations", "plain", "detected: .sql files"});
  FileReport file;
  file.source = std::make_shared<SourceFile>("db/migrations/1_\"x\".sql", "CREATE INDEX i ON t (a);\nSELECT 1;\n");
  Finding plain;
  plain.rule = &rule;
  plain.severity = Severity::Warning;
  plain.message = tricky;
  plain.start = {1, 1};
  plain.end = {1, 25};
  Finding fixed = plain;
  fixed.help = "own help";
  fixed.notes = {"table `t`", utf8, invalid, truncated};
  auto fix = std::make_shared<Fix>();
  fix->description = "add CONCURRENTLY";
  fix->edits = {{Span{0, 12}, "CREATE INDEX CONCURRENTLY"}, {Span{25, 34}, tricky}};
  fix->following = {{"validate_t", "ALTER TABLE t VALIDATE CONSTRAINT c;", true}, {"two", invalid, false}};
  fix->rollbackAddition = "DROP INDEX IF EXISTS i;";
  fixed.fix = fix;
  Finding bare = plain;
  bare.message = utf8;
  auto empty = std::make_shared<Fix>();
  empty->description = "nothing to edit";
  bare.fix = empty;
  file.findings = {plain, fixed, bare};
  report.files.push_back(file);
  report.files.push_back(FileReport{std::make_shared<SourceFile>("clean.sql", ""), FileRole::Forward, "", {}});
  report.errors.emplace_back(ErrorCode::Input, "cannot read", "check it");
  report.warningCount = 3;

  using Json = nlohmann::ordered_json;
  auto position = [&](std::size_t offset) { return file.source->lines().position(offset); };
  auto fixJson = [&](const Fix& f) {
    Json edits = Json::array();
    for (const TextEdit& edit : f.edits) {
      edits.push_back({{"offset", edit.span.begin},
                       {"length", edit.span.size()},
                       {"line", position(edit.span.begin).line},
                       {"column", position(edit.span.begin).column},
                       {"end_line", position(edit.span.end).line},
                       {"end_column", position(edit.span.end).column},
                       {"replacement", edit.replacement}});
    }
    Json json = {{"description", f.description}, {"edits", edits}};
    if (!f.following.empty()) {
      json["new_migrations"] = Json::array();
      for (const FollowingMigration& m : f.following) {
        json["new_migrations"].push_back(
            {{"name", m.name}, {"sql", m.sql}, {"outside_transaction", m.outsideTransaction}});
      }
    }
    if (!f.rollbackAddition.empty()) json["rollback_addition"] = f.rollbackAddition;
    return json;
  };
  Json diagnostics = Json::array();
  for (const Finding& finding : file.findings) {
    Json item = {{"file", file.source->path()},
                 {"line", finding.start.line},
                 {"column", finding.start.column},
                 {"end_line", finding.end.line},
                 {"end_column", finding.end.column},
                 {"rule", rule.name},
                 {"code", rule.code},
                 {"severity", "warning"},
                 {"category", "locking"},
                 {"message", finding.message},
                 {"help", finding.helpText()}};
    if (!finding.notes.empty()) item["notes"] = finding.notes;
    if (finding.fix) item["fix"] = fixJson(*finding.fix);
    diagnostics.push_back(item);
  }
  Json expected = {
      {"version", "9.9.9"},
      {"migration_sets", {{{"path", "db/migrations"}, {"layout", "plain"}, {"layout_source", "detected: .sql files"}}}},
      {"diagnostics", diagnostics},
      {"errors", {{{"location", ""}, {"message", "cannot read"}, {"hint", "check it"}}}},
      {"summary", {{"errors", 0}, {"warnings", 3}, {"files", 2}, {"fail_on", "error"}, {"failed", false}}}};

  ReportOptions options;
  options.toolVersion = "9.9.9";
  std::ostringstream out;
  JsonReporter(options).write(report, out);
  EXPECT_EQ(out.str(), expected.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

// Written a file at a time (lint's sink), the text report still ends with the files
// counted: the report it is given at the end holds none of them.
TEST(TextReport, AStreamedReportCountsTheFilesItWrote) {
  RuleMeta rule;
  rule.name = "prefer-text";
  rule.code = "T001";
  rule.safeAlternative = "use text";
  Finding finding;
  finding.rule = &rule;
  finding.severity = Severity::Warning;
  finding.message = "varchar(20)";
  finding.start = {1, 19};
  finding.end = {1, 30};
  FileReport withFinding{
      std::make_shared<SourceFile>("a.sql", "CREATE TABLE t (a varchar(20));\n"), FileRole::Forward, "", {finding}};
  FileReport clean{std::make_shared<SourceFile>("b.sql", ""), FileRole::Forward, "", {}};

  LintReport whole;
  whole.files = {withFinding, clean};
  whole.warningCount = 1;
  std::ostringstream written;
  TextReporter(ReportOptions{}).write(whole, written);

  LintReport counts;
  counts.warningCount = 1;
  std::ostringstream streamed;
  TextReporter reporter{ReportOptions{}};
  ASSERT_TRUE(reporter.streams());
  reporter.writeFile(withFinding, streamed);
  reporter.writeFile(clean, streamed);
  reporter.write(counts, streamed);

  EXPECT_EQ(streamed.str(), written.str());
  EXPECT_NE(written.str().find("a.sql:1:19"), std::string::npos);
  EXPECT_TRUE(written.str().ends_with("0 errors, 1 warning in 2 files\n")) << written.str();
}

}  // namespace
}  // namespace sluice
