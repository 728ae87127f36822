#include "snapshot/crypto.hpp"

#include <cstdint>
#include <new>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdexcept>

namespace sluice::snapshot {
namespace {

EVP_CIPHER_CTX* ctx(void* p) { return static_cast<EVP_CIPHER_CTX*>(p); }

const unsigned char* bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }

int intSize(std::size_t size) {
  if (size > static_cast<std::size_t>(INT32_MAX)) throw std::length_error("AES-GCM message too large");
  return static_cast<int>(size);
}

}  // namespace

Status randomBytes(std::span<std::uint8_t> out) {
  if (RAND_bytes(out.data(), intSize(out.size())) != 1) {
    // The machine's fault, not sluice's: nothing was written yet, so it is an input-class
    // failure (exit 2) with the fix, not an internal error.
    return Error(ErrorCode::Io, "the system random number generator failed",
                 "sluice needs /dev/urandom (or getrandom) for snapshot encryption; check the container's /dev");
  }
  return {};
}

Key hkdfSha256(const Key& inputKey, std::span<const std::uint8_t> salt, std::string_view info) {
  Key out{};
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* kctx = kdf != nullptr ? EVP_KDF_CTX_new(kdf) : nullptr;
  EVP_KDF_free(kdf);
  if (kctx == nullptr) throw std::runtime_error("OpenSSL has no HKDF");
  char digest[] = "SHA256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<std::uint8_t*>(inputKey.data()),
                                        inputKey.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<std::uint8_t*>(salt.data()), salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
      OSSL_PARAM_construct_end(),
  };
  int ok = EVP_KDF_derive(kctx, out.data(), out.size(), params);
  EVP_KDF_CTX_free(kctx);
  if (ok != 1) throw std::runtime_error("HKDF derivation failed");
  return out;
}

Digest hmacSha256(std::span<const std::uint8_t> key, std::string_view data) {
  Digest out{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), intSize(key.size()), bytes(data), data.size(), out.data(), &length) == nullptr ||
      length != out.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return out;
}

bool constantTimeEqual(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

AesGcm::AesGcm(const Key& key) : key_(key), context_(EVP_CIPHER_CTX_new()) {
  if (context_ == nullptr) throw std::bad_alloc();
}

AesGcm::~AesGcm() {
  EVP_CIPHER_CTX_free(ctx(context_));
  OPENSSL_cleanse(key_.data(), key_.size());
}

Expected<Tag> AesGcm::seal(const Nonce& nonce, std::string_view aad, std::string_view plaintext, std::string& out) {
  EVP_CIPHER_CTX* c = ctx(context_);
  Tag tag{};
  int length = 0;
  std::size_t start = out.size();
  out.resize(start + plaintext.size());
  auto* target = reinterpret_cast<unsigned char*>(out.data() + start);
  bool ok = EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) == 1 &&
            EVP_EncryptInit_ex(c, nullptr, nullptr, key_.data(), nonce.data()) == 1 &&
            EVP_EncryptUpdate(c, nullptr, &length, bytes(aad), intSize(aad.size())) == 1 &&
            EVP_EncryptUpdate(c, target, &length, bytes(plaintext), intSize(plaintext.size())) == 1 &&
            static_cast<std::size_t>(length) == plaintext.size() &&
            EVP_EncryptFinal_ex(c, target + length, &length) == 1 &&
            EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag.size()), tag.data()) == 1;
  if (!ok) {
    out.resize(start);
    return Error(ErrorCode::Internal, "AES-256-GCM encryption failed");
  }
  return tag;
}

bool AesGcm::open(const Nonce& nonce, std::string_view aad, std::string_view ciphertext, const Tag& tag,
                  std::string& out) {
  EVP_CIPHER_CTX* c = ctx(context_);
  int length = 0;
  std::size_t start = out.size();
  out.resize(start + ciphertext.size());
  auto* target = reinterpret_cast<unsigned char*>(out.data() + start);
  bool ok = EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) == 1 &&
            EVP_DecryptInit_ex(c, nullptr, nullptr, key_.data(), nonce.data()) == 1 &&
            EVP_DecryptUpdate(c, nullptr, &length, bytes(aad), intSize(aad.size())) == 1 &&
            EVP_DecryptUpdate(c, target, &length, bytes(ciphertext), intSize(ciphertext.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag.size()),
                                const_cast<std::uint8_t*>(tag.data())) == 1 &&
            EVP_DecryptFinal_ex(c, target + length, &length) == 1;
  if (!ok) {
    // Unauthenticated plaintext never leaves this function.
    OPENSSL_cleanse(out.data() + start, ciphertext.size());
    out.resize(start);
  }
  return ok;
}

}  // namespace sluice::snapshot
