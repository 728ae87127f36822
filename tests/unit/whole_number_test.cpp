// wholeNumber (common/text.hpp) reads integers for the configuration and for values the
// server sends: the whole text must be the number, within the type's range.
#include <cstdint>
#include <gtest/gtest.h>

#include "common/text.hpp"

namespace sluice {
namespace {

TEST(WholeNumber, ReadsTheWholeTextAsANumberOfItsType) {
  EXPECT_EQ(wholeNumber<int>("42"), 42);
  EXPECT_EQ(wholeNumber<int>("-7"), -7);
  EXPECT_EQ(wholeNumber<std::int64_t>("9223372036854775807"), INT64_MAX);
}

TEST(WholeNumber, RefusesEmptyTextJunkAndNumbersOutOfRange) {
  EXPECT_EQ(wholeNumber<int>(""), std::nullopt);
  EXPECT_EQ(wholeNumber<int>("12a"), std::nullopt);
  EXPECT_EQ(wholeNumber<int>(" 12"), std::nullopt);
  EXPECT_EQ(wholeNumber<int>("1.5"), std::nullopt);
  EXPECT_EQ(wholeNumber<int>("2147483648"), std::nullopt);
  EXPECT_EQ(wholeNumber<std::int64_t>("9223372036854775808"), std::nullopt);
}

}  // namespace
}  // namespace sluice
