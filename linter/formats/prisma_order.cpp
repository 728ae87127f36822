#include "linter/formats/prisma_order.hpp"

#include <algorithm>
#include <array>

namespace sluice::formats {
namespace {

// The punctuation and symbols of ASCII in the root collation's primary order (CLDR root,
// checked against Node's ICU: "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$").
constexpr std::string_view kSymbolOrder = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

constexpr std::array<int, 128> primaryTable() {
  std::array<int, 128> table{};
  for (int& weight : table) weight = -1;
  int next = 1;
  for (char c : kSymbolOrder) table[static_cast<unsigned char>(c)] = next++;
  for (char c = '0'; c <= '9'; ++c) table[static_cast<unsigned char>(c)] = next++;
  for (char c = 'a'; c <= 'z'; ++c) {
    table[static_cast<unsigned char>(c)] = next;
    table[static_cast<unsigned char>(c - 'a' + 'A')] = next++;
  }
  return table;
}

constexpr std::array<int, 128> kPrimary = primaryTable();

int primary(char c) { return kPrimary[static_cast<unsigned char>(c)]; }

bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

std::optional<char> unorderableCharacter(std::string_view name) {
  for (char c : name) {
    auto code = static_cast<unsigned char>(c);
    if (code >= 128 || primary(c) < 0) return c;
  }
  return std::nullopt;
}

int prismaCompare(std::string_view a, std::string_view b) {
  std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    int pa = primary(a[i]);
    int pb = primary(b[i]);
    if (pa != pb) return pa < pb ? -1 : 1;
  }
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  // Equal but for case: the first difference in case decides, lowercase first.
  for (std::size_t i = 0; i < common; ++i) {
    if (isUpper(a[i]) != isUpper(b[i])) return isUpper(a[i]) ? 1 : -1;
  }
  return 0;
}

std::string prismaOrderNote(const std::vector<Migration>& migrations) {
  std::vector<std::string> byteOrder;
  for (const Migration& migration : migrations) byteOrder.push_back(migration.id);
  std::sort(byteOrder.begin(), byteOrder.end());
  for (std::size_t i = 0; i < byteOrder.size(); ++i) {
    if (byteOrder[i] == migrations[i].id) continue;
    return "applied in Prisma's order (JavaScript localeCompare), which differs from byte order here: `" +
           migrations[i].id + "` comes before `" + byteOrder[i] + "`";
  }
  return {};
}

}  // namespace sluice::formats
