#include "snapshot/framing.hpp"

#include <cstring>

namespace sluice::snapshot {
namespace {

constexpr char kMagic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'Z', 'E'};
constexpr std::uint8_t kContainerVersion = 1;
constexpr std::uint8_t kCipherAesGcm = 1;
constexpr std::size_t kLengthSize = 4;

void putBigEndian(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFU));
}

std::uint32_t readBigEndian32(const char* p) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = (value << 8U) | static_cast<unsigned char>(p[i]);
  return value;
}

std::string associatedData(const std::string& header, std::uint64_t index, bool final) {
  std::string aad = header;
  putBigEndian(aad, index, 8);
  aad.push_back(final ? '\1' : '\0');
  return aad;
}

}  // namespace

EncryptingSink::EncryptingSink(ByteSink& next, const Key& key, const FileId& fileId, std::uint32_t chunkSize)
    : next_(next), cipher_(key), chunkSize_(chunkSize) {
  header_.append(kMagic, sizeof kMagic);
  header_.push_back(static_cast<char>(kContainerVersion));
  header_.push_back(static_cast<char>(kCipherAesGcm));
  header_.append(2, '\0');
  putBigEndian(header_, chunkSize, 4);
  header_.append(reinterpret_cast<const char*>(fileId.data()), fileId.size());
}

Status EncryptingSink::emitChunk(std::string_view plaintext, bool final) {
  if (!headerWritten_) {
    if (auto status = next_.write(header_); !status) return status;
    headerWritten_ = true;
  }
  Nonce nonce{};
  if (auto status = randomBytes(nonce); !status) return status;
  frame_.clear();
  putBigEndian(frame_, plaintext.size(), 4);
  frame_.append(reinterpret_cast<const char*>(nonce.data()), nonce.size());
  auto tag = cipher_.seal(nonce, associatedData(header_, index_, final), plaintext, frame_);
  if (!tag) return tag.takeError();
  frame_.append(reinterpret_cast<const char*>(tag->data()), tag->size());
  ++index_;
  return next_.write(frame_);
}

Status EncryptingSink::write(std::string_view data) {
  pending_.append(data);
  // A full chunk is sent only once more data follows it: the last chunk must carry the
  // final flag, and until finish() it is not known which one is last.
  std::size_t offset = 0;
  while (pending_.size() - offset > chunkSize_) {
    if (auto status = emitChunk(std::string_view(pending_).substr(offset, chunkSize_), false); !status) return status;
    offset += chunkSize_;
  }
  pending_.erase(0, offset);
  return {};
}

Status EncryptingSink::finish() {
  if (auto status = emitChunk(pending_, true); !status) return status;
  pending_.clear();
  return next_.finish();
}

DecryptingSink::DecryptingSink(ByteSink& next, const Key& key, const FileId& expectedFileId, std::string name)
    : next_(next), cipher_(key), expectedFileId_(expectedFileId), name_(std::move(name)) {}

Error DecryptingSink::failure(const std::string& what) const {
  return Error(ErrorCode::Snapshot, name_ + ": " + what,
               "the snapshot is damaged or was tampered with; it cannot be restored. Use another snapshot "
               "(`sluice snapshot list`)",
               name_);
}

Status DecryptingSink::parseHeader() {
  header_ = buffer_.substr(0, kContainerHeaderSize);
  offset_ = kContainerHeaderSize;
  if (std::memcmp(header_.data(), kMagic, sizeof kMagic) != 0) return failure("not an encrypted snapshot file");
  if (static_cast<std::uint8_t>(header_[8]) != kContainerVersion) {
    return failure("unknown container version " + std::to_string(static_cast<unsigned char>(header_[8])));
  }
  if (static_cast<std::uint8_t>(header_[9]) != kCipherAesGcm) return failure("unknown cipher");
  chunkSize_ = readBigEndian32(header_.data() + 12);
  if (chunkSize_ < kMinChunkSize || chunkSize_ > kMaxChunkSize) return failure("invalid chunk size in the header");
  // The id is checked here for a clear message; it is also part of every chunk's
  // associated data, so a forged header fails authentication anyway.
  if (std::memcmp(header_.data() + 16, expectedFileId_.data(), expectedFileId_.size()) != 0) {
    return failure("this is not the file the manifest lists under this name (file id differs): files were swapped");
  }
  return {};
}

Status DecryptingSink::drain(bool atEnd) {
  while (true) {
    std::size_t available = buffer_.size() - offset_;
    if (available < kLengthSize) break;
    std::uint32_t length = readBigEndian32(buffer_.data() + offset_);
    if (length > chunkSize_) return failure("chunk " + std::to_string(index_) + " has an invalid length");
    std::size_t frame = kLengthSize + kNonceSize + length + kTagSize;
    if (available < frame) break;
    bool final = available == frame && atEnd;
    if (available == frame && !atEnd) break;  // wait: more data may follow
    if (sawFinal_) return failure("data after the final chunk");
    if (!final && length != chunkSize_) return failure("chunk " + std::to_string(index_) + " is short");
    const char* p = buffer_.data() + offset_ + kLengthSize;
    Nonce nonce{};
    std::memcpy(nonce.data(), p, nonce.size());
    Tag tag{};
    std::memcpy(tag.data(), p + kNonceSize + length, tag.size());
    plaintext_.clear();
    if (!cipher_.open(nonce, associatedData(header_, index_, final), std::string_view(p + kNonceSize, length), tag,
                      plaintext_)) {
      std::string where = "chunk " + std::to_string(index_);
      return failure(final ? "authentication failed at " + where +
                                 " (the file was modified or truncated, or encrypted with another key)"
                           : "authentication failed at " + where + " (the file was modified or its chunks reordered)");
    }
    offset_ += frame;
    ++index_;
    sawFinal_ = final;
    if (auto status = next_.write(plaintext_); !status) return status;
  }
  if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  return {};
}

Status DecryptingSink::write(std::string_view data) {
  buffer_.append(data);
  if (header_.empty()) {
    if (buffer_.size() < kContainerHeaderSize) return {};
    if (auto status = parseHeader(); !status) return status;
  }
  return drain(false);
}

Status DecryptingSink::finish() {
  if (header_.empty()) return failure("truncated: the file ends inside its header");
  if (auto status = drain(true); !status) return status;
  if (offset_ != buffer_.size() || !sawFinal_) {
    return failure("truncated: the file ends before its final chunk");
  }
  return next_.finish();
}

}  // namespace sluice::snapshot
