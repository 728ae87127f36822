#pragma once
// Checksums other migration tools record, beside SHA-256 (sha256.hpp).

#include <cstdint>
#include <string>
#include <string_view>

namespace sluice {

// CRC-32 as ISO 3309 / ITU-T V.42 define it (zlib's and java.util.zip.CRC32's: reflected
// polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF). `crc` continues an
// earlier value, so that data can be fed in pieces.
std::uint32_t crc32(std::string_view data, std::uint32_t crc = 0);

// Lowercase hex SHA-1 (OpenSSL), as sqitch names changes and hashes scripts.
std::string sha1Hex(std::string_view data);

}  // namespace sluice
