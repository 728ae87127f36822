// A lint whose files go to a sink as they are linted (the streamed gcc report) gives
// the same files in the same order, and the same counts, as one that returns them all.
#include <algorithm>
#include <cstdio>
#include <gtest/gtest.h>
#include <set>

#include "linter/engine.hpp"
#include "rules/registry.hpp"
#include "tests/unit/lint_folder_fixture.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;

// "file rule line" for every finding of `files`, in order.
std::vector<std::string> findingsOf(const std::vector<FileReport>& files) {
  std::vector<std::string> out;
  for (const FileReport& file : files) {
    for (const Finding& finding : file.findings) {
      out.push_back(fs::path(file.source->path()).filename().string() + " " + std::string(finding.rule->name) + " " +
                    std::to_string(finding.start.line));
    }
  }
  return out;
}

class LintSinkTest : public testing::LintFolderTest {
 protected:
  // Sets many enough that they are linted in order when streamed (more than four per
  // worker), each with a finding in its first and second migration.
  void SetUp() override {
    LintFolderTest::SetUp();
    for (int set = 0; set < 12; ++set) {
      std::string indexes;
      for (int k = 0; k <= set; ++k) indexes += "CREATE INDEX i" + std::to_string(k) + " ON t (id);\n";
      writeSet("set" + std::to_string(set), indexes);
    }
  }
  LintRequest request() const { return LintFolderTest::request(2); }
};

TEST_F(LintSinkTest, StreamedFilesMatchTheWholeReport) {
  auto whole = lint(request(), rules::allRules());
  ASSERT_TRUE(whole.ok());
  std::vector<FileReport> streamed;
  auto rest = lint(request(), rules::allRules(), [&](FileReport&& file) { streamed.push_back(std::move(file)); });
  ASSERT_TRUE(rest.ok());

  EXPECT_TRUE(rest->files.empty());
  ASSERT_EQ(streamed.size(), whole->files.size());
  for (std::size_t i = 0; i < streamed.size(); ++i) {
    EXPECT_EQ(streamed[i].source->path(), whole->files[i].source->path()) << i;
  }
  std::vector<std::string> expected = findingsOf(whole->files);
  EXPECT_EQ(findingsOf(streamed), expected);
  // 12 sets: a drop-table in each first migration, 1 + 2 + ... + 12 indexes in the second.
  EXPECT_EQ(std::count_if(expected.begin(), expected.end(),
                          [](const std::string& f) { return f.find(" drop-table ") != std::string::npos; }),
            12);
  EXPECT_EQ(
      std::count_if(expected.begin(), expected.end(),
                    [](const std::string& f) { return f.find(" require-concurrent-index ") != std::string::npos; }),
      78);
  EXPECT_EQ(rest->errorCount, whole->errorCount);
  EXPECT_EQ(rest->warningCount, whole->warningCount);
  EXPECT_EQ(rest->failed(), whole->failed());
  EXPECT_EQ(rest->sets.size(), 12U);
}

// Workers take the biggest of the next few sets first (linter/engine.cpp, JobPicker):
// with sets of very different sizes, the report still comes in the sets' order, every
// file once.
TEST_F(LintSinkTest, BigSetsStartedEarlyStillReportInTheSetsOrder) {
  for (int set : {5, 9, 10}) {
    for (int k = 0; k < 10 * set; ++k) {
      char name[64];
      std::snprintf(name, sizeof name, "2024030100%04d_more.sql", k);
      write(dir_.path() / ("set" + std::to_string(set)) / name,
            "ALTER TABLE t ADD COLUMN c" + std::to_string(k) + " int;\n");
    }
  }
  auto relative = [&](const FileReport& file) {
    return fs::path(file.source->path()).lexically_relative(dir_.path()).string();
  };
  std::vector<std::string> streamed;
  auto report = lint(request(), rules::allRules(), [&](FileReport&& file) { streamed.push_back(relative(file)); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  auto whole = lint(request(), rules::allRules());
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  std::vector<std::string> expected;
  for (const FileReport& file : whole->files) expected.push_back(relative(file));
  EXPECT_EQ(streamed, expected);
  EXPECT_TRUE(std::is_sorted(streamed.begin(), streamed.end())) << "sets and files in name order";
  EXPECT_EQ(std::set<std::string>(streamed.begin(), streamed.end()).size(), streamed.size());
  EXPECT_EQ(streamed.size(), std::size_t{24 + 50 + 90 + 100});
}

// Sets linted in order wait for their turn without their lists of migrations, which are
// read again when a worker takes them (linter/engine.cpp, releaseSetList). One worker:
// the sets go strictly one after another, and the last one is read again after the
// first file was reported. Its files are those of the first reading; a folder gone
// meanwhile is that set's error, and the sets before it are reported.
TEST_F(LintSinkTest, SetsThatWaitedForTheirTurnAreReadAgain) {
  auto whole = lint(LintFolderTest::request(1), rules::allRules());
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  std::vector<FileReport> streamed;
  auto report = lint(LintFolderTest::request(1), rules::allRules(),
                     [&](FileReport&& file) { streamed.push_back(std::move(file)); });
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(findingsOf(streamed), findingsOf(whole->files));

  // The last set (set9 in name order: set0, set1, set10, set11, set2, ...) removed while
  // the first is reported.
  fs::path last = dir_.path() / "set9";
  std::vector<std::string> setsReported;  // the set of each file reported, in order
  auto broken = lint(LintFolderTest::request(1), rules::allRules(), [&](FileReport&& file) {
    if (setsReported.empty()) fs::remove_all(last);
    setsReported.push_back(fs::path(file.source->path()).parent_path().filename().string());
  });
  ASSERT_TRUE(broken.ok()) << broken.error().message;
  EXPECT_FALSE(fs::exists(last));
  ASSERT_EQ(broken->errors.size(), 1U);
  EXPECT_NE(broken->errors[0].message.find("set9"), std::string::npos) << broken->errors[0].message;
  EXPECT_EQ(broken->sets.size(), 12U);
  ASSERT_EQ(setsReported.size(), whole->files.size() - 2) << "every file but the two of the removed set";
  EXPECT_EQ(setsReported.front(), "set0");
  EXPECT_EQ(std::count(setsReported.begin(), setsReported.end(), "set9"), 0);
}

}  // namespace
}  // namespace sluice
