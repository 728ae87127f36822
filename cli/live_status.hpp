#pragma once
// The progress of a long command, as its reader can use it. On a terminal: one status line
// (what runs, for how long, any lock wait) redrawn in place, erased before each permanent
// line. In a log (CI, a file, a pipe), where a redrawn line is noise: permanent lines only,
// plus "still running: <what> … 40 s" every 10 s while one step runs.
//
// Times come from the caller (the executor's ticks), not a clock of its own, so that the
// output is a function of the events.

#include <chrono>
#include <ostream>
#include <string>

namespace sluice::cli {

class LiveStatus {
 public:
  static constexpr std::chrono::seconds kLogInterval{10};

  // `columns`: the terminal's width; the status line is cut to fit, since a line that wraps
  // cannot be erased in place.
  LiveStatus(std::ostream& out, bool terminal, int columns = 80) : out_(out), terminal_(terminal), columns_(columns) {}
  LiveStatus(const LiveStatus&) = delete;
  LiveStatus& operator=(const LiveStatus&) = delete;
  ~LiveStatus() { clear(); }

  [[nodiscard]] bool terminal() const { return terminal_; }

  // A permanent line (with its newline).
  void line(const std::string& text);
  // A step begins: `label` heads the terminal's status line ("20240101_init: statement 2
  // of 5"), `logText` names it in the log's "still running" lines.
  void begin(std::string label, std::string logText);
  // The step has run for `elapsed`; `detail` ("waiting 3 s for a lock") follows the time.
  void tick(std::chrono::milliseconds elapsed, const std::string& detail = {});
  // Erases the status line (a terminal) and ends the step.
  void clear();

 private:
  std::ostream& out_;
  bool terminal_;
  int columns_;
  bool drawn_ = false;
  std::string label_;
  std::string logText_;
  std::chrono::milliseconds lastDrawn_{-1};
  std::chrono::seconds nextLogLine_{kLogInterval};
};

}  // namespace sluice::cli
