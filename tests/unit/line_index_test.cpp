#include "common/line_index.hpp"

#include <gtest/gtest.h>

namespace sluice {
namespace {

TEST(LineIndex, LinesAndColumnsAreOneBased) {
  LineIndex lines("ab\ncd");
  EXPECT_EQ(lines.position(0).line, 1U);
  EXPECT_EQ(lines.position(0).column, 1U);
  EXPECT_EQ(lines.position(4).line, 2U);
  EXPECT_EQ(lines.position(4).column, 2U);
}

TEST(LineIndex, CrlfIsOneLineBreak) {
  LineIndex lines("a\r\nb\r\nc");
  EXPECT_EQ(lines.lineCount(), 3U);
  EXPECT_EQ(lines.position(3).line, 2U);
  EXPECT_EQ(lines.position(3).column, 1U);
  EXPECT_EQ(lines.lineText(1), "a");
}

TEST(LineIndex, LoneCarriageReturnEndsALine) {
  LineIndex lines("a\rb");
  EXPECT_EQ(lines.position(2).line, 2U);
}

TEST(LineIndex, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes, "€" three; the x after them is the fourth character.
  LineIndex lines("-- é€x");
  EXPECT_EQ(lines.position(8).column, 6U);
  EXPECT_EQ(lines.characterCount(0, 9), 6U);
}

TEST(LineIndex, OffsetsPastTheEndClampToTheEnd) {
  LineIndex lines("ab");
  EXPECT_EQ(lines.position(100).column, 3U);
}

}  // namespace
}  // namespace sluice
