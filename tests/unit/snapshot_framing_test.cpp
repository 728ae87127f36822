#include <gtest/gtest.h>

#include "snapshot/compression.hpp"
#include "snapshot/framing.hpp"

namespace sluice::snapshot {
namespace {

class Collect final : public ByteSink {
 public:
  Status write(std::string_view data) override {
    out.append(data);
    return {};
  }
  Status finish() override {
    finished = true;
    return {};
  }
  std::string out;
  bool finished = false;
};

Key keyOf(std::uint8_t seed) {
  Key key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(seed + i);
  return key;
}

FileId idOf(std::uint8_t seed) {
  FileId id{};
  id.fill(seed);
  return id;
}

std::string pattern(std::size_t size) {
  std::string text(size, '\0');
  for (std::size_t i = 0; i < size; ++i) text[i] = static_cast<char>((i * 131 + i / 7) & 0xFF);
  return text;
}

std::string encrypt(std::string_view plaintext, const Key& key, const FileId& id, std::size_t piece = 0) {
  Collect file;
  EncryptingSink sink(file, key, id, kMinChunkSize);
  if (piece == 0) piece = plaintext.size() + 1;
  for (std::size_t at = 0; at < plaintext.size(); at += piece)
    EXPECT_TRUE(sink.write(plaintext.substr(at, piece)).ok());
  EXPECT_TRUE(sink.finish().ok());
  EXPECT_TRUE(file.finished);
  return file.out;
}

Expected<std::string> decrypt(std::string_view container, const Key& key, const FileId& id, std::size_t piece = 0) {
  Collect plain;
  DecryptingSink sink(plain, key, id, "data-00001.copy.zst.enc");
  if (piece == 0) piece = container.size() + 1;
  for (std::size_t at = 0; at < container.size(); at += piece) {
    if (auto status = sink.write(container.substr(at, piece)); !status) return status.takeError();
  }
  if (auto status = sink.finish(); !status) return status.takeError();
  return plain.out;
}

constexpr std::size_t kFrame = 4 + kNonceSize + kMinChunkSize + kTagSize;

TEST(SnapshotFraming, RoundTripsEverySizeAroundChunkBoundaries) {
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{kMinChunkSize - 1}, std::size_t{kMinChunkSize},
                           std::size_t{kMinChunkSize + 1}, std::size_t{3 * kMinChunkSize + 5}}) {
    std::string plaintext = pattern(size);
    std::string container = encrypt(plaintext, keyOf(1), idOf(7));
    auto back = decrypt(container, keyOf(1), idOf(7));
    ASSERT_TRUE(back.ok()) << size << ": " << back.error().message;
    EXPECT_EQ(*back, plaintext) << size;
    // Fed a byte at a time on both sides, the result is the same.
    auto slow = decrypt(encrypt(plaintext, keyOf(1), idOf(7), 1), keyOf(1), idOf(7), 1);
    ASSERT_TRUE(slow.ok()) << size << ": " << slow.error().message;
    EXPECT_EQ(*slow, plaintext);
  }
}

TEST(SnapshotFraming, NoncesAreFreshSoEqualInputsGiveDifferentFiles) {
  std::string plaintext = pattern(100);
  EXPECT_NE(encrypt(plaintext, keyOf(1), idOf(7)), encrypt(plaintext, keyOf(1), idOf(7)));
}

TEST(SnapshotFraming, EveryFlippedBitIsDetected) {
  std::string container = encrypt(pattern(2 * kMinChunkSize + 10), keyOf(1), idOf(7));
  // Every byte of the header, the first frame's length, nonce, ciphertext and tag, and
  // the last frame.
  for (std::size_t at = 0; at < container.size(); at += (at < kContainerHeaderSize + 40 ? 1 : 97)) {
    std::string damaged = container;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x04);
    auto back = decrypt(damaged, keyOf(1), idOf(7));
    ASSERT_FALSE(back.ok()) << "flipped bit at byte " << at << " went unnoticed";
    EXPECT_EQ(back.error().code, ErrorCode::Snapshot);
    EXPECT_NE(back.error().message.find("data-00001.copy.zst.enc"), std::string::npos) << back.error().message;
  }
}

TEST(SnapshotFraming, TruncationAtAChunkBoundaryIsDetected) {
  std::string container = encrypt(pattern(3 * kMinChunkSize + 10), keyOf(1), idOf(7));
  ASSERT_EQ(container.size(), kContainerHeaderSize + 3 * kFrame + (4 + kNonceSize + 10 + kTagSize));
  for (std::size_t frames = 0; frames <= 3; ++frames) {
    auto back = decrypt(container.substr(0, kContainerHeaderSize + frames * kFrame), keyOf(1), idOf(7));
    EXPECT_FALSE(back.ok()) << "cut after " << frames << " whole chunks";
  }
  auto midway = decrypt(container.substr(0, container.size() - 3), keyOf(1), idOf(7));
  ASSERT_FALSE(midway.ok());
  EXPECT_NE(midway.error().message.find("truncated"), std::string::npos) << midway.error().message;
  EXPECT_FALSE(decrypt(container.substr(0, 10), keyOf(1), idOf(7)).ok());
}

TEST(SnapshotFraming, ReorderedDuplicatedOrAppendedChunksAreDetected) {
  std::string container = encrypt(pattern(std::size_t{3} * kMinChunkSize), keyOf(1), idOf(7));
  std::string header = container.substr(0, kContainerHeaderSize);
  std::string a = container.substr(kContainerHeaderSize, kFrame);
  std::string b = container.substr(kContainerHeaderSize + kFrame, kFrame);
  std::string c = container.substr(kContainerHeaderSize + 2 * kFrame);
  EXPECT_TRUE(decrypt(header + a + b + c, keyOf(1), idOf(7)).ok());
  EXPECT_FALSE(decrypt(header + b + a + c, keyOf(1), idOf(7)).ok());
  EXPECT_FALSE(decrypt(header + a + a + c, keyOf(1), idOf(7)).ok());
  EXPECT_FALSE(decrypt(header + a + b + c + c, keyOf(1), idOf(7)).ok());
}

TEST(SnapshotFraming, AWrongKeyOrAnotherFilesIdIsDetected) {
  std::string container = encrypt(pattern(50), keyOf(1), idOf(7));
  auto wrongKey = decrypt(container, keyOf(2), idOf(7));
  ASSERT_FALSE(wrongKey.ok());
  EXPECT_NE(wrongKey.error().message.find("authentication failed"), std::string::npos);
  auto swapped = decrypt(container, keyOf(1), idOf(8));
  ASSERT_FALSE(swapped.ok());
  EXPECT_NE(swapped.error().message.find("swapped"), std::string::npos) << swapped.error().message;
}

TEST(SnapshotCompression, RoundTripsAndDetectsDamage) {
  std::string plaintext;
  for (int i = 0; i < 20000; ++i) plaintext += std::to_string(i) + "\tname " + std::to_string(i % 97) + "\n";
  for (int workers : {0, 1}) {
    Collect compressed;
    ZstdCompressingSink compress(compressed, 3, workers);
    ASSERT_TRUE(compress.write(plaintext.substr(0, 1000)).ok());
    ASSERT_TRUE(compress.write(plaintext.substr(1000)).ok());
    ASSERT_TRUE(compress.finish().ok());
    EXPECT_LT(compressed.out.size(), plaintext.size() / 3);

    Collect back;
    ZstdDecompressingSink decompress(back, "f.zst");
    ASSERT_TRUE(decompress.write(compressed.out).ok());
    ASSERT_TRUE(decompress.finish().ok());
    EXPECT_EQ(back.out, plaintext);

    Collect cut;
    ZstdDecompressingSink truncated(cut, "f.zst");
    Status written = truncated.write(std::string_view(compressed.out).substr(0, compressed.out.size() - 8));
    EXPECT_FALSE(written.ok() && truncated.finish().ok()) << "a truncated stream must fail";

    Collect extra;
    ZstdDecompressingSink trailing(extra, "f.zst");
    EXPECT_FALSE(trailing.write(compressed.out + "junk").ok() && trailing.finish().ok());
  }
}

}  // namespace
}  // namespace sluice::snapshot
