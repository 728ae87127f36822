#pragma once
// The cryptographic primitives of the snapshot format (OpenSSL 3): AES-256-GCM,
// HKDF-SHA256, HMAC-SHA256 and the system CSPRNG. The format code uses only these, so
// OpenSSL's headers stay out of the rest of the module.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace sluice::snapshot {

inline constexpr std::size_t kKeySize = 32;    // AES-256
inline constexpr std::size_t kNonceSize = 12;  // 96-bit GCM nonce
inline constexpr std::size_t kTagSize = 16;    // 128-bit GCM tag

using Key = std::array<std::uint8_t, kKeySize>;
using Nonce = std::array<std::uint8_t, kNonceSize>;
using Tag = std::array<std::uint8_t, kTagSize>;
using Digest = std::array<std::uint8_t, 32>;

// Fills `out` from the operating system's CSPRNG; an error only when it is unavailable.
Status randomBytes(std::span<std::uint8_t> out);

// RFC 5869 HKDF with SHA-256: 32 bytes of output key material.
Key hkdfSha256(const Key& inputKey, std::span<const std::uint8_t> salt, std::string_view info);

Digest hmacSha256(std::span<const std::uint8_t> key, std::string_view data);

// Comparison whose time does not depend on where the inputs differ.
bool constantTimeEqual(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

// One AES-256-GCM key, reusable for many messages (the key schedule is computed once).
class AesGcm {
 public:
  explicit AesGcm(const Key& key);
  ~AesGcm();
  AesGcm(const AesGcm&) = delete;
  AesGcm& operator=(const AesGcm&) = delete;

  // Appends the ciphertext of `plaintext` to `out` and returns the tag.
  Expected<Tag> seal(const Nonce& nonce, std::string_view aad, std::string_view plaintext, std::string& out);
  // Appends the plaintext to `out`; false when the tag does not match (wrong key,
  // modified ciphertext, nonce, tag or associated data). Nothing is appended then.
  bool open(const Nonce& nonce, std::string_view aad, std::string_view ciphertext, const Tag& tag, std::string& out);

 private:
  Key key_;
  void* context_;  // EVP_CIPHER_CTX
};

}  // namespace sluice::snapshot
