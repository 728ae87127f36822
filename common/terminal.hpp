#pragma once

#include <string>
#include <string_view>

namespace sluice {

// Colour is used only when the stream is a terminal and NO_COLOR is unset
// (https://no-color.org), unless forced with --color=always.
enum class ColorChoice { Auto, Always, Never };

bool isTerminal(int fd);
bool colorEnabled(int fd, ColorChoice choice);
// A terminal that can redraw a line in place (not TERM=dumb), and its width (80 when unknown).
bool canRedraw(int fd);
int terminalColumns(int fd);

// ANSI styling that collapses to the plain text when disabled.
class Style {
 public:
  explicit Style(bool enabled) : enabled_(enabled) {}
  [[nodiscard]] bool enabled() const { return enabled_; }
  [[nodiscard]] std::string bold(std::string_view text) const { return wrap("1", text); }
  [[nodiscard]] std::string red(std::string_view text) const { return wrap("1;31", text); }
  [[nodiscard]] std::string yellow(std::string_view text) const { return wrap("1;33", text); }
  [[nodiscard]] std::string blue(std::string_view text) const { return wrap("1;34", text); }
  [[nodiscard]] std::string cyan(std::string_view text) const { return wrap("36", text); }
  [[nodiscard]] std::string green(std::string_view text) const { return wrap("1;32", text); }
  [[nodiscard]] std::string dim(std::string_view text) const { return wrap("2", text); }

 private:
  [[nodiscard]] std::string wrap(std::string_view code, std::string_view text) const;
  bool enabled_;
};

}  // namespace sluice
