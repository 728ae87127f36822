// readFile reads a whole file with one open and no stat (common/file_io.cpp): every byte
// of a file larger than its buffer, an empty file, and clear refusals of a folder and a
// missing file. readSqlFile (common/sql_file.cpp) looks for a broken link only when the
// open fails, and then says what the link is.
#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/sql_file.hpp"
#include "common/temp_dir.hpp"

namespace sluice {
namespace {

namespace fs = std::filesystem;

class ReadFileTest : public ::testing::Test {
 protected:
  TempDir dir_ = std::move(TempDir::create("sluice-read-file-").value());
};

TEST_F(ReadFileTest, ReadsEveryByteOfAFileLargerThanItsBuffer) {
  std::string text;
  for (int i = 0; text.size() < std::size_t{300} * 1024; ++i)
    text += "INSERT INTO t VALUES (" + std::to_string(i) + ");\n";
  text += std::string(1, '\0') + "tail";
  ASSERT_TRUE(writeFileAtomically(dir_.path() / "big.sql", text).ok());
  auto read = readFile(dir_.path() / "big.sql");
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(*read, text);
  // The next, small file gets only its own bytes.
  ASSERT_TRUE(writeFileAtomically(dir_.path() / "small.sql", "SELECT 1;\n").ok());
  auto small = readFile(dir_.path() / "small.sql");
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(*small, "SELECT 1;\n");
}

TEST_F(ReadFileTest, AnEmptyFileIsAnEmptyString) {
  ASSERT_TRUE(writeFileAtomically(dir_.path() / "empty.sql", "").ok());
  auto read = readFile(dir_.path() / "empty.sql");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read, "");
}

TEST_F(ReadFileTest, AFolderAndAMissingFileAreInputErrors) {
  fs::create_directory(dir_.path() / "folder.sql");
  auto folder = readFile(dir_.path() / "folder.sql");
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.error().code, ErrorCode::Input);
  EXPECT_NE(folder.error().message.find("is a directory, not a file"), std::string::npos) << folder.error().message;
  auto missing = readFile(dir_.path() / "missing.sql");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::Input);
  EXPECT_NE(missing.error().message.find("no such file"), std::string::npos) << missing.error().message;
}

TEST_F(ReadFileTest, ASqlFileThatIsABrokenOrLoopingLinkSaysSo) {
  fs::create_symlink("nowhere.sql", dir_.path() / "broken.sql");
  auto broken = readSqlFile(dir_.path() / "broken.sql");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code, ErrorCode::Input);
  EXPECT_NE(broken.error().message.find("is a symbolic link to nowhere.sql, which does not exist"), std::string::npos)
      << broken.error().message;
  fs::create_symlink("loop.sql", dir_.path() / "loop.sql");
  auto loop = readSqlFile(dir_.path() / "loop.sql");
  ASSERT_FALSE(loop.ok());
  EXPECT_NE(loop.error().message.find("is a symbolic link that loops"), std::string::npos) << loop.error().message;
  // A link to a file is read as the file.
  ASSERT_TRUE(writeFileAtomically(dir_.path() / "real.sql", "SELECT 1;\n").ok());
  fs::create_symlink("real.sql", dir_.path() / "link.sql");
  auto linked = readSqlFile(dir_.path() / "link.sql");
  ASSERT_TRUE(linked.ok()) << linked.error().message;
  EXPECT_EQ(*linked, "SELECT 1;\n");
}

}  // namespace
}  // namespace sluice
