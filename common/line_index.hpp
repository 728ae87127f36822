#pragma once
// The one place where byte offsets become what users see: 1-based lines and 1-based
// columns counted in characters (UTF-8 code points), with "\r\n", "\n" and a lone "\r"
// each ending a line. Everything internal keeps byte offsets.

#include <cstdint>
#include <string_view>
#include <vector>

namespace sluice {

struct TextPosition {
  std::uint32_t line = 1;    // 1-based
  std::uint32_t column = 1;  // 1-based, in characters
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  // Position of the byte at `offset`; offsets past the end map to the end.
  [[nodiscard]] TextPosition position(std::size_t offset) const;
  // Byte offset of the first byte of a 1-based line.
  [[nodiscard]] std::size_t lineStart(std::uint32_t line) const;
  // The line's text without its terminator.
  [[nodiscard]] std::string_view lineText(std::uint32_t line) const;
  [[nodiscard]] std::uint32_t lineCount() const { return static_cast<std::uint32_t>(starts_.size()); }
  // Number of characters in text[begin, end), for underlines.
  [[nodiscard]] std::uint32_t characterCount(std::size_t begin, std::size_t end) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

}  // namespace sluice
