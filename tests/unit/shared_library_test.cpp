// Libraries opened on first use (common/shared_library.hpp): libpq and libcurl are
// reached this way, and a machine without one of them must get a reason, not a crash.
#include "common/shared_library.hpp"

#include <cstring>
#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(SharedLibrary, AMissingLibraryGivesItsReasonAndNoFunctions) {
  OpenedLibrary library = openLibrary("libsluice-no-such-library.so.9", "nothing");
  EXPECT_EQ(library.handle, nullptr);
  EXPECT_EQ(library.problem.rfind("cannot load libsluice-no-such-library.so.9: ", 0), 0U) << library.problem;
  EXPECT_NE(library.problem.find("No such file"), std::string::npos) << library.problem;
  EXPECT_EQ(findSymbol(library, "strlen"), nullptr);
}

TEST(SharedLibrary, AnOpenedLibraryGivesItsFunctionsAndNullForOthers) {
  OpenedLibrary library = openLibrary("libc.so.6", "glibc");
  ASSERT_NE(library.handle, nullptr) << library.problem;
  EXPECT_TRUE(library.problem.empty());
  auto length = findFunction<decltype(&std::strlen)>(library, "strlen");
  ASSERT_NE(length, nullptr);
  EXPECT_EQ(length("sluice"), 6U);
  EXPECT_EQ(findSymbol(library, "sluice_no_such_function"), nullptr);
  EXPECT_EQ(requireFunction<decltype(&std::strlen)>(library, "strlen", 70)("ab"), 2U);
}

TEST(SharedLibraryDeathTest, ARequiredFunctionThatIsMissingExitsWithTheGivenCodeAndSaysWhich) {
  OpenedLibrary library = openLibrary("libc.so.6", "glibc");
  ASSERT_NE(library.handle, nullptr) << library.problem;
  EXPECT_EXIT(requireSymbol(library, "sluice_no_such_function", 70), ::testing::ExitedWithCode(70),
              "libc.so.6 has no function sluice_no_such_function: the installed glibc is too old");
}

}  // namespace
}  // namespace sluice
