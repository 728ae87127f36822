// Golden tests of the sluice binary. Each folder under tests/cli/cases holds:
//   args         the command line after `sluice`, one argument per line
//   stdin        (optional) standard input
//   shared       (optional) files of tests/cli/shared the command reads, one name a line,
//                so that the cases of one input in several formats share that input
//   expected     standard output, then "--- stderr ---" and standard error
//   exit-code    the expected exit code
// The command runs with NO_COLOR=1 in a scratch copy of the case folder, with the shared
// files beside it, so a command that writes cannot change the source tree.
// UPDATE_GOLDEN=1 rewrites `expected` and `exit-code` from the actual run (review the
// diff before committing).
#include <cstdlib>
#include <filesystem>
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/subprocess.hpp"
#include "common/temp_dir.hpp"
#include "common/text.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> cases() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(SLUICE_CASES_DIR)) {
    if (entry.is_directory()) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The case's files, and the shared files it names, copied into `workdir`.
void prepareWorkdir(const fs::path& dir, const fs::path& workdir) {
  fs::copy(dir, workdir, fs::copy_options::recursive);
  if (!fs::exists(dir / "shared")) return;
  auto names = readFile(dir / "shared");
  ASSERT_TRUE(names.ok()) << names.error().message;
  for (std::string_view name : split(*names, '\n')) {
    if (name.empty()) continue;
    fs::path source = fs::path(SLUICE_SHARED_DIR) / name;
    ASSERT_TRUE(fs::is_regular_file(source)) << dir / "shared"
                                             << " names " << source << ", which does not exist";
    fs::copy_file(source, workdir / name);
  }
}

class Golden : public ::testing::TestWithParam<fs::path> {};

TEST_P(Golden, MatchesExpectedOutputAndExitCode) {
  const fs::path& dir = GetParam();
  auto argsText = readFile(dir / "args");
  ASSERT_TRUE(argsText.ok()) << "missing args file in " << dir;
  std::vector<std::string> argv{SLUICE_BINARY};
  for (std::string_view line : split(*argsText, '\n')) {
    if (!line.empty()) argv.emplace_back(line);
  }
  std::string input;
  if (fs::exists(dir / "stdin")) input = *readFile(dir / "stdin");
  auto workdir = TempDir::create("sluice-golden-");
  ASSERT_TRUE(workdir.ok()) << workdir.error().message;
  ASSERT_NO_FATAL_FAILURE(prepareWorkdir(dir, workdir->path()));
  SpawnOptions options;
  options.cwd = workdir->path();
  options.setEnv = {{"NO_COLOR", "1"}, {"COLUMNS", "100"}};
  options.stdinMode = StreamMode::Pipe;
  auto result = runProcess(argv, options, input);
  ASSERT_TRUE(result.ok()) << result.error().message;
  std::string actual = result->out + "--- stderr ---\n" + result->err;
  std::string code = std::to_string(result->exitCode) + "\n";

  if (std::getenv("UPDATE_GOLDEN") != nullptr) {
    ASSERT_TRUE(writeFileAtomically(dir / "expected", actual).ok());
    ASSERT_TRUE(writeFileAtomically(dir / "exit-code", code).ok());
    return;
  }
  auto expected = readFile(dir / "expected");
  auto expectedCode = readFile(dir / "exit-code");
  ASSERT_TRUE(expected.ok() && expectedCode.ok()) << "run with UPDATE_GOLDEN=1 to create the expectations of " << dir;
  EXPECT_EQ(*expected, actual) << "output of `sluice " << join({argv.begin() + 1, argv.end()}, " ") << "`";
  EXPECT_EQ(*expectedCode, code) << "exit code of `sluice " << join({argv.begin() + 1, argv.end()}, " ") << "`";
}

std::string caseName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.filename().string();
  for (char& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Cli, Golden, ::testing::ValuesIn(cases()), caseName);

}  // namespace
}  // namespace sluice::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
