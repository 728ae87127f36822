#include "cli/live_status.hpp"

#include "common/text.hpp"

namespace sluice::cli {

namespace {

// Whole seconds below a minute read better in a status line than "1.2 s" flickering.
std::string seconds(std::chrono::milliseconds elapsed) {
  auto whole = std::chrono::duration_cast<std::chrono::seconds>(elapsed);
  if (whole < std::chrono::minutes(1)) return std::to_string(whole.count()) + " s";
  return humanDuration(static_cast<double>(whole.count()));
}

// The first `columns` - 1 characters (UTF-8: a continuation byte is not a character).
std::string fitted(const std::string& text, int columns) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++characters >= static_cast<std::size_t>(columns)) return text.substr(0, i);
  }
  return text;
}

// A terminal redraws at most ten times a second.
constexpr std::chrono::milliseconds kRedrawInterval{100};

}  // namespace

void LiveStatus::line(const std::string& text) {
  if (drawn_) out_ << "\r\x1b[K";
  drawn_ = false;
  out_ << text << "\n" << std::flush;
  // The status line comes back with the next tick.
  lastDrawn_ = std::chrono::milliseconds(-1);
}

void LiveStatus::begin(std::string label, std::string logText) {
  label_ = std::move(label);
  logText_ = std::move(logText);
  lastDrawn_ = std::chrono::milliseconds(-1);
  nextLogLine_ = kLogInterval;
}

void LiveStatus::tick(std::chrono::milliseconds elapsed, const std::string& detail) {
  if (label_.empty() && logText_.empty()) return;
  if (!terminal_) {
    if (elapsed < nextLogLine_) return;
    while (nextLogLine_ <= elapsed) nextLogLine_ += kLogInterval;
    out_ << "  still running: " << logText_ << " … " << seconds(elapsed) << (detail.empty() ? "" : ", " + detail)
         << "\n"
         << std::flush;
    return;
  }
  if (lastDrawn_.count() >= 0 && elapsed - lastDrawn_ < kRedrawInterval) return;
  lastDrawn_ = elapsed;
  std::string status = "  " + label_ + ", " + seconds(elapsed) + (detail.empty() ? "" : ", " + detail);
  out_ << "\r\x1b[K" << fitted(status, columns_) << std::flush;
  drawn_ = true;
}

void LiveStatus::clear() {
  if (drawn_) out_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
  label_.clear();
  logText_.clear();
}

}  // namespace sluice::cli
