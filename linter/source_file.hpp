#pragma once

#include <memory>
#include <string>

#include "common/line_index.hpp"

namespace sluice {

// A file's text and its line index. Shared (not copied) between the engine and the
// reporters, which need the text for code frames.
class SourceFile {
 public:
  SourceFile(std::string displayPath, std::string text)
      : path_(std::move(displayPath)), text_(std::move(text)), lines_(text_) {}
  SourceFile(const SourceFile&) = delete;
  SourceFile& operator=(const SourceFile&) = delete;

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& text() const { return text_; }
  [[nodiscard]] const LineIndex& lines() const { return lines_; }

 private:
  std::string path_;
  std::string text_;
  LineIndex lines_;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

}  // namespace sluice
