#pragma once
// Applies a migrations folder with the runner's planner and executor, part by part as its
// format reads it, recording in a sluice history table of the test database. For formats
// whose tool's own history table sluice does not write yet (`sluice deploy` refuses
// them), this is how the tests prove that what the format plans runs on PostgreSQL.

#include <filesystem>
#include <string>
#include <vector>

#include "common/connection.hpp"

namespace sluice::testing {

struct PartOutcome {
  std::string id;
  bool ok = false;
  std::string sqlstate;
  std::string message;
};

// Forward parts of every migration in order; stops at the first failure.
std::vector<PartOutcome> applyForward(const ConnectionSettings& database, const std::filesystem::path& dir,
                                      const std::string& layout = {});
// Rollback parts of every migration that has one, newest first; stops at the first failure.
std::vector<PartOutcome> applyRollbacks(const ConnectionSettings& database, const std::filesystem::path& dir,
                                        const std::string& layout = {});

}  // namespace sluice::testing
