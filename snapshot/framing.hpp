#pragma once
// The encrypted container of snapshot files (docs/snapshot-format.md, "Encrypted files").
//
//   header, 32 bytes:
//     0   8  magic "SLUICEZE"
//     8   1  container version, 1
//     9   1  cipher, 1 = AES-256-GCM
//    10   2  reserved, 0
//    12   4  chunk size C: plaintext bytes per chunk, big-endian, 1 KiB .. 16 MiB
//    16  16  file id: random, also recorded for this file in the manifest
//   then one or more chunks:
//     4  ciphertext length L, big-endian; L == C for every chunk but the last, L <= C
//    12  nonce, random per chunk
//     L  ciphertext
//    16  GCM tag
//
// Each chunk's associated data is the 32 header bytes, the chunk index as a 64-bit
// big-endian integer and one byte that is 1 for the last chunk of the file and 0
// otherwise. The final flag is not stored: the reader derives it from where the file
// ends. So a flipped bit anywhere, chunks that are reordered, dropped, duplicated or
// appended, a file cut at a chunk boundary, a file renamed over another (different
// file id) and a wrong key all fail a tag check. An empty plaintext is one final chunk
// with L = 0.

#include <array>
#include <cstdint>
#include <string>

#include "snapshot/byte_sink.hpp"
#include "snapshot/crypto.hpp"

namespace sluice::snapshot {

inline constexpr std::size_t kContainerHeaderSize = 32;
inline constexpr std::uint32_t kDefaultChunkSize = 1U << 20U;
inline constexpr std::uint32_t kMinChunkSize = 1U << 10U;
inline constexpr std::uint32_t kMaxChunkSize = 1U << 24U;

using FileId = std::array<std::uint8_t, 16>;

class EncryptingSink final : public ByteSink {
 public:
  EncryptingSink(ByteSink& next, const Key& key, const FileId& fileId, std::uint32_t chunkSize = kDefaultChunkSize);
  Status write(std::string_view data) override;
  Status finish() override;

 private:
  Status emitChunk(std::string_view plaintext, bool final);

  ByteSink& next_;
  AesGcm cipher_;
  std::string header_;
  std::uint32_t chunkSize_;
  std::string pending_;
  std::string frame_;
  std::uint64_t index_ = 0;
  bool headerWritten_ = false;
};

// `name` is the file's name in the snapshot, for error messages.
class DecryptingSink final : public ByteSink {
 public:
  DecryptingSink(ByteSink& next, const Key& key, const FileId& expectedFileId, std::string name);
  Status write(std::string_view data) override;
  Status finish() override;

 private:
  Status parseHeader();
  // Decrypts complete frames at the front of the buffer; the last complete frame is
  // kept until it is known whether more data follows it.
  Status drain(bool atEnd);
  Error failure(const std::string& what) const;

  ByteSink& next_;
  AesGcm cipher_;
  FileId expectedFileId_;
  std::string name_;
  std::string header_;
  std::uint32_t chunkSize_ = 0;
  std::string buffer_;
  std::size_t offset_ = 0;
  std::string plaintext_;
  std::uint64_t index_ = 0;
  bool sawFinal_ = false;
};

}  // namespace sluice::snapshot
