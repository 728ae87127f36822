// Every file of the shared corpus that parses as a whole: the linter's tree reader gives
// the very tree libpg_query's protobuf output holds, or refuses it (tests/support/parse_tree_check.hpp),
// so reading the JSON instead cannot change a finding. Skipped only when the corpus is
// absent.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <iostream>
#include <sstream>

#include "tests/support/parse_tree_check.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

TEST(Corpus, JsonTreesAreTheProtobufTrees) {
  fs::path corpus = std::getenv("SLUICE_CORPUS") != nullptr ? fs::path(std::getenv("SLUICE_CORPUS"))
                                                            : fs::path(SLUICE_SOURCE_DIR) / ".." / "shared" / "corpus";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  std::size_t compared = 0;
  std::size_t refused = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    std::ifstream file(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    ParseTreeComparison comparison = compareParseTrees(text.str());
    if (!comparison.parsed) continue;  // split and parsed statement by statement by the linter
    if (!comparison.readJson) {
      ++refused;  // an ambiguous Integer: the linter takes this tree from the protobuf output
      continue;
    }
    ++compared;
    EXPECT_TRUE(comparison.identical) << "JSON tree differs from the protobuf tree: " << entry.path();
  }
  std::cout << "parse trees compared: " << compared << " files; " << refused << " refused by the reader\n";
  // The reader is the fast path: it must take nearly every file.
  EXPECT_GT(compared, 10 * refused);
}

}  // namespace
}  // namespace sluice::testing
