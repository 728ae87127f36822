#include "common/line_index.hpp"

#include <algorithm>

namespace sluice {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  // Most files end lines with \n alone: memchr finds those faster than the loop below,
  // which also takes a lone \r as a line end.
  if (text.find('\r') == std::string_view::npos) {
    for (std::size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) {
      starts_.push_back(at + 1);
    }
    return;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts_.push_back(i + 1);
    } else if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) {
      starts_.push_back(i + 1);
    }
  }
}

std::uint32_t LineIndex::characterCount(std::size_t begin, std::size_t end) const {
  end = std::min(end, text_.size());
  std::uint32_t count = 0;
  for (std::size_t i = begin; i < end; ++i) {
    // UTF-8 continuation bytes (10xxxxxx) do not start a character.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

TextPosition LineIndex::position(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  auto line = static_cast<std::size_t>(it - starts_.begin());  // 1-based
  std::size_t start = starts_[line - 1];
  return {static_cast<std::uint32_t>(line), characterCount(start, offset) + 1};
}

std::size_t LineIndex::lineStart(std::uint32_t line) const {
  if (line == 0) return 0;
  if (line > starts_.size()) return text_.size();
  return starts_[line - 1];
}

std::string_view LineIndex::lineText(std::uint32_t line) const {
  if (line == 0 || line > starts_.size()) return {};
  std::size_t start = starts_[line - 1];
  std::size_t end = line < starts_.size() ? starts_[line] : text_.size();
  std::string_view text = text_.substr(start, end - start);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace sluice
