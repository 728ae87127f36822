// Bad input of every kind reaches the real binary and gets a clear message, a location
// where there is one, and exit code 2; or findings. Never a crash or a hang.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/file_io.hpp"
#include "common/subprocess.hpp"
#include "common/temp_dir.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

class BadInput : public ::testing::Test {
 protected:
  ProcessResult run(std::vector<std::string> args) {
    args.insert(args.begin(), SLUICE_BINARY);
    SpawnOptions options;
    options.cwd = dir_.path();
    options.setEnv = {{"NO_COLOR", "1"}};
    auto result = runProcess(args, options);
    EXPECT_TRUE(result.ok());
    EXPECT_EQ(result->signal, 0) << "sluice crashed";
    return result.ok() ? *result : ProcessResult{};
  }
  void write(const std::string& name, const std::string& contents) {
    fs::create_directories((dir_.path() / name).parent_path());
    std::ofstream(dir_.path() / name, std::ios::binary) << contents;
  }
  TempDir dir_ = std::move(TempDir::create("sluice-bad-input-").value());
};

TEST_F(BadInput, AMissingPathIsAnInputError) {
  ProcessResult result = run({"lint", "missing.sql"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("no such file or folder: missing.sql"), std::string::npos) << result.err;
}

TEST_F(BadInput, ADanglingSymlinkIsAnInputError) {
  fs::create_symlink("nowhere.sql", dir_.path() / "link.sql");
  ProcessResult result = run({"lint", "link.sql"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("link.sql"), std::string::npos) << result.err;
}

TEST_F(BadInput, AnEmptyFolderSaysThereIsNothingToLint) {
  fs::create_directories(dir_.path() / "empty");
  ProcessResult result = run({"lint", "empty"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("no migrations in empty"), std::string::npos) << result.err;
}

TEST_F(BadInput, AFolderNamedLikeASqlFileIsAFolder) {
  fs::create_directories(dir_.path() / "weird.sql");
  ProcessResult named = run({"lint", "weird.sql"});
  EXPECT_EQ(named.exitCode, 2);
  EXPECT_NE(named.err.find("no migrations in weird.sql"), std::string::npos) << named.err;
  // Inside a migrations folder it is skipped, not read as a file.
  write("migrations/0001_init.sql", "CREATE TABLE t (id bigint);\n");
  fs::create_directories(dir_.path() / "migrations" / "0002_odd.sql");
  ProcessResult folder = run({"lint", "migrations"});
  EXPECT_EQ(folder.exitCode, 0) << folder.out << folder.err;
}

TEST_F(BadInput, AFifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((dir_.path() / "pipe.sql").c_str(), 0600), 0);
  ProcessResult result = run({"lint", "pipe.sql"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("not a regular file"), std::string::npos) << result.err;
}

TEST_F(BadInput, BinaryFilesAreRefusedWithTheLocationOfTheNulByte) {
  write("binary.sql", std::string("SELECT 1;\n\x00\x01\x02", 13));
  ProcessResult result = run({"lint", "binary.sql"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("binary.sql:2:1"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("binary"), std::string::npos) << result.err;
}

TEST_F(BadInput, InvalidUtf8IsRefusedWithItsLocation) {
  write("latin1.sql", "SELECT 'caf\xe9';\n");
  ProcessResult result = run({"lint", "latin1.sql"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find("latin1.sql:1:12"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("UTF-8"), std::string::npos) << result.err;
}

TEST_F(BadInput, OneBadFileDoesNotHideTheFindingsOfTheOthers) {
  write("m/0001_ok.sql", "DROP TABLE users;\n");
  write("m/0002_bad.sql", std::string("\x00", 1));
  ProcessResult result = run({"lint", "m", "--format", "json"});
  EXPECT_EQ(result.exitCode, 2);
  auto report = nlohmann::json::parse(result.out);
  EXPECT_EQ(report["summary"]["files"], 1);
  EXPECT_EQ(report["errors"].size(), 1U);
  bool dropTable = false;
  for (const auto& finding : report["diagnostics"]) dropTable = dropTable || finding["rule"] == "drop-table";
  EXPECT_TRUE(dropTable);
}

TEST_F(BadInput, TenThousandStatementsAreLinted) {
  std::string sql = "CREATE TABLE t (id bigint);\n";
  for (int i = 0; i < 10000; ++i) sql += "ALTER TABLE t ADD COLUMN c" + std::to_string(i) + " bigint;\n";
  sql += "DROP TABLE users;\n";
  write("many.sql", sql);
  ProcessResult result = run({"lint", "many.sql", "--format", "json", "--rule", "drop-table"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  auto report = nlohmann::json::parse(result.out);
  ASSERT_EQ(report["diagnostics"].size(), 1U);
  EXPECT_EQ(report["diagnostics"][0]["rule"], "drop-table");
  EXPECT_EQ(report["diagnostics"][0]["line"], 10002);
}

TEST_F(BadInput, AFiftyMegabyteFileIsLintedStatementByStatement) {
  {
    std::ofstream out(dir_.path() / "big.sql");
    std::string row(200, 'x');
    for (long i = 0; out.tellp() < 50'000'000; ++i)
      out << "INSERT INTO t (id, payload) VALUES (" << i << ", '" << row << "');\n";
    out << "SELEC 1;\nDROP TABLE users;\n";
  }
  ProcessResult result = run({"lint", "big.sql", "--format", "json", "--rule", "drop-table"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  auto report = nlohmann::json::parse(result.out);
  std::vector<std::string> rules;
  for (const auto& finding : report["diagnostics"]) rules.push_back(finding["rule"]);
  EXPECT_EQ(rules, (std::vector<std::string>{"syntax-error", "drop-table"}));
}

TEST_F(BadInput, AnInvalidConfigurationNamesFileLineAndColumn) {
  write(".sluice.toml", "pg_version = 15\n[rules]\ndrop-tabel = \"off\"\n");
  write("x.sql", "SELECT 1;\n");
  ProcessResult result = run({"lint", "x.sql"});
  EXPECT_EQ(result.exitCode, 2);
  EXPECT_NE(result.err.find(".sluice.toml:3:1"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("did you mean `drop-table`?"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace sluice::testing
