#pragma once
// Where the shared real-world corpus is, for every test that reads it (tests/corpus/ and
// the runner's corpus tests): $SLUICE_CORPUS, or ../shared/corpus next to the repository.
// Needs SLUICE_SOURCE_DIR, which each test target defines.

#include <cstdlib>
#include <filesystem>

namespace sluice::testing {

inline std::filesystem::path corpusDir() {
  if (const char* dir = std::getenv("SLUICE_CORPUS")) return dir;
  return std::filesystem::path(SLUICE_SOURCE_DIR) / ".." / "shared" / "corpus";
}

}  // namespace sluice::testing
