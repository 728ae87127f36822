#include "snapshot/progress.hpp"

#include <cmath>
#include <cstdio>

#include "common/text.hpp"

namespace sluice::snapshot {

namespace {

std::string minutesAndSeconds(double seconds) {
  auto total = static_cast<long>(std::lround(seconds));
  char out[32];
  std::snprintf(out, sizeof out, "%ld:%02ld", total / 60, total % 60);
  return out;
}

}  // namespace

std::string describeProgress(const Progress& progress) {
  std::string line = progress.phase;
  if (progress.itemsTotal > 0) {
    line += ": " + std::to_string(progress.itemsDone) + "/" + std::to_string(progress.itemsTotal);
  }
  if (progress.bytesDone > 0 || progress.bytesTotal > 0) {
    line += "  " + humanBytes(static_cast<double>(progress.bytesDone));
    if (progress.elapsedSeconds > 0.5) {
      double rate = static_cast<double>(progress.bytesDone) / progress.elapsedSeconds;
      line += "  " + humanBytes(rate) + "/s";
      if (progress.bytesTotal > progress.bytesDone && rate > 0 && !progress.final) {
        line += "  ETA " + minutesAndSeconds(static_cast<double>(progress.bytesTotal - progress.bytesDone) / rate);
      }
    }
  }
  line += "  " + minutesAndSeconds(progress.elapsedSeconds);
  return line;
}

}  // namespace sluice::snapshot
