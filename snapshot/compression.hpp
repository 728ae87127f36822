#pragma once
// zstd streaming compression of snapshot files: one zstd frame per file, with the
// content checksum enabled, so an unencrypted file is a standard `.zst` that `zstd -d`
// reads and checks.

#include <string>

#include "snapshot/byte_sink.hpp"

namespace sluice::snapshot {

// Level 2 (zstd's "dfast" strategy): on COPY text it measured 30-40% faster than
// level 3 per core with output within a few percent of it (docs/benchmarks.md);
// snapshots gate deploys, so time matters more than the last percent of size.
inline constexpr int kDefaultCompressionLevel = 2;

class ZstdCompressingSink final : public ByteSink {
 public:
  // `workers` > 0 lets zstd compress on that many extra threads (ZSTD_c_nbWorkers).
  ZstdCompressingSink(ByteSink& next, int level, int workers);
  ~ZstdCompressingSink() override;
  Status write(std::string_view data) override;
  Status finish() override;

 private:
  Status pump(std::string_view data, int directive);

  ByteSink& next_;
  void* context_;  // ZSTD_CCtx
  std::string out_;
  Status setup_;
};

// `name` is the file's name in the snapshot, for error messages.
class ZstdDecompressingSink final : public ByteSink {
 public:
  ZstdDecompressingSink(ByteSink& next, std::string name);
  ~ZstdDecompressingSink() override;
  Status write(std::string_view data) override;
  Status finish() override;

 private:
  ByteSink& next_;
  std::string name_;
  void* context_;  // ZSTD_DCtx
  std::string out_;
  bool frameComplete_ = false;
  bool sawInput_ = false;
};

// The range of compression levels zstd accepts (negative levels are the fast modes).
int minCompressionLevel();
int maxCompressionLevel();

}  // namespace sluice::snapshot
