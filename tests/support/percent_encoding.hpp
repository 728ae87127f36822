#pragma once
// Percent-encoding for tests that build connection URLs: every byte but letters and
// digits, written independently of the code under test.

#include <cctype>
#include <string>
#include <string_view>

namespace sluice::testing {

inline std::string percentEncodeAll(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      out.push_back(c);
    } else {
      out += '%';
      out += kHex[static_cast<unsigned char>(c) >> 4U];
      out += kHex[static_cast<unsigned char>(c) & 15U];
    }
  }
  return out;
}

}  // namespace sluice::testing
