#include "snapshot/compression.hpp"

#include <stdexcept>
#include <zstd.h>

namespace sluice::snapshot {
namespace {

ZSTD_CCtx* cctx(void* p) { return static_cast<ZSTD_CCtx*>(p); }
ZSTD_DCtx* dctx(void* p) { return static_cast<ZSTD_DCtx*>(p); }

}  // namespace

int minCompressionLevel() { return ZSTD_minCLevel(); }
int maxCompressionLevel() { return ZSTD_maxCLevel(); }

ZstdCompressingSink::ZstdCompressingSink(ByteSink& next, int level, int workers)
    : next_(next), context_(ZSTD_createCCtx()), out_(ZSTD_CStreamOutSize(), '\0') {
  if (context_ == nullptr) throw std::bad_alloc();
  auto set = [&](ZSTD_cParameter parameter, int value) {
    std::size_t result = ZSTD_CCtx_setParameter(cctx(context_), parameter, value);
    if (ZSTD_isError(result) != 0U && setup_) {
      setup_ = Error(ErrorCode::Internal, std::string("zstd: ") + ZSTD_getErrorName(result));
    }
  };
  set(ZSTD_c_compressionLevel, level);
  set(ZSTD_c_checksumFlag, 1);
  // A library built without threads refuses workers; compressing on the calling thread
  // is then the right fallback, not an error.
  if (workers > 0) (void)ZSTD_CCtx_setParameter(cctx(context_), ZSTD_c_nbWorkers, workers);
}

ZstdCompressingSink::~ZstdCompressingSink() { ZSTD_freeCCtx(cctx(context_)); }

Status ZstdCompressingSink::pump(std::string_view data, int directive) {
  if (!setup_) return setup_;
  ZSTD_inBuffer input{data.data(), data.size(), 0};
  auto mode = static_cast<ZSTD_EndDirective>(directive);
  while (true) {
    ZSTD_outBuffer output{out_.data(), out_.size(), 0};
    std::size_t remaining = ZSTD_compressStream2(cctx(context_), &output, &input, mode);
    if (ZSTD_isError(remaining) != 0U) {
      return Error(ErrorCode::Internal, std::string("zstd compression failed: ") + ZSTD_getErrorName(remaining));
    }
    if (output.pos > 0) {
      if (auto status = next_.write(std::string_view(out_.data(), output.pos)); !status) return status;
    }
    bool done = mode == ZSTD_e_end ? remaining == 0 : input.pos == input.size;
    if (done) return {};
  }
}

Status ZstdCompressingSink::write(std::string_view data) {
  if (data.empty()) return {};
  return pump(data, ZSTD_e_continue);
}

Status ZstdCompressingSink::finish() {
  if (auto status = pump({}, ZSTD_e_end); !status) return status;
  return next_.finish();
}

ZstdDecompressingSink::ZstdDecompressingSink(ByteSink& next, std::string name)
    : next_(next), name_(std::move(name)), context_(ZSTD_createDCtx()), out_(ZSTD_DStreamOutSize(), '\0') {
  if (context_ == nullptr) throw std::bad_alloc();
}

ZstdDecompressingSink::~ZstdDecompressingSink() { ZSTD_freeDCtx(dctx(context_)); }

Status ZstdDecompressingSink::write(std::string_view data) {
  ZSTD_inBuffer input{data.data(), data.size(), 0};
  while (input.pos < input.size) {
    if (frameComplete_) {
      return Error(ErrorCode::Snapshot, name_ + ": data after the end of the compressed stream",
                   "the snapshot is damaged; it cannot be restored", name_);
    }
    sawInput_ = true;
    ZSTD_outBuffer output{out_.data(), out_.size(), 0};
    std::size_t result = ZSTD_decompressStream(dctx(context_), &output, &input);
    if (ZSTD_isError(result) != 0U) {
      return Error(ErrorCode::Snapshot,
                   name_ + ": the compressed data is corrupt (" + std::string(ZSTD_getErrorName(result)) + ")",
                   "the snapshot is damaged; it cannot be restored", name_);
    }
    if (output.pos > 0) {
      if (auto status = next_.write(std::string_view(out_.data(), output.pos)); !status) return status;
    }
    if (result == 0) frameComplete_ = true;
  }
  return {};
}

Status ZstdDecompressingSink::finish() {
  // The frame may end with output still buffered inside zstd: flush it.
  while (sawInput_ && !frameComplete_) {
    ZSTD_inBuffer input{nullptr, 0, 0};
    ZSTD_outBuffer output{out_.data(), out_.size(), 0};
    std::size_t result = ZSTD_decompressStream(dctx(context_), &output, &input);
    if (ZSTD_isError(result) != 0U) break;
    if (output.pos > 0) {
      if (auto status = next_.write(std::string_view(out_.data(), output.pos)); !status) return status;
    }
    if (result == 0) frameComplete_ = true;
    if (output.pos == 0) break;
  }
  if (!frameComplete_) {
    return Error(ErrorCode::Snapshot, name_ + ": truncated: the compressed stream ends early",
                 "the snapshot is damaged; it cannot be restored", name_);
  }
  return next_.finish();
}

}  // namespace sluice::snapshot
