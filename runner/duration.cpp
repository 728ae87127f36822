#include "runner/duration.hpp"

#include <array>
#include <charconv>
#include <utility>

#include "common/text.hpp"

namespace sluice {

Expected<std::int64_t> parseDuration(std::string_view text, std::string_view what) {
  std::string_view value = trim(text);
  auto invalid = [&] {
    return Error(ErrorCode::Usage, std::string(what) + ": `" + std::string(text) + "` is not a duration",
                 "write it like 500ms, 5s, 2min or 1h (a plain number is milliseconds)");
  };
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  if (digits == 0) return invalid();
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + digits, number);
  if (ec != std::errc() || end != value.data() + digits || number > 100'000'000'000) return invalid();
  std::string unit = toLower(trim(value.substr(digits)));
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 9> kUnits{{
      {"", 1},
      {"ms", 1},
      {"s", 1000},
      {"sec", 1000},
      {"min", 60'000},
      {"m", 60'000},
      {"h", 3'600'000},
      {"hour", 3'600'000},
      {"d", 86'400'000},
  }};
  for (const auto& [name, factor] : kUnits) {
    if (unit == name) return number * factor;
  }
  return invalid();
}

std::string formatDuration(std::int64_t milliseconds) {
  if (milliseconds % 3'600'000 == 0 && milliseconds >= 3'600'000) return std::to_string(milliseconds / 3'600'000) + "h";
  if (milliseconds % 60'000 == 0 && milliseconds >= 60'000) return std::to_string(milliseconds / 60'000) + "min";
  if (milliseconds % 1000 == 0 && milliseconds >= 1000) return std::to_string(milliseconds / 1000) + "s";
  return std::to_string(milliseconds) + "ms";
}

}  // namespace sluice
