#pragma once
// One table per enum that users see as a word (in JSON, text reports, configuration
// values): the enum values with their spelling. Everything that prints or reads the
// word goes through the table, so a value is spelled in exactly one place.
//
//   enum class Health { Healthy, Degraded, Unhealthy };
//   inline constexpr Spellings<Health, 3> kHealthNames{{{Health::Healthy, "healthy"}, ...}};
//   inline std::string_view spell(Health value) { return spell(value, kHealthNames); }

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace sluice {

template <class E, std::size_t N>
using Spellings = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
constexpr std::string_view spell(E value, const Spellings<E, N>& table) {
  for (const auto& [candidate, word] : table) {
    if (candidate == value) return word;
  }
  return {};
}

template <class E, std::size_t N>
constexpr std::optional<E> parseWord(std::string_view word, const Spellings<E, N>& table) {
  for (const auto& [value, candidate] : table) {
    if (candidate == word) return value;
  }
  return std::nullopt;
}

// The words alone, in table order (the choices of a configuration key).
template <class E, std::size_t N>
constexpr std::array<std::string_view, N> wordsOf(const Spellings<E, N>& table) {
  std::array<std::string_view, N> words{};
  for (std::size_t i = 0; i < N; ++i) words[i] = table[i].second;
  return words;
}

}  // namespace sluice
