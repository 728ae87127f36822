#include "common/byte_size.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "common/text.hpp"

namespace sluice {
namespace {

constexpr std::uint64_t kKilo = 1024;
// 1 PB: larger than any database sluice snapshots, small enough to never overflow.
constexpr std::uint64_t kMaxBytes = kKilo * kKilo * kKilo * kKilo * kKilo;

struct Unit {
  std::string_view name;  // lower case
  std::uint64_t bytes;
};

constexpr std::array<Unit, 9> kUnits{{
    {"b", 1},
    {"kb", kKilo},
    {"kib", kKilo},
    {"mb", kKilo* kKilo},
    {"mib", kKilo* kKilo},
    {"gb", kKilo* kKilo* kKilo},
    {"gib", kKilo* kKilo* kKilo},
    {"tb", kKilo* kKilo* kKilo* kKilo},
    {"tib", kKilo* kKilo* kKilo* kKilo},
}};

}  // namespace

Expected<ByteSize> parseByteSize(std::string_view text) {
  std::string_view value = trim(text);
  auto notASize = [&] {
    return Error(ErrorCode::Usage, "`" + std::string(text) + "` is not a size",
                 "write a number and a unit, e.g. 512MB, 20GB or 64kB");
  };
  std::size_t digits = 0;
  std::uint64_t number = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') {
    number = number * 10 + static_cast<std::uint64_t>(value[digits] - '0');
    if (number > kMaxBytes) return notASize();
    ++digits;
  }
  if (digits == 0) return notASize();
  std::string unit = toLower(trim(value.substr(digits)));
  if (unit.empty()) {
    std::string bare(value);
    return Error(ErrorCode::Usage, "`" + std::string(text) + "` has no unit",
                 "add a unit: " + bare + "MB or " + bare + "kB (or " + bare + "B for bytes)");
  }
  for (const Unit& candidate : kUnits) {
    if (candidate.name != unit) continue;
    if (number > kMaxBytes / candidate.bytes) return notASize();
    return ByteSize(number * candidate.bytes);
  }
  return Error(ErrorCode::Usage, "`" + std::string(text) + "`: unknown unit `" + unit + "`",
               "use B, kB, MB, GB or TB (powers of 1024, as in PostgreSQL)");
}

std::string formatByteSize(ByteSize size) {
  static constexpr std::array<std::pair<std::uint64_t, std::string_view>, 4> kLargestFirst{{
      {kKilo * kKilo * kKilo * kKilo, "TB"},
      {kKilo * kKilo * kKilo, "GB"},
      {kKilo * kKilo, "MB"},
      {kKilo, "kB"},
  }};
  std::uint64_t bytes = size.bytes();
  for (const auto& [unit, name] : kLargestFirst) {
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + std::string(name);
  }
  return std::to_string(bytes) + "B";
}

std::string postgresSize(ByteSize size) { return std::to_string((size.bytes() + kKilo - 1) / kKilo) + "kB"; }

}  // namespace sluice
