// Escaping rules of the CI formats, where a wrong character silently corrupts a report:
// an editor reads a gcc line per entry, GitHub drops or splits annotations, XML parsers reject JUnit files, Markdown
// tables break, code scanning refuses SARIF with invalid URIs.
#include <gtest/gtest.h>
#include <sstream>

#include "linter/engine.hpp"
#include "linter/reporters/gcc_reporter.hpp"
#include "linter/reporters/github_reporter.hpp"
#include "linter/reporters/junit_reporter.hpp"
#include "linter/reporters/markdown_reporter.hpp"
#include "linter/reporters/sarif_reporter.hpp"

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

}  // namespace
}  // namespace sluice
