#pragma once
// Durations, as every flag and configuration key writes them: a number and a unit,
// "500ms", "5s", "2min", "36h", "7d", "2w", or several of them ("1d12h", "1h 30min").
// Units: ms; s, sec; m, min; h, hour; d, day; w, week (case-insensitive, plurals too).
// A bare number is refused: "5" means milliseconds to one tool and seconds to another.

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace sluice {

class Duration {
 public:
  constexpr Duration() = default;
  constexpr explicit Duration(std::chrono::milliseconds value) : value_(value) {}

  [[nodiscard]] constexpr std::chrono::milliseconds chrono() const { return value_; }
  [[nodiscard]] constexpr std::int64_t milliseconds() const { return value_.count(); }
  // Whole seconds, rounded up, so that a short positive duration never becomes zero.
  [[nodiscard]] constexpr std::int64_t secondsRoundedUp() const { return (value_.count() + 999) / 1000; }

  friend constexpr auto operator<=>(const Duration&, const Duration&) = default;

 private:
  std::chrono::milliseconds value_{0};
};

// The largest value a duration may have (about 31 years), so that arithmetic on it
// cannot overflow.
inline constexpr std::int64_t kMaxDurationMilliseconds = 1'000'000'000'000;

// Parses the forms above. The error (ErrorCode::Usage) says what is wrong and hints at
// the right form; callers prefix the flag or key it came from.
Expected<Duration> parseDuration(std::string_view text);

// The shortest exact form in the largest unit that divides it: "5s", "2min", "36h",
// "30d", "1500ms"; parseDuration reads it back to the same value.
std::string formatDuration(Duration duration);

}  // namespace sluice
