// The sets of folders linted whole are read by the workers, in parallel, before any is
// linted (linter/engine.cpp, loadPendingSets). What a user sees must not depend on it:
// the same report as reading them one by one, and a set that cannot be read fails the
// whole lint, the first such set by path, before any file reaches the report.
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>

#include "linter/engine.hpp"
#include "rules/registry.hpp"
#include "tests/unit/lint_folder_fixture.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;

// "set layout file rule line" for every finding, in report order.
std::vector<std::string> summaryOf(const LintReport& report) {
  std::vector<std::string> out;
  for (const LintedSet& set : report.sets) out.push_back(set.root + " " + set.layout);
  for (const FileReport& file : report.files) {
    out.push_back(file.source->path());
    for (const Finding& finding : file.findings) {
      out.push_back(std::string(finding.rule->name) + " " + std::to_string(finding.start.line));
    }
  }
  return out;
}

class LintSetsTest : public testing::LintFolderTest {
 protected:
  void SetUp() override {
    LintFolderTest::SetUp();
    // Sets of three layouts, and a folder of golang-migrate files that golang-migrate
    // itself refuses (two up files of version 1).
    for (int set = 0; set < 6; ++set) writeSet("set" + std::to_string(set), "CREATE INDEX i ON t (id);\n");
    write(dir_.path() / "prisma" / "20240101000000_init" / "migration.sql", "ALTER TABLE a DROP COLUMN b;\n");
    write(dir_.path() / "updown" / "1_init.up.sql", "CREATE TABLE u (id int);\n");
    write(dir_.path() / "updown" / "1_init.down.sql", "DROP TABLE u;\n");
  }
  void addRefusedSet(const std::string& name) {
    write(dir_.path() / name / "1_init.up.sql", "CREATE TABLE t (id int);\n");
    write(dir_.path() / name / "1_other.up.sql", "CREATE TABLE u (id int);\n");
  }
};

TEST_F(LintSetsTest, SetsReadInParallelGiveTheReportOfSetsReadOneByOne) {
  auto serial = lint(request(1), rules::allRules());
  auto parallel = lint(request(2), rules::allRules());
  ASSERT_TRUE(serial.ok()) << serial.error().message;
  ASSERT_TRUE(parallel.ok()) << parallel.error().message;
  EXPECT_EQ(serial->sets.size(), 8U);
  EXPECT_EQ(summaryOf(*parallel), summaryOf(*serial));
  EXPECT_GT(parallel->errorCount + parallel->warningCount, 0U);
}

TEST_F(LintSetsTest, ASetThatCannotBeReadFailsTheLintBeforeAnyFileIsReported) {
  addRefusedSet("set3-refused");
  addRefusedSet("set5-refused");
  for (unsigned jobs : {1U, 2U, 4U}) {
    std::size_t streamed = 0;
    auto report = lint(request(jobs), rules::allRules(), [&](FileReport&&) { ++streamed; });
    ASSERT_FALSE(report.ok()) << jobs;
    EXPECT_NE(report.error().message.find("golang-migrate refuses"), std::string::npos) << report.error().message;
    EXPECT_NE(report.error().location.find("set3-refused"), std::string::npos) << report.error().location;
    EXPECT_EQ(streamed, 0U) << jobs;
  }
  // The same when the refused folder's file is named on its own, after a good one.
  auto named = lint(request(2, {(dir_.path() / "set0" / "20240101000000_init.sql").string(),
                                (dir_.path() / "set5-refused" / "1_init.up.sql").string()}),
                    rules::allRules());
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.error().location.find("set5-refused"), std::string::npos) << named.error().location;
}

// One file checked against a long history: with cores to spare, helper threads read and
// parse the history ahead of its replay (linter/engine.cpp), and the files of a folder
// linted whole ahead of their lint. The report must be the one a
// single thread gives, and it must show that the history was replayed, in order: the
// table altered was created by the first migration, and a table created and dropped
// again on the way is unknown at the end.
TEST_F(LintSetsTest, ALongHistoryGetsTheSameReportWhenHelpersReadAndParseAhead) {
  fs::path history = dir_.path() / "long";
  auto folderOf = [&](int minute) {
    char name[32];
    std::snprintf(name, sizeof name, "2024010100%02d00_m%02d", minute, minute);
    return history / name;
  };
  write(history / "migration_lock.toml", "provider = \"postgresql\"\n");
  write(folderOf(0) / "migration.sql", "CREATE TABLE t (id int, c int);\n");
  for (int minute = 1; minute < 59; ++minute) {
    write(folderOf(minute) / "migration.sql", "CREATE TABLE filler_" + std::to_string(minute) + " (id int);\n");
  }
  write(folderOf(30) / "migration.sql", "CREATE TABLE late (id int, c int);\n");
  write(folderOf(45) / "migration.sql", "DROP TABLE late;\n");
  write(folderOf(59) / "migration.sql",
        "ALTER TABLE t ALTER COLUMN c TYPE bigint;\nALTER TABLE late ALTER COLUMN c TYPE bigint;\n");
  auto messagesOf = [](const LintReport& report) {
    std::vector<std::string> out;
    for (const FileReport& file : report.files) {
      for (const Finding& finding : file.findings)
        out.push_back(std::string(finding.rule->name) + ": " + finding.message);
    }
    return out;
  };
  std::vector<std::string> file{(folderOf(59) / "migration.sql").string()};
  auto alone = lint(request(1, file), rules::allRules());
  ASSERT_TRUE(alone.ok()) << alone.error().message;
  std::vector<std::string> expected = messagesOf(*alone);
  auto created = std::find_if(expected.begin(), expected.end(), [](const std::string& message) {
    return message.starts_with("change-column-type: column `c` of table `t`, created in 20240101000000_m00");
  });
  EXPECT_NE(created, expected.end()) << "the history was not replayed";
  auto unknown = std::find_if(expected.begin(), expected.end(), [](const std::string& message) {
    return message.starts_with(
        "change-column-type: column `c` of table `late`: changing its type to int8: its current "
        "type is unknown");
  });
  EXPECT_NE(unknown, expected.end()) << "the DROP TABLE of the 45th migration was not replayed after the CREATE";
  for (unsigned jobs : {2U, 4U}) {
    auto helped = lint(request(jobs, file), rules::allRules());
    ASSERT_TRUE(helped.ok()) << helped.error().message;
    EXPECT_EQ(messagesOf(*helped), expected) << jobs;
  }
  // The whole folder: every file is reported, and read and parsed ahead the same way; a
  // file that cannot be read is an error of this lint, in its place.
  write(folderOf(20) / "migration.sql", "CREATE TABLE \xff (id int);\n");
  // Checking the last file again: history that cannot be read is skipped, not this
  // lint's error, with helpers as without.
  for (unsigned jobs : {1U, 2U}) {
    auto skipping = lint(request(jobs, file), rules::allRules());
    ASSERT_TRUE(skipping.ok()) << skipping.error().message;
    EXPECT_TRUE(skipping->errors.empty()) << jobs;
    EXPECT_EQ(messagesOf(*skipping), expected) << jobs;
  }
  std::vector<std::string> folder{history.string()};
  auto one = lint(request(1, folder), rules::allRules());
  ASSERT_TRUE(one.ok()) << one.error().message;
  ASSERT_EQ(one->errors.size(), 1U);
  EXPECT_NE(one->errors[0].location.find("20240101002000_m20"), std::string::npos) << one->errors[0].location;
  EXPECT_GT(one->files.size(), 50U);
  for (unsigned jobs : {2U, 4U}) {
    auto helped = lint(request(jobs, folder), rules::allRules());
    ASSERT_TRUE(helped.ok()) << helped.error().message;
    EXPECT_EQ(messagesOf(*helped), messagesOf(*one)) << jobs;
    ASSERT_EQ(helped->errors.size(), 1U) << jobs;
    EXPECT_EQ(helped->errors[0].message, one->errors[0].message) << jobs;
    EXPECT_EQ(helped->errors[0].location, one->errors[0].location) << jobs;
  }
}

// Rollbacks are read and parsed ahead with their forward files, and a worker whose own
// sets are done joins a long one still running (common/help_board.hpp). The report must be
// the one a single thread gives, errors included: a rollback that cannot be read is this
// lint's error only where its forward file was checked, as when it was read in the loop.
TEST_F(LintSetsTest, RollbacksReadAheadAndWorkersThatJoinALongSetGiveTheSameReport) {
  fs::path history = dir_.path() / "updown-long";
  auto fileOf = [&](int number, const char* direction) {
    char name[40];
    std::snprintf(name, sizeof name, "%03d_m%03d.%s.sql", number, number, direction);
    return history / name;
  };
  for (int number = 1; number <= 60; ++number) {
    std::string table = "t" + std::to_string(number);
    write(fileOf(number, "up"), "CREATE TABLE " + table + " (id int, c int);\nCREATE INDEX ON " + table + " (c);\n");
    write(fileOf(number, "down"), number % 7 == 0 ? "SELECT 1;\n" : "DROP TABLE " + table + ";\n");
  }
  write(fileOf(10, "down"), "DROP TABLE \xff;\n");  // its forward is checked: an error
  write(fileOf(20, "up"), "CREATE TABLE \xff (id int);\n");
  write(fileOf(20, "down"), "DROP TABLE \xfe;\n");  // its forward is not: no error of its own
  auto messagesOf = [](const LintReport& report) {
    std::vector<std::string> out;
    for (const FileReport& file : report.files) {
      for (const Finding& finding : file.findings) {
        out.push_back(file.source->path() + ": " + std::string(finding.rule->name) + ": " + finding.message);
      }
    }
    for (const Error& error : report.errors) out.push_back("error at " + error.location + ": " + error.message);
    return out;
  };
  std::vector<std::string> folders{history.string()};
  for (int set = 0; set < 6; ++set) folders.push_back((dir_.path() / ("set" + std::to_string(set))).string());
  auto one = lint(request(1, folders), rules::allRules());
  ASSERT_TRUE(one.ok()) << one.error().message;
  std::vector<std::string> expected = messagesOf(*one);
  ASSERT_EQ(one->errors.size(), 2U);
  EXPECT_NE(one->errors[0].location.find("010_m010.down.sql"), std::string::npos) << one->errors[0].location;
  EXPECT_NE(one->errors[1].location.find("020_m020.up.sql"), std::string::npos) << one->errors[1].location;
  auto reversible = std::count_if(expected.begin(), expected.end(), [](const std::string& message) {
    return message.find("014_m014.up.sql: rollback-incomplete") != std::string::npos;
  });
  EXPECT_GT(reversible, 0) << "the rollback that does not undo its migration was not checked";
  for (unsigned jobs : {2U, 3U, 4U}) {
    auto helped = lint(request(jobs, folders), rules::allRules());
    ASSERT_TRUE(helped.ok()) << helped.error().message;
    EXPECT_EQ(messagesOf(*helped), expected) << jobs;
  }
}

// A folder given whole and one of its files given again: the file selects from the set
// that the folder's job reads.
TEST_F(LintSetsTest, AFileOfAFolderAlsoGivenWholeIsLintedOnce) {
  fs::path folder = dir_.path() / "set1";
  auto both = lint(request(2, {folder.string(), (folder / "20240101000000_init.sql").string()}), rules::allRules());
  auto whole = lint(request(2, {folder.string()}), rules::allRules());
  ASSERT_TRUE(both.ok()) << both.error().message;
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_EQ(summaryOf(*both), summaryOf(*whole));
  EXPECT_EQ(both->sets.size(), 1U);
}

// Files named one by one are reported set by set, each set where its first file was
// named; a file that its folder's layout does not count as a migration is linted on its
// own, in the place it was named.
TEST_F(LintSetsTest, FilesNamedOneByOneKeepTheirOrder) {
  write(dir_.path() / "prisma" / "notes.sql", "DROP TABLE legacy;\n");
  std::vector<std::string> paths{(dir_.path() / "set1" / "20240201000000_index.sql").string(),
                                 (dir_.path() / "prisma" / "notes.sql").string(),
                                 (dir_.path() / "set0" / "20240101000000_init.sql").string(),
                                 (dir_.path() / "prisma" / "20240101000000_init" / "migration.sql").string()};
  for (unsigned jobs : {1U, 2U}) {
    auto report = lint(request(jobs, paths), rules::allRules());
    ASSERT_TRUE(report.ok()) << report.error().message;
    std::vector<std::string> files;
    for (const FileReport& file : report->files) {
      files.push_back(fs::path(file.source->path()).lexically_relative(dir_.path()).string());
    }
    EXPECT_EQ(files,
              (std::vector<std::string>{"set1/20240201000000_index.sql", "prisma/20240101000000_init/migration.sql",
                                        "prisma/migration_lock.toml",  // prisma-lock-file: it is missing
                                        "prisma/notes.sql", "set0/20240101000000_init.sql"}))
        << jobs;
    ASSERT_EQ(report->sets.size(), 4U);
    EXPECT_EQ(report->sets[1].layout, "prisma");
    EXPECT_EQ(report->sets[2].layout, "file");
  }
}

// A named file is found in its set however it is spelled: the set's own spelling, with
// `..`, or in a migration folder that is a link to a folder outside the set (its file
// resolves to a path outside the set's root, so it is found by resolving every file of
// the set, not by the shortcut under the root). Each is reported as the set spells it.
TEST_F(LintSetsTest, ANamedFileIsFoundInItsSetHoweverItIsSpelled) {
  fs::path prisma = dir_.path() / "prisma";
  write(dir_.path() / "outside" / "migration.sql", "DROP TABLE a;\n");
  fs::create_directory_symlink(dir_.path() / "outside", prisma / "20240201000000_linked");
  const std::vector<std::pair<fs::path, std::string>> cases = {
      {prisma / "20240101000000_init" / "migration.sql", "prisma/20240101000000_init/migration.sql"},
      {prisma / "20240101000000_init" / ".." / "20240101000000_init" / "migration.sql",
       "prisma/20240101000000_init/migration.sql"},
      {prisma / "20240201000000_linked" / "migration.sql", "prisma/20240201000000_linked/migration.sql"},
  };
  for (const auto& [named, reported] : cases) {
    auto report = lint(request(1, {named.string()}), rules::allRules());
    ASSERT_TRUE(report.ok()) << report.error().message;
    ASSERT_EQ(report->sets.size(), 1U) << named;
    EXPECT_EQ(report->sets[0].layout, "prisma") << named;
    ASSERT_FALSE(report->files.empty()) << named;
    EXPECT_EQ(fs::path(report->files[0].source->path()).lexically_relative(dir_.path()).string(), reported) << named;
  }
}

}  // namespace
}  // namespace sluice
