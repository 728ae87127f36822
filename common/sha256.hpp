#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

// Incremental SHA-256 (OpenSSL); hex() gives lowercase hex as Prisma stores it.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view data);
  std::array<std::uint8_t, 32> finish();
  std::string finishHex();

 private:
  void* context_;  // EVP_MD_CTX, kept opaque so OpenSSL's headers stay out of ours
};

std::string sha256Hex(std::string_view data);
std::string toHex(const std::uint8_t* data, std::size_t size);

}  // namespace sluice
