// Behaviour of the locking and transaction rules that fixtures cannot show: messages
// and help texts, and verdicts that depend on earlier migrations of a folder.
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;

FileReport lintAll(const std::string& sql, int pgVersion = 15) {
  TextLintOptions options;
  options.pgVersion = pgVersion;
  return lintText(sql, options, rules::allRules()).value();
}

std::vector<const Finding*> findingsOf(const FileReport& report, std::string_view rule) {
  std::vector<const Finding*> out;
  for (const Finding& finding : report.findings) {
    if (finding.rule->name == rule) out.push_back(&finding);
  }
  return out;
}

TEST(MigrationRules, NeverSuggestNotValidForUniquePrimaryKeyOrExclude) {
  // PostgreSQL rejects NOT VALID for these (checked: "UNIQUE constraints cannot be
  // marked NOT VALID"); squawk suggests it anyway.
  FileReport report = lintAll(
      "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n"
      "ALTER TABLE users ADD PRIMARY KEY (id);\n"
      "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);\n"
      "ALTER TABLE users ADD COLUMN handle text UNIQUE;\n");
  EXPECT_EQ(findingsOf(report, "unique-constraint-without-index").size(), 4U);
  EXPECT_TRUE(findingsOf(report, "constraint-not-valid").empty());
  for (const Finding& finding : report.findings) {
    EXPECT_EQ(finding.message.find("NOT VALID"), std::string::npos) << finding.rule->name << ": " << finding.message;
    EXPECT_EQ(finding.help.find("NOT VALID"), std::string::npos) << finding.rule->name << ": " << finding.help;
  }
}

TEST(MigrationRules, ForeignKeyAndCheckAreToldToUseNotValid) {
  FileReport report = lintAll(
      "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\n"
      "ALTER TABLE orders ADD COLUMN discount numeric CHECK (discount >= 0);\n");
  auto findings = findingsOf(report, "constraint-not-valid");
  ASSERT_EQ(findings.size(), 2U);
  EXPECT_NE(findings[0]->help.find("NOT VALID"), std::string::npos);
  EXPECT_NE(findings[0]->message.find("SHARE ROW EXCLUSIVE"), std::string::npos);
  EXPECT_NE(findings[0]->message.find("`customers`"), std::string::npos);
  // A column constraint cannot be NOT VALID: the help says to split it off.
  EXPECT_NE(findings[1]->help.find("cannot be NOT VALID"), std::string::npos);
  EXPECT_NE(findings[1]->message.find("ACCESS EXCLUSIVE"), std::string::npos);
}

TEST(MigrationRules, VersionSpecificHelp) {
  FileReport reindexReport = lintAll("REINDEX TABLE orders;\n", 11);
  auto reindex = findingsOf(reindexReport, "require-concurrent-reindex");
  ASSERT_EQ(reindex.size(), 1U);
  EXPECT_NE(reindex[0]->help.find("no REINDEX CONCURRENTLY"), std::string::npos) << reindex[0]->help;

  FileReport notNullReport = lintAll("ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n", 11);
  auto notNull = findingsOf(notNullReport, "set-not-null");
  ASSERT_EQ(notNull.size(), 1U);
  EXPECT_NE(notNull[0]->help.find("Before PostgreSQL 12"), std::string::npos) << notNull[0]->help;

  FileReport rewriteReport = lintAll("ALTER TABLE orders ADD COLUMN flags int DEFAULT 0;\n", 10);
  auto rewrite = findingsOf(rewriteReport, "add-column-rewrite");
  ASSERT_EQ(rewrite.size(), 1U);
  EXPECT_NE(rewrite[0]->message.find("before PostgreSQL 11"), std::string::npos) << rewrite[0]->message;
}

TEST(MigrationRules, UnknownDefaultFunctionSaysSo) {
  FileReport report = lintAll("ALTER TABLE orders ADD COLUMN slug text DEFAULT make_slug();\n");
  auto findings = findingsOf(report, "add-column-rewrite");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_NE(findings[0]->message.find("`make_slug()`"), std::string::npos);
  EXPECT_NE(findings[0]->message.find("does not know"), std::string::npos);
}

std::vector<std::string> migrationsOf(std::string_view example) {
  std::vector<std::string> parts(1);
  std::size_t start = 0;
  while (start < example.size()) {
    std::size_t end = example.find('\n', start);
    if (end == std::string_view::npos) end = example.size();
    std::string_view line = example.substr(start, end - start);
    if (line.starts_with("-- in the next migration") || line.starts_with("-- in a later migration")) {
      parts.emplace_back();
    } else {
      parts.back() += std::string(line) + "\n";
    }
    start = end + 1;
  }
  return parts;
}

// Lints the parts of an example ("-- in the next migration:" starts another one) as
// consecutive migrations of one folder, so that later parts are read against the
// history of the earlier ones; returns the findings of `rule`.
std::vector<std::string> findingsOfExample(std::string_view example, const RuleMeta& rule) {
  auto dir = TempDir::create("sluice-example-");
  std::vector<std::string> parts = migrationsOf(example);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string name = "2024010100000" + std::to_string(i) + "_part" + std::to_string(i) + ".sql";
    EXPECT_TRUE(writeFileAtomically(dir->path() / name, parts[i]).ok());
  }
  LintRequest request;
  request.paths = {dir->path().string()};
  request.onlyRules = {std::string(rule.name)};
  auto report = lint(request, rules::allRules());
  std::vector<std::string> messages;
  if (!report) return {"cannot lint: " + report.error().message};
  for (const FileReport& file : report->files) {
    for (const Finding& finding : file.findings) messages.push_back(finding.message);
  }
  return messages;
}

// Every statement rule's documented examples do what the documentation says: the
// flagged one is flagged, the other one is not. (Rules about layouts, names, rollback
// pairs and sizes document folders, not SQL snippets; their fixtures cover them.)
TEST(MigrationRules, DocumentedExamplesBehaveAsDocumented) {
  for (const RuleDefinition* rule : rules::allRules()) {
    const RuleMeta& meta = rule->meta;
    if (meta.category != Category::Destructive && meta.category != Category::Locking &&
        meta.category != Category::Transaction && meta.category != Category::Style) {
      continue;
    }
    TextLintOptions options;
    options.onlyRules = {std::string(meta.name)};
    // The Prisma-specific example says so in its first line.
    if (meta.badExample.starts_with("-- a Prisma")) options.layout = "prisma";
    FileReport bad = lintText(std::string(meta.badExample), options, rules::allRules()).value();
    EXPECT_FALSE(bad.findings.empty()) << meta.name << " does not flag its own bad example";
    for (const std::string& message : findingsOfExample(meta.goodExample, meta)) {
      ADD_FAILURE() << meta.name << " flags its own good example: " << message;
    }
  }
}

class MigrationFolder : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& sql) {
    ASSERT_TRUE(writeFileAtomically(dir_.path() / name, sql).ok());
  }
  std::vector<Finding> lintFolder(const std::string& onlyRule) {
    LintRequest request;
    request.paths = {dir_.path().string()};
    request.onlyRules = {onlyRule};
    request.jobs = 1;
    auto report = lint(request, rules::allRules());
    EXPECT_TRUE(report.ok());
    std::vector<Finding> out;
    findingFiles_.clear();
    if (!report.ok()) return out;
    for (const FileReport& file : report->files) {
      for (const Finding& finding : file.findings) {
        out.push_back(finding);
        findingFiles_.push_back(file.source->path());
      }
    }
    return out;
  }
  std::vector<std::string> findingFiles_;  // the file of each finding lintFolder returned
  TempDir dir_ = std::move(TempDir::create("sluice-migration-rules-").value());
};

TEST_F(MigrationFolder, MessagesNameWhereAnObjectWasCreated) {
  write("20240101000000_init.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n");
  write("20240101000000_init_rollback.sql", "DROP TABLE orders;\n");
  write("20240102000000_fk.sql",
        "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);\n");
  write("20240102000000_fk_rollback.sql", "ALTER TABLE orders DROP CONSTRAINT orders_customer_fk;\n");
  auto findings = lintFolder("constraint-not-valid");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_NE(findings[0].message.find("table `orders`, created in 20240101000000_init"), std::string::npos)
      << findings[0].message;
}

TEST_F(MigrationFolder, ValidatedNotNullCheckFromAnEarlierMigrationIsTrusted) {
  // The strong_migrations pattern over two migrations: the check is added NOT VALID in
  // one, validated right before SET NOT NULL in the next.
  write("20240101000000_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
  write("20240102000000_check.sql",
        "ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;\n");
  write("20240103000000_not_null.sql",
        "ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;\n"
        "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n"
        "ALTER TABLE users DROP CONSTRAINT users_email_not_null;\n");
  write("20240104000000_more.sql",
        "ALTER TABLE users ALTER COLUMN id DROP NOT NULL;\n"
        "ALTER TABLE users ALTER COLUMN id SET NOT NULL;\n");
  auto findings = lintFolder("set-not-null");
  ASSERT_EQ(findings.size(), 1U);
  EXPECT_NE(findingFiles_[0].find("20240104000000_more"), std::string::npos) << findingFiles_[0];
}

}  // namespace
}  // namespace sluice
