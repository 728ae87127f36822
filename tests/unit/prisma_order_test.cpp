// Prisma's folder order (localeCompare under ICU's root collation) for ASCII names. The
// expected orders were produced by Node.js (ICU 78): names.sort((a, b) => a.localeCompare(b)).
#include "linter/formats/prisma_order.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace sluice::formats {
namespace {

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::stable_sort(names.begin(), names.end(),
                   [](const std::string& a, const std::string& b) { return prismaCompare(a, b) < 0; });
  return names;
}

TEST(PrismaOrder, AsciiCharactersFollowTheRootCollation) {
  std::vector<std::string> characters;
  for (char c = ' '; c <= '~'; ++c) characters.emplace_back(1, c);
  std::string joined;
  for (const std::string& c : sorted(characters)) joined += c;
  EXPECT_EQ(joined,
            " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ");
}

TEST(PrismaOrder, DiffersFromByteOrderWhereNodeDoes) {
  // Each pair: localeCompare(a, b) < 0, although a > b in byte order.
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"20240101_x", "202401010_y"},  // '_' before digits
           {"a_b", "a-b"},                 // '_' before '-'
           {"ab", "aB"},                   // case only at the end: lowercase first
           {"aB", "Ab"},                   // the first difference in case decides
           {"a2", "B1"},                   // letters compare without case first
       }) {
    EXPECT_LT(prismaCompare(a, b), 0) << a << " vs " << b;
    EXPECT_GT(prismaCompare(b, a), 0) << b << " vs " << a;
    EXPECT_GT(a, b);
  }
  EXPECT_EQ(prismaCompare("20240101000000_init", "20240101000000_init"), 0);
  EXPECT_LT(prismaCompare("a", "a "), 0);    // a prefix first
  EXPECT_LT(prismaCompare("x_a", "xa"), 0);  // punctuation is not ignored
}

TEST(PrismaOrder, TimestampedNamesKeepTheirUsualOrder) {
  std::vector<std::string> names{"20240201120000_index_orders", "20240101000000_init", "20240115093000_add_orders"};
  EXPECT_EQ(sorted(names), (std::vector<std::string>{"20240101000000_init", "20240115093000_add_orders",
                                                     "20240201120000_index_orders"}));
}

TEST(PrismaOrder, NamesOutsidePrintableAsciiAreNotOrdered) {
  EXPECT_EQ(unorderableCharacter("20240101000000_init"), std::nullopt);
  EXPECT_EQ(unorderableCharacter("20240101000000_café"), std::optional<char>('\xc3'));
  EXPECT_EQ(unorderableCharacter("20240101000000\t_tab"), std::optional<char>('\t'));
}

}  // namespace
}  // namespace sluice::formats
