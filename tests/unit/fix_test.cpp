// Fixes: the text edits and diffs of `sluice fix`, and what each fixable rule attaches to
// its findings. Applying them to a real database is tests/integration/fix_apply_test.cpp.
#include "linter/fix.hpp"

#include <gtest/gtest.h>

#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice {
namespace {

FileReport lintOnly(const std::string& sql, const std::string& rule, const std::string& layout = "file") {
  TextLintOptions options;
  options.layout = layout;
  options.onlyRules = {rule};
  return lintText(sql, options, rules::allRules()).value();
}

std::vector<TextEdit> editsOf(const FileReport& report) {
  std::vector<TextEdit> edits;
  for (const Finding& finding : report.findings) {
    if (finding.fix) edits.insert(edits.end(), finding.fix->edits.begin(), finding.fix->edits.end());
  }
  return edits;
}

// The text after every fix of the report, and the SQL of the migrations they add.
std::pair<std::string, std::string> fixed(const std::string& sql, const std::string& rule) {
  FileReport report = lintOnly(sql, rule);
  std::string following;
  for (const Finding& finding : report.findings) {
    EXPECT_TRUE(finding.fix) << rule << ": " << finding.message;
    if (!finding.fix) continue;
    for (const FollowingMigration& migration : finding.fix->following) following += migration.sql;
  }
  return {applyEdits(sql, editsOf(report)), following};
}

// Fixes find their names among the statement's tokens, which are scanned once per
// statement and thread (rules/statement_tokens.cpp): files one after another with
// statements at the same offset must each get their own.
TEST(FixText, EachStatementIsFixedFromItsOwnTokens) {
  const std::string two = "CREATE TABLE a (x timestamp, y timestamp);\n";
  const std::string other = "CREATE TABLE bb (long_name timestamp);\n";
  for (int pass = 0; pass < 2; ++pass) {
    EXPECT_EQ(fixed(two, "prefer-timestamptz").first, "CREATE TABLE a (x timestamptz, y timestamptz);\n");
    EXPECT_EQ(fixed(other, "prefer-timestamptz").first, "CREATE TABLE bb (long_name timestamptz);\n");
  }
  EXPECT_EQ(fixed("SELECT 1;\n" + other, "prefer-timestamptz").first,
            "SELECT 1;\nCREATE TABLE bb (long_name timestamptz);\n");
  EXPECT_EQ(fixed(other + other, "prefer-timestamptz").first,
            "CREATE TABLE bb (long_name timestamptz);\nCREATE TABLE bb (long_name timestamptz);\n");
}

TEST(FixText, AppliesEditsInSpanOrder) {
  EXPECT_EQ(applyEdits("abcdef", {{{4, 5}, "E"}, {{0, 0}, ">"}, {{1, 3}, ""}}), ">adEf");
}

TEST(FixText, UnifiedDiffShowsChangedLinesWithContext) {
  std::string before = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
  std::string after = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";
  EXPECT_EQ(unifiedDiff("m.sql", before, after),
            "--- a/m.sql\n+++ b/m.sql\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
  EXPECT_EQ(unifiedDiff("m.sql", before, before), "");
  EXPECT_EQ(unifiedDiff("new.sql", "", "x;\n", true), "--- /dev/null\n+++ b/new.sql\n@@ -0,0 +1 @@\n+x;\n");
  EXPECT_EQ(
      unifiedDiff("m.sql", "x", "y"),
      "--- a/m.sql\n+++ b/m.sql\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+y\n\\ No newline at end of file\n");
}

TEST(FixText, MigrationNamesAreLettersDigitsAndUnderscores) {
  EXPECT_EQ(migrationNameFrom("validate_\"Orders\".fk"), "validate_orders_fk");
  EXPECT_EQ(migrationNameFrom("--"), "fix");
}

TEST(Fixes, ConcurrentIndexIsAddedInPlaceWhenTheStatementIsAlone) {
  auto [text, following] = fixed("CREATE UNIQUE INDEX orders_idx ON orders (id);\n", "require-concurrent-index");
  EXPECT_EQ(text, "CREATE UNIQUE INDEX CONCURRENTLY orders_idx ON orders (id);\n");
  EXPECT_EQ(following, "");
  auto [drop, none] = fixed("DROP INDEX IF EXISTS orders_idx;\n", "require-concurrent-index-drop");
  EXPECT_EQ(drop, "DROP INDEX CONCURRENTLY IF EXISTS orders_idx;\n");
}

TEST(Fixes, ConcurrentIndexMovesToANewMigrationOutOfATransactionalFile) {
  auto [text, following] =
      fixed("ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n",
            "require-concurrent-index");
  EXPECT_EQ(text, "ALTER TABLE orders ADD COLUMN note text;\n");
  EXPECT_EQ(following, "CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n");
  FileReport report =
      lintOnly("ALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n",
               "require-concurrent-index");
  ASSERT_EQ(report.findings.size(), 1U);
  ASSERT_EQ(report.findings[0].fix->following.size(), 1U);
  EXPECT_EQ(report.findings[0].fix->following[0].name, "create_index_orders_customer_idx");
  EXPECT_TRUE(report.findings[0].fix->following[0].outsideTransaction);
}

TEST(Fixes, ConcurrentIndexStaysWhenALaterStatementNeedsIt) {
  FileReport report = lintOnly(
      "CREATE UNIQUE INDEX orders_code_idx ON orders (code);\n"
      "ALTER TABLE orders ADD CONSTRAINT orders_code_key UNIQUE USING INDEX orders_code_idx;\n",
      "require-concurrent-index");
  ASSERT_EQ(report.findings.size(), 1U);
  EXPECT_FALSE(report.findings[0].fix);
}

TEST(Fixes, RollbacksAndPartitionedTablesAreNotRewritten) {
  TextLintOptions options;
  options.role = FileRole::Rollback;
  options.onlyRules = {"require-concurrent-index-drop"};
  FileReport rollback =
      lintText("DROP INDEX orders_idx;\nALTER TABLE orders DROP COLUMN note;\n", options, rules::allRules()).value();
  ASSERT_EQ(rollback.findings.size(), 1U);
  EXPECT_FALSE(rollback.findings[0].fix);
  FileReport cascade = lintOnly("DROP INDEX orders_idx CASCADE;\n", "require-concurrent-index-drop");
  ASSERT_EQ(cascade.findings.size(), 1U);
  EXPECT_FALSE(cascade.findings[0].fix);
}

TEST(Fixes, ConstraintGetsNotValidAndAValidateMigration) {
  auto [text, following] = fixed(
      "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk\n  FOREIGN KEY (customer_id) REFERENCES customers (id);\n",
      "constraint-not-valid");
  EXPECT_EQ(text,
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk\n  FOREIGN KEY (customer_id) REFERENCES customers "
            "(id) NOT VALID;\n");
  EXPECT_EQ(following, "ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;\n");
  // Unnamed: PostgreSQL names it; the VALIDATE could only guess the name.
  FileReport unnamed = lintOnly("ALTER TABLE orders ADD CHECK (total >= 0);\n", "constraint-not-valid");
  ASSERT_EQ(unnamed.findings.size(), 1U);
  EXPECT_FALSE(unnamed.findings[0].fix);
}

TEST(Fixes, SetNotNullBecomesACheckValidatedInTheNextMigration) {
  auto [text, following] = fixed("ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n", "set-not-null");
  EXPECT_EQ(text, "ALTER TABLE orders ADD CONSTRAINT orders_note_not_null CHECK (note IS NOT NULL) NOT VALID;\n");
  EXPECT_EQ(following,
            "ALTER TABLE orders VALIDATE CONSTRAINT orders_note_not_null;\n"
            "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n"
            "ALTER TABLE orders DROP CONSTRAINT orders_note_not_null;\n");
  // The next migration, on its own, lints clean of the rule.
  EXPECT_TRUE(lintOnly(following, "set-not-null").findings.empty());
  // The rollback drops the check when the next migration never ran (and nothing otherwise).
  FileReport report = lintOnly("ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\n", "set-not-null");
  ASSERT_EQ(report.findings.size(), 1U);
  EXPECT_EQ(report.findings[0].fix->rollbackAddition,
            "ALTER TABLE IF EXISTS orders DROP CONSTRAINT IF EXISTS orders_note_not_null;\n");
}

TEST(Fixes, UniqueConstraintIsBuiltAsAnIndexFirst) {
  auto [text, following] = fixed("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email, tenant);\n",
                                 "unique-constraint-without-index");
  EXPECT_EQ(text, "CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email, tenant);\n");
  EXPECT_EQ(following, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;\n");
  FileReport deferrable =
      lintOnly("ALTER TABLE users ADD CONSTRAINT k UNIQUE (email) DEFERRABLE;\n", "unique-constraint-without-index");
  ASSERT_EQ(deferrable.findings.size(), 1U);
  EXPECT_FALSE(deferrable.findings[0].fix);
  FileReport primary =
      lintOnly("ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id);\n", "unique-constraint-without-index");
  ASSERT_EQ(primary.findings.size(), 1U);
  EXPECT_FALSE(primary.findings[0].fix);
}

TEST(Fixes, LockTimeoutGoesBeforeTheFirstStatement) {
  auto [text, following] = fixed("-- add a note\nALTER TABLE orders ADD COLUMN note text;\n", "require-lock-timeout");
  EXPECT_EQ(text, "-- add a note\nSET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\n");
  TextLintOptions goose;
  goose.layout = "goose";
  goose.onlyRules = {"require-lock-timeout"};
  std::string sql = "-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\n-- +goose Down\nSELECT 1;\n";
  FileReport report = lintText(sql, goose, rules::allRules()).value();
  EXPECT_EQ(applyEdits(sql, editsOf(report)),
            "-- +goose Up\nSET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\n-- +goose Down\nSELECT "
            "1;\n");
}

TEST(Fixes, TypeNamesChangeOnNewTablesOnly) {
  auto [text, following] =
      fixed("CREATE TABLE events (id serial PRIMARY KEY, at timestamp(3) without time zone NOT NULL, b TIMESTAMP);\n",
            "prefer-timestamptz");
  EXPECT_EQ(text, "CREATE TABLE events (id serial PRIMARY KEY, at timestamptz(3) NOT NULL, b timestamptz);\n");
  auto [ids, none] =
      fixed("CREATE TABLE events (id serial PRIMARY KEY, n integer GENERATED ALWAYS AS IDENTITY);\n", "prefer-bigint");
  EXPECT_EQ(ids, "CREATE TABLE events (id bigserial PRIMARY KEY, n bigint GENERATED ALWAYS AS IDENTITY);\n");
  FileReport altered = lintOnly("ALTER TABLE events ADD COLUMN at timestamp;\n", "prefer-timestamptz");
  ASSERT_EQ(altered.findings.size(), 1U);
  EXPECT_FALSE(altered.findings[0].fix);
}

// Every rule that says it is fixable fixes its own bad example, and the result lints clean
// of it (with the added migrations' SQL after it); the others never attach a fix.
TEST(Fixes, FixableRulesFixTheirBadExampleAndOthersNever) {
  int fixable = 0;
  for (const RuleDefinition* rule : rules::allRules()) {
    const RuleMeta& meta = rule->meta;
    if (meta.badExample.empty()) continue;
    FileReport bad = lintOnly(std::string(meta.badExample), std::string(meta.name));
    bool anyFix =
        std::any_of(bad.findings.begin(), bad.findings.end(), [](const Finding& f) { return f.fix != nullptr; });
    if (meta.fix.empty()) {
      EXPECT_FALSE(anyFix) << meta.name << " attaches a fix but its page says it is not fixable";
      continue;
    }
    ++fixable;
    ASSERT_TRUE(anyFix) << meta.name << ": its bad example gets no fix";
    auto [text, following] = fixed(std::string(meta.badExample), std::string(meta.name));
    FileReport after = lintOnly(text, std::string(meta.name));
    EXPECT_TRUE(after.findings.empty()) << meta.name << ": still flagged after the fix:\n" << text;
    TextLintOptions options;
    options.onlyRules = {"syntax-error"};
    EXPECT_TRUE(lintText(text + following, options, rules::allRules()).value().findings.empty()) << text + following;
  }
  EXPECT_EQ(fixable, 8);
}

}  // namespace
}  // namespace sluice
