#pragma once
// Snapshot files are written and read through chains of sinks (compress → encrypt →
// file; file → decrypt → decompress → consumer). Each stage pushes its output into the
// next one and reports the first error it meets; finish() flushes and checks the end.

#include <string_view>

#include "common/error.hpp"

namespace sluice::snapshot {

class ByteSink {
 public:
  ByteSink() = default;
  ByteSink(const ByteSink&) = delete;
  ByteSink& operator=(const ByteSink&) = delete;
  virtual ~ByteSink() = default;
  virtual Status write(std::string_view data) = 0;
  virtual Status finish() = 0;
};

// Discards everything (verification reads a file only to check it).
class NullSink final : public ByteSink {
 public:
  Status write(std::string_view /*data*/) override { return {}; }
  Status finish() override { return {}; }
};

}  // namespace sluice::snapshot
