// Which migrations a lint reports on (--since, a list of files), while the whole history
// still builds the schema model.
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/engine.hpp"
#include "linter/history_edit.hpp"
#include "rules/registry.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;

TEST(Selection, SinceComparesVersionsAndPrefixes) {
  EXPECT_TRUE(selectedSince("20240301000000", "20240301000000"));
  EXPECT_FALSE(selectedSince("20240228235959", "20240301000000"));
  // A date prefix of a timestamp version.
  EXPECT_TRUE(selectedSince("20240301120000", "20240301"));
  EXPECT_FALSE(selectedSince("20240229120000", "20240301"));
  // A whole migration id stands for its version.
  EXPECT_TRUE(selectedSince("20240301000000", "20240301000000_add_orders"));
  // Short sequential versions compare as numbers.
  EXPECT_TRUE(selectedSince("10", "9"));
  EXPECT_FALSE(selectedSince("0009", "10"));
  // Diesel dates compare as text.
  EXPECT_TRUE(selectedSince("2019-03-05-233828", "2019-03"));
  EXPECT_FALSE(selectedSince("2019-02-26-002946", "2019-03"));
}

class SelectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write("20240101000000_init.sql", "CREATE TABLE accounts (id bigint, email text);\nDROP TABLE legacy;\n");
    write("20240101000000_init_rollback.sql", "DROP TABLE accounts;\n");
    write("20240201000000_index.sql", "CREATE INDEX accounts_email_idx ON accounts (email);\n");
    write("20240201000000_index_rollback.sql", "DROP INDEX accounts_email_idx;\n");
    write(".sluice.toml", "");
  }
  void write(const std::string& name, const std::string& text) {
    ASSERT_TRUE(writeFileAtomically(dir_.path() / name, text).ok());
  }
  LintReport run(LintRequest request) {
    request.paths = {dir_.path().string()};
    request.configFile = dir_.path() / ".sluice.toml";
    auto report = lint(request, rules::allRules());
    EXPECT_TRUE(report.ok());
    return report.ok() ? std::move(*report) : LintReport();
  }
  static std::vector<std::string> reported(const LintReport& report) {
    std::vector<std::string> out;
    for (const FileReport& file : report.files) {
      for (const Finding& finding : file.findings) {
        out.push_back(fs::path(file.source->path()).filename().string() + " " + std::string(finding.rule->name));
      }
    }
    return out;
  }
  TempDir dir_ = std::move(TempDir::create("sluice-selection-").value());
};

TEST_F(SelectionTest, SinceReportsLaterMigrationsAgainstTheWholeHistory) {
  LintRequest request;
  request.onlyRules = {"drop-table", "require-concurrent-index"};
  EXPECT_EQ(reported(run(request)), (std::vector<std::string>{"20240101000000_init.sql drop-table",
                                                              "20240201000000_index.sql require-concurrent-index"}));
  request.since = "20240201";
  // The table of the earlier migration is known, so the index is on an existing table.
  EXPECT_EQ(reported(run(request)), std::vector<std::string>{"20240201000000_index.sql require-concurrent-index"});
}

TEST_F(SelectionTest, AListOfFilesSelectsWhatIsReported) {
  LintRequest request;
  request.onlyRules = {"drop-table", "require-concurrent-index"};
  request.onlyFiles = std::set<fs::path>{normalPath(dir_.path() / "20240201000000_index.sql")};
  LintReport report = run(request);
  EXPECT_EQ(reported(report), std::vector<std::string>{"20240201000000_index.sql require-concurrent-index"});
  ASSERT_EQ(report.files.size(), 1U);
}

// Files named on the command line, by git or by the engine, must meet under one spelling
// however they were written: through a symlinked folder, with `..`, or not yet existing.
TEST(Selection, PathNormalizerSpellsPathsAsNormalPathDoes) {
  TempDir dir = std::move(TempDir::create("sluice-paths-").value());
  fs::path real = dir.path() / "real" / "migrations";
  fs::create_directories(real);
  ASSERT_TRUE(writeFileAtomically(real / "1_init.sql", "SELECT 1;\n").ok());
  fs::create_directory_symlink(dir.path() / "real", dir.path() / "link");
  fs::create_symlink(real / "1_init.sql", dir.path() / "file-link.sql");
  PathNormalizer normalizer;
  const std::vector<fs::path> spellings = {
      real / "1_init.sql",
      dir.path() / "link" / "migrations" / "1_init.sql",
      dir.path() / "link" / "migrations" / ".." / "migrations" / "1_init.sql",
      dir.path() / "file-link.sql",
      dir.path() / "link" / "migrations" / "2_not_yet.sql",
      dir.path() / "missing" / "x" / ".." / "y.sql",
      // Spellings that a string-wise split must hand to the full resolution.
      fs::path(dir.path().native() + "/link//migrations/1_init.sql"),
      fs::path(dir.path().native() + "/link/./migrations/1_init.sql"),
      fs::path(dir.path().native() + "/link/migrations/"),
      fs::path(dir.path().native() + "/link/migrations/."),
      fs::path("/"),
      fs::path(""),
      fs::path("relative") / "x.sql",
      fs::path("..") / "relative.sql",
  };
  for (int pass = 0; pass < 2; ++pass) {  // the second pass answers from the cache
    for (const fs::path& path : spellings) EXPECT_EQ(normalizer(path), normalPath(path)) << path;
  }
  EXPECT_EQ(normalizer(dir.path() / "link" / "migrations" / "1_init.sql"), normalPath(real / "1_init.sql"));
}

// A lint started in a folder deleted since (a hook run from a checkout being replaced)
// cannot make relative paths absolute: the normalizer gives what normalPath gives, and
// does not keep a current directory it never learnt.
TEST(Selection, PathNormalizerWithoutACurrentDirectorySpellsAsNormalPath) {
  fs::path before = fs::current_path();
  TempDir dir = std::move(TempDir::create("sluice-gone-").value());
  fs::path gone = dir.path() / "gone";
  fs::create_directory(gone);
  fs::current_path(gone);
  fs::remove(gone);
  PathNormalizer normalizer;
  std::error_code ec;
  static_cast<void>(fs::current_path(ec));
  bool cwdGone = static_cast<bool>(ec);
  const fs::path relative = fs::path("migrations") / "1_init.sql";
  fs::path spelled = normalizer(relative);
  fs::path expected = normalPath(relative);
  fs::path absolute = normalizer(dir.path() / "x.sql");
  fs::current_path(before);
  ASSERT_TRUE(cwdGone) << "the kernel still gives a current directory";
  EXPECT_EQ(spelled, expected);
  EXPECT_EQ(absolute, normalPath(dir.path() / "x.sql"));
}

}  // namespace
}  // namespace sluice
