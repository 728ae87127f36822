// Durations and sizes: one parser each for every flag and configuration key, and a bare
// number is refused (it meant milliseconds to deploy and seconds to snapshot before).
#include <gtest/gtest.h>

#include "common/byte_size.hpp"
#include "common/duration.hpp"

namespace sluice {
namespace {

std::int64_t ms(std::string_view text) {
  auto parsed = parseDuration(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed->milliseconds() : -1;
}

TEST(Duration, ReadsEveryUnitAndCombinations) {
  EXPECT_EQ(ms("500ms"), 500);
  EXPECT_EQ(ms("5s"), 5'000);
  EXPECT_EQ(ms("5sec"), 5'000);
  EXPECT_EQ(ms("2min"), 120'000);
  EXPECT_EQ(ms("90m"), 5'400'000);
  EXPECT_EQ(ms("1h"), 3'600'000);
  EXPECT_EQ(ms("2 hours"), 7'200'000);
  EXPECT_EQ(ms("30d"), 30LL * 86'400'000);
  EXPECT_EQ(ms("2w"), 14LL * 86'400'000);
  EXPECT_EQ(ms("1d12h"), 36LL * 3'600'000);
  EXPECT_EQ(ms("1h 30min"), 5'400'000);
  EXPECT_EQ(ms("5S"), 5'000);
  EXPECT_EQ(ms("0s"), 0);
}

TEST(Duration, RefusesABareNumberWithAHint) {
  auto parsed = parseDuration("5");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::Usage);
  EXPECT_NE(parsed.error().message.find("no unit"), std::string::npos) << parsed.error().message;
  EXPECT_NE(parsed.error().hint.find("5s or 5ms"), std::string::npos) << parsed.error().hint;
}

TEST(Duration, RefusesWhatIsNotADuration) {
  for (const char* bad : {"", "s", "d", "5 parsecs", "3x", "-1s", "1.5s", "5sec5", "1h 30", "99999999999999999999s"}) {
    auto parsed = parseDuration(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::Usage) << bad;
    EXPECT_FALSE(parsed.error().hint.empty()) << bad;
  }
}

TEST(Duration, FormatsInTheLargestExactUnitAndReadsBack) {
  EXPECT_EQ(formatDuration(Duration(std::chrono::seconds(5))), "5s");
  EXPECT_EQ(formatDuration(Duration(std::chrono::minutes(2))), "2min");
  EXPECT_EQ(formatDuration(Duration(std::chrono::hours(36))), "36h");
  EXPECT_EQ(formatDuration(Duration(std::chrono::hours(24 * 30))), "30d");
  EXPECT_EQ(formatDuration(Duration(std::chrono::milliseconds(1500))), "1500ms");
  for (const char* text : {"5s", "2min", "36h", "30d", "2w", "1500ms", "0ms"}) {
    EXPECT_EQ(formatDuration(*parseDuration(text)), text);
  }
  EXPECT_EQ(Duration(std::chrono::milliseconds(1)).secondsRoundedUp(), 1);
}

std::uint64_t bytes(std::string_view text) {
  auto parsed = parseByteSize(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? parsed->bytes() : 0;
}

TEST(ByteSize, ReadsPostgresUnits) {
  EXPECT_EQ(bytes("100B"), 100U);
  EXPECT_EQ(bytes("64kB"), 64U * 1024);
  EXPECT_EQ(bytes("512MB"), 512ULL * 1024 * 1024);
  EXPECT_EQ(bytes("512MiB"), 512ULL * 1024 * 1024);
  EXPECT_EQ(bytes("20gb"), 20ULL * 1024 * 1024 * 1024);
  EXPECT_EQ(bytes("1 TB"), 1024ULL * 1024 * 1024 * 1024);
}

TEST(ByteSize, RefusesABareNumberAndNonsense) {
  auto bare = parseByteSize("512");
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().code, ErrorCode::Usage);
  EXPECT_NE(bare.error().hint.find("512MB"), std::string::npos) << bare.error().hint;
  for (const char* bad : {"", "MB", "1.5GB", "-1MB", "5 parsecs", "99999999999999999999B", "2000TB"}) {
    EXPECT_FALSE(parseByteSize(bad).ok()) << bad;
  }
}

TEST(ByteSize, FormatsExactlyAndForPostgres) {
  EXPECT_EQ(formatByteSize(ByteSize(512ULL * 1024 * 1024)), "512MB");
  EXPECT_EQ(formatByteSize(ByteSize(1536ULL * 1024)), "1536kB");
  EXPECT_EQ(formatByteSize(ByteSize(100)), "100B");
  for (const char* text : {"512MB", "20GB", "1536kB", "100B"}) EXPECT_EQ(formatByteSize(*parseByteSize(text)), text);
  EXPECT_EQ(postgresSize(ByteSize(512ULL * 1024 * 1024)), "524288kB");
  EXPECT_EQ(postgresSize(ByteSize(1)), "1kB");
}

}  // namespace
}  // namespace sluice
