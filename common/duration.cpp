#include "common/duration.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "common/text.hpp"

namespace sluice {
namespace {

struct Unit {
  std::string_view name;
  std::int64_t milliseconds;
};

constexpr std::array<Unit, 20> kUnits{{
    {"ms", 1},           {"s", 1000},          {"sec", 1000},       {"secs", 1000},        {"second", 1000},
    {"seconds", 1000},   {"m", 60'000},        {"min", 60'000},     {"mins", 60'000},      {"minute", 60'000},
    {"minutes", 60'000}, {"h", 3'600'000},     {"hour", 3'600'000}, {"hours", 3'600'000},  {"d", 86'400'000},
    {"day", 86'400'000}, {"days", 86'400'000}, {"w", 604'800'000},  {"week", 604'800'000}, {"weeks", 604'800'000},
}};

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

Expected<Duration> parseDuration(std::string_view text) {
  std::string_view value = trim(text);
  auto invalid = [&](std::string message, std::string hint) {
    return Error(ErrorCode::Usage, std::move(message), std::move(hint));
  };
  auto notADuration = [&] {
    return invalid("`" + std::string(text) + "` is not a duration",
                   "write a number and a unit, e.g. 500ms, 5s, 2min, 12h, 7d or 1h30min");
  };
  if (value.empty()) return notADuration();
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < value.size()) {
    std::int64_t number = 0;
    std::size_t digits = 0;
    while (i < value.size() && isDigit(value[i])) {
      number = number * 10 + (value[i] - '0');
      if (number > kMaxDurationMilliseconds) return notADuration();
      ++i;
      ++digits;
    }
    if (digits == 0) return notADuration();
    while (i < value.size() && isSpace(value[i])) ++i;
    std::size_t unitStart = i;
    while (i < value.size() && std::isalpha(static_cast<unsigned char>(value[i])) != 0) ++i;
    std::string unit = toLower(value.substr(unitStart, i - unitStart));
    if (unit.empty()) {
      // A bare number is milliseconds to some tools and seconds to others: ask for a unit.
      if (unitStart == digits && i == value.size()) {
        std::string bare(value.substr(0, digits));
        return invalid("`" + std::string(text) + "` has no unit", "add a unit: " + bare + "s or " + bare + "ms");
      }
      return notADuration();
    }
    const Unit* found = nullptr;
    for (const Unit& candidate : kUnits) {
      if (candidate.name == unit) found = &candidate;
    }
    if (found == nullptr) {
      return invalid("`" + std::string(text) + "`: unknown unit `" + unit + "`",
                     "use ms, s, min, h, d or w, e.g. 500ms, 5s, 2min or 7d");
    }
    if (number > (kMaxDurationMilliseconds - total) / found->milliseconds) return notADuration();
    total += number * found->milliseconds;
    while (i < value.size() && isSpace(value[i])) ++i;
  }
  return Duration(std::chrono::milliseconds(total));
}

std::string formatDuration(Duration duration) {
  std::int64_t ms = duration.milliseconds();
  static constexpr std::array<std::pair<std::int64_t, std::string_view>, 5> kLargestFirst{{
      {604'800'000, "w"},
      {86'400'000, "d"},
      {3'600'000, "h"},
      {60'000, "min"},
      {1000, "s"},
  }};
  for (const auto& [size, name] : kLargestFirst) {
    if (ms >= size && ms % size == 0) return std::to_string(ms / size) + std::string(name);
  }
  return std::to_string(ms) + "ms";
}

}  // namespace sluice
