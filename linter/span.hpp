#pragma once

#include <cstddef>

namespace sluice {

// A half-open byte range [begin, end) into a source file. Spans stay byte offsets until
// a reporter turns them into lines and columns through LineIndex.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;

  [[nodiscard]] std::size_t size() const { return end > begin ? end - begin : 0; }
  [[nodiscard]] bool contains(std::size_t offset) const { return offset >= begin && offset < end; }
};

}  // namespace sluice
