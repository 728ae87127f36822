#pragma once
// Durations on the command line and in .sluice.toml: "5s", "500ms", "2min", "1h", or a
// plain number of milliseconds.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace sluice {

// Milliseconds; a Usage error naming `what` (the flag or key) for anything else.
Expected<std::int64_t> parseDuration(std::string_view text, std::string_view what);

// "5s", "500ms", "2min" for people.
std::string formatDuration(std::int64_t milliseconds);

}  // namespace sluice
