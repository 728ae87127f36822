#include "notify/signature.hpp"

#include <array>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/sha256.hpp"

namespace sluice::notify {

std::string signatureOf(const Secret& secret, std::string_view body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned length = 0;
  const std::string& key = secret.reveal();
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), digest.data(), &length);
  return "sha256=" + toHex(digest.data(), length);
}

}  // namespace sluice::notify
