#pragma once
// A throwaway folder of migration sets for tests that lint a whole tree, with an empty
// .sluice.toml of its own so that no configuration of a folder above it applies.
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/engine.hpp"

namespace sluice::testing {

class LintFolderTest : public ::testing::Test {
 protected:
  void SetUp() override { write(dir_.path() / ".sluice.toml", ""); }

  static void write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    ASSERT_TRUE(writeFileAtomically(path, text).ok());
  }

  // A set of paired files: a first migration with a drop-table finding, then `indexSql`.
  void writeSet(const std::string& name, const std::string& indexSql) {
    write(dir_.path() / name / "20240101000000_init.sql", "CREATE TABLE t (id int);\nDROP TABLE legacy;\n");
    write(dir_.path() / name / "20240201000000_index.sql", indexSql);
  }

  // A lint of `paths` (the whole folder when none) on `jobs` workers, with the folder's configuration.
  LintRequest request(unsigned jobs, std::vector<std::string> paths = {}) const {
    LintRequest request;
    request.paths = paths.empty() ? std::vector<std::string>{dir_.path().string()} : std::move(paths);
    request.configFile = dir_.path() / ".sluice.toml";
    request.jobs = jobs;
    return request;
  }

  TempDir dir_ = std::move(TempDir::create("sluice-lint-folder-").value());
};

}  // namespace sluice::testing
