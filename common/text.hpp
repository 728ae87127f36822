#pragma once

#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

// Offset of the first byte that is not part of valid UTF-8, or nullopt.
std::optional<std::size_t> findInvalidUtf8(std::string_view text);
// The text as a UTF-8 decoder that replaces what is not UTF-8 leaves it: each maximal
// invalid subpart becomes U+FFFD (the Unicode and WHATWG practice, which Node's
// Buffer.toString and Java's decoders follow). Valid UTF-8 comes back unchanged.
std::string utf8Lossy(std::string_view text);

std::string_view trim(std::string_view text);
// `text` as a whole integer of type T ("42", "-7"): nothing for empty text, anything
// after the digits (spaces included), or a number out of T's range.
template <typename T>
std::optional<T> wholeNumber(std::string_view text) {
  T number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}
std::vector<std::string_view> split(std::string_view text, char separator);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::string toLower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

// Levenshtein distance, for "did you mean" suggestions.
std::size_t editDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible typo.
std::optional<std::string> closestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean `x`?" or empty.
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

// Formats a byte count as "1.2 MB" for people.
std::string humanBytes(double bytes);

// `text` on one line (runs of whitespace become one space, leading ones go), cut after
// `maxBytes` with "..." and never inside a UTF-8 character: a statement in a message.
std::string oneLine(std::string_view text, std::size_t maxBytes);

// Formats seconds as "850 ms", "12.3 s" or "4 min 05 s".
std::string humanDuration(double seconds);

}  // namespace sluice
