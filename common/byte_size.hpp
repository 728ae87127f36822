#pragma once
// Sizes, as every flag and configuration key writes them: a number and a unit, "512MB",
// "20GB", "64kB". Units follow PostgreSQL's (maintenance_work_mem, pg_size_bytes):
// B; kB, MB, GB, TB are powers of 1024; KiB, MiB, GiB, TiB mean the same. Case does not
// matter. A bare number is refused: bytes to one tool, kilobytes to another.

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.hpp"

namespace sluice {

class ByteSize {
 public:
  constexpr ByteSize() = default;
  constexpr explicit ByteSize(std::uint64_t bytes) : bytes_(bytes) {}

  [[nodiscard]] constexpr std::uint64_t bytes() const { return bytes_; }

  // clang-tidy 14 sees the literal 0 that the defaulted <=> compares with as a null
  // pointer. NOLINTNEXTLINE(modernize-use-nullptr)
  friend constexpr auto operator<=>(const ByteSize&, const ByteSize&) = default;

 private:
  std::uint64_t bytes_ = 0;
};

// Parses the forms above; the error (ErrorCode::Usage) hints at the right form.
Expected<ByteSize> parseByteSize(std::string_view text);

// The shortest exact form: "512MB", "20GB", "1536kB", "100B"; parseByteSize reads it back.
std::string formatByteSize(ByteSize size);

// The same value as PostgreSQL reads it in a setting: "524288kB" (whole kilobytes,
// rounded up).
std::string postgresSize(ByteSize size);

}  // namespace sluice
