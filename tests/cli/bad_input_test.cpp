// Bad input of every kind reaches the real binary and gets a clear message, a location
// where there is one, and exit code 2; or findings. Never a crash or a hang.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
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
  // Whether `text` holds `part`; the failure shows the whole text.
  static ::testing::AssertionResult contains(const std::string& text, std::string_view part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "no \"" << part << "\" in:\n" << text;
  }
  // Runs sluice on input it must refuse: exit code 2, what every refusal of bad input gives.
  ProcessResult runRefused(std::vector<std::string> args) {
    ProcessResult result = run(std::move(args));
    EXPECT_EQ(result.exitCode, 2) << result.out << result.err;
    return result;
  }
  void write(const std::string& name, const std::string& contents) {
    fs::create_directories((dir_.path() / name).parent_path());
    std::ofstream(dir_.path() / name, std::ios::binary) << contents;
  }
  TempDir dir_ = std::move(TempDir::create("sluice-bad-input-").value());
};

TEST_F(BadInput, AMissingPathIsAnInputError) {
  EXPECT_TRUE(contains(runRefused({"lint", "missing.sql"}).err, "no such file or folder: missing.sql"));
}

TEST_F(BadInput, ADanglingSymlinkIsAnInputError) {
  fs::create_symlink("nowhere.sql", dir_.path() / "link.sql");
  EXPECT_TRUE(contains(runRefused({"lint", "link.sql"}).err, "link.sql"));
}

TEST_F(BadInput, AnEmptyFolderSaysThereIsNothingToLint) {
  fs::create_directories(dir_.path() / "empty");
  EXPECT_TRUE(contains(runRefused({"lint", "empty"}).err, "no migrations in empty"));
}

TEST_F(BadInput, AFolderNamedLikeASqlFileIsAFolder) {
  fs::create_directories(dir_.path() / "weird.sql");
  EXPECT_TRUE(contains(runRefused({"lint", "weird.sql"}).err, "no migrations in weird.sql"));
  // Inside a migrations folder it is skipped, not read as a file.
  write("migrations/0001_init.sql", "CREATE TABLE t (id bigint);\n");
  fs::create_directories(dir_.path() / "migrations" / "0002_odd.sql");
  ProcessResult folder = run({"lint", "migrations"});
  EXPECT_EQ(folder.exitCode, 0) << folder.out << folder.err;
}

TEST_F(BadInput, AFifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((dir_.path() / "pipe.sql").c_str(), 0600), 0);
  EXPECT_TRUE(contains(runRefused({"lint", "pipe.sql"}).err, "not a regular file"));
}

TEST_F(BadInput, BinaryFilesAreRefusedWithTheLocationOfTheNulByte) {
  write("binary.sql", std::string("SELECT 1;\n\x00\x01\x02", 13));
  std::string err = runRefused({"lint", "binary.sql"}).err;
  EXPECT_TRUE(contains(err, "binary.sql:2:1"));
  EXPECT_TRUE(contains(err, "binary"));
}

TEST_F(BadInput, InvalidUtf8IsRefusedWithItsLocation) {
  write("latin1.sql", "SELECT 'caf\xe9';\n");
  std::string err = runRefused({"lint", "latin1.sql"}).err;
  EXPECT_TRUE(contains(err, "latin1.sql:1:12"));
  EXPECT_TRUE(contains(err, "UTF-8"));
}

TEST_F(BadInput, OneBadFileDoesNotHideTheFindingsOfTheOthers) {
  write("m/0001_ok.sql", "DROP TABLE users;\n");
  write("m/0002_bad.sql", std::string("\x00", 1));
  ProcessResult result = runRefused({"lint", "m", "--format", "json"});
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
  std::string err = runRefused({"lint", "x.sql"}).err;
  EXPECT_TRUE(contains(err, ".sluice.toml:3:1"));
  EXPECT_TRUE(contains(err, "did you mean `drop-table`?"));
}

// A migrations folder with one good migration and one that cannot be read whole. Every
// command refuses it with exit 2 naming the file. The database is a refused port: a
// command that tried to connect would exit 3, so exit 2 proves nothing was touched.
struct BadMigration {
  std::string kind;
  std::function<void(const fs::path& dir)> make;
  std::string file;      // what the message must name
  std::string expected;  // and say
};

std::vector<BadMigration> badMigrations() {
  auto text = [](const fs::path& path, const std::string& contents) {
    std::ofstream(path, std::ios::binary) << contents;
  };
  // The good migration moved into a folder of its own, as `prisma migrate` lays it out.
  auto asPrisma = [](const fs::path& dir) {
    std::ofstream(dir / "migration_lock.toml") << "provider = \"postgresql\"\n";
    fs::create_directories(dir / "20240101000000_a");
    fs::rename(dir / "20240101000000_a.sql", dir / "20240101000000_a" / "migration.sql");
  };
  return {
      {"dangling symlink", [](const fs::path& dir) { fs::create_symlink("gone.sql", dir / "20240102000000_b.sql"); },
       "20240102000000_b.sql", "does not exist"},
      {"looping symlink",
       [](const fs::path& dir) { fs::create_symlink("20240102000000_b.sql", dir / "20240102000000_b.sql"); },
       "20240102000000_b.sql", "loops"},
      {"NUL byte",
       [text](const fs::path& dir) {
         text(dir / "20240102000000_b.sql", std::string("CREATE TABLE b (id int);\0DROP TABLE a;\n", 39));
       },
       "20240102000000_b.sql", "NUL byte (at byte 24)"},
      {"invalid UTF-8",
       [text](const fs::path& dir) {
         text(dir / "20240102000000_b.sql", "CREATE TABLE b (n text DEFAULT '\xe9t\xe9');\n");
       },
       "20240102000000_b.sql", "not valid UTF-8: byte 0xE9 at byte offset 32"},
      {"dangling migration folder (Prisma)",
       [asPrisma](const fs::path& dir) {
         asPrisma(dir);
         fs::create_symlink("elsewhere", dir / "20240102000000_b");
       },
       "20240102000000_b", "does not exist"},
      {"dangling migration.sql (Prisma)",
       [asPrisma](const fs::path& dir) {
         asPrisma(dir);
         fs::create_directories(dir / "20240102000000_b");
         fs::create_symlink("../gone.sql", dir / "20240102000000_b" / "migration.sql");
       },
       "20240102000000_b/migration.sql", "does not exist"},
      {"dangling down.sql (Prisma)",
       [asPrisma](const fs::path& dir) {
         asPrisma(dir);
         fs::create_symlink("../gone.sql", dir / "20240101000000_a" / "down.sql");
       },
       "20240101000000_a/down.sql", "does not exist"},
  };
}

TEST_F(BadInput, AMigrationThatCannotBeReadWholeIsRefusedByEveryCommandBeforeAnyDatabase) {
  const std::string refused = "host=127.0.0.1 port=1 dbname=x connect_timeout=2";
  int cases = 0;
  for (const BadMigration& bad : badMigrations()) {
    SCOPED_TRACE(bad.kind);
    fs::path dir = dir_.path() / ("case" + std::to_string(cases++));
    fs::create_directories(dir);
    std::ofstream(dir / "20240101000000_a.sql") << "CREATE TABLE a (id int);\n";
    bad.make(dir);
    for (std::vector<std::string> args :
         {std::vector<std::string>{"lint", dir.string()},
          {"status", "--dir", dir.string(), "--database-url", refused},
          {"deploy", "--dir", dir.string(), "--database-url", refused},
          {"deploy", "--dir", dir.string(), "--database-url", refused, "--no-lint-gate", "--no-snapshot"},
          {"verify", dir.string(), "--scratch-url", refused}}) {
      SCOPED_TRACE(args[0]);
      std::string err = runRefused(args).err;
      EXPECT_TRUE(contains(err, bad.file));
      EXPECT_TRUE(contains(err, bad.expected));
    }
  }
  EXPECT_EQ(cases, 7);
}

TEST_F(BadInput, AValidSymlinkedMigrationIsFollowed) {
  fs::create_directories(dir_.path() / "m");
  std::ofstream(dir_.path() / "m" / "20240101000000_a.sql") << "CREATE TABLE a (id int);\n";
  std::ofstream(dir_.path() / "kept.sql") << "DROP TABLE a;\n";
  fs::create_symlink("../kept.sql", dir_.path() / "m" / "20240102000000_b.sql");
  ProcessResult result = run({"lint", "m", "--format", "gcc"});
  EXPECT_EQ(result.exitCode, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("m/20240102000000_b.sql:1:1: error"), std::string::npos) << result.out;
}

// Statements as deep as the ones that crashed the parser (a stack overflow, SIGSEGV).
struct DeepStatement {
  std::string kind;
  std::string sql;
  int nesting = 0;  // > 0: too deep to analyse, reported with this depth
};

std::vector<DeepStatement> deepStatements() {
  std::string nested = "SELECT ";
  for (int i = 0; i < 1500; ++i) nested += "(SELECT ";
  nested += "1" + std::string(1500, ')') + ";\n";
  std::string sum = "SELECT 1";
  for (int i = 1; i < 100000; ++i) sum += " + 1";
  std::string unions = "SELECT 1";
  for (int i = 1; i < 20000; ++i) unions += " UNION ALL SELECT 1";
  std::string perform = "DO $$ BEGIN PERFORM 1";
  for (int i = 1; i < 20000; ++i) perform += " + 1";
  perform += "; END $$;\n";
  return {{"1,500 nested sub-selects", nested, 0},
          {"100,000 terms", "CREATE TABLE t (id int);\n" + sum + ";\n", 99999},
          {"20,000 UNION ALL branches", unions + ";\n", 19999},
          // Inside a DO block's body, a string to the top-level parser.
          {"20,000 terms in a DO block", perform, 19999}};
}

TEST_F(BadInput, DeepStatementsAreLintedOrReportedTooDeepNeverACrash) {
  for (const DeepStatement& deep : deepStatements()) {
    SCOPED_TRACE(deep.kind);
    write("deep.sql", deep.sql);
    ProcessResult result = run({"lint", "deep.sql", "--format", "json"});
    auto report = nlohmann::json::parse(result.out, nullptr, false);
    ASSERT_FALSE(report.is_discarded()) << result.out << result.err;
    if (deep.nesting == 0) {
      EXPECT_EQ(result.exitCode, 0) << result.out << result.err;
      EXPECT_EQ(report["diagnostics"].size(), 0U) << result.out;
      continue;
    }
    EXPECT_EQ(result.exitCode, 1) << result.err;
    ASSERT_EQ(report["diagnostics"].size(), 1U) << result.out;
    const auto& finding = report["diagnostics"][0];
    EXPECT_EQ(finding["rule"], "syntax-error");
    EXPECT_EQ(finding["severity"], "error");
    EXPECT_EQ(finding["line"], deep.sql.starts_with("CREATE") ? 2 : 1);
    EXPECT_GT(finding["column"].get<int>(), 1000);
    EXPECT_NE(finding["message"].get<std::string>().find("too deep to analyse: it nests " +
                                                         std::to_string(deep.nesting) + " levels deep"),
              std::string::npos)
        << finding["message"];
  }
}

TEST_F(BadInput, ATooDeepStatementIsRefusedByEveryCommandThatRunsItBeforeAnyDatabase) {
  const std::string refused = "host=127.0.0.1 port=1 dbname=x connect_timeout=2";
  for (const DeepStatement& deep : deepStatements()) {
    SCOPED_TRACE(deep.kind);
    // In a forward file (deploy and verify run it) and in a rollback file (rollback runs it).
    for (const std::string deepFile : {"20240102000000_b.up.sql", "20240101000000_a.down.sql"}) {
      fs::path dir = dir_.path() / "m";
      fs::remove_all(dir);
      fs::create_directories(dir);
      for (const std::string name : {"20240101000000_a.up.sql", "20240101000000_a.down.sql", "20240102000000_b.up.sql",
                                     "20240102000000_b.down.sql"}) {
        std::ofstream(dir / name) << (name == deepFile ? deep.sql : "SELECT 1;\n");
      }
      bool forward = deepFile.ends_with(".up.sql");
      for (std::vector<std::string> args :
           {std::vector<std::string>{"deploy", "--dir", dir.string(), "--database-url", refused},
            {"deploy", "--dir", dir.string(), "--database-url", refused, "--no-lint-gate", "--no-snapshot"},
            {"verify", dir.string(), "--scratch-url", refused},
            {"rollback", "--dir", dir.string(), "--database-url", refused, "--steps", "1"}}) {
        ProcessResult result = run(args);
        if (deep.nesting == 0 || (forward && args[0] == "rollback")) {
          // Analysed, or not run by this command: it goes on, to a database that refuses.
          EXPECT_EQ(result.exitCode, 3) << args[0] << " " << deepFile << ": " << result.out << result.err;
          continue;
        }
        EXPECT_EQ(result.exitCode, 2) << args[0] << " " << deepFile << ": " << result.out << result.err;
        EXPECT_NE(result.err.find("too deep to analyse: it nests " + std::to_string(deep.nesting)), std::string::npos)
            << args[0] << ": " << result.err;
        std::string line = deep.sql.starts_with("CREATE") ? "2" : "1";
        EXPECT_NE(result.err.find(deepFile + ":" + line + ":"), std::string::npos) << args[0] << ": " << result.err;
      }
    }
  }
}

}  // namespace
}  // namespace sluice::testing
