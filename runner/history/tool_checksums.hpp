#pragma once
// How other migration tools compute what their history tables record about a file.
// Each function follows its tool's source; docs/runner.md ("History tables") names the
// file each one comes from.

#include <cstdint>
#include <string>
#include <string_view>

#include "runner/history.hpp"

namespace sluice {

// Flyway's `checksum` column: CRC-32 of the file's lines as Flyway reads them (UTF-8, a
// leading byte-order mark dropped, each line without its terminator, `\n`, `\r\n` or
// `\r`), as a signed 32-bit integer. Line endings therefore do not change it.
std::int32_t flywayChecksum(std::string_view fileBytes);

// A Flyway version as Flyway compares it: parts split at `.` and `_`, each a number, so
// that 1.2 < 1.10 and 1.0 equals 1. The key drops leading zeros of each part and
// trailing zero parts ("1_02.0" -> "1.2"); flywayVersionCompare orders two keys.
std::string flywayVersionKey(std::string_view version);
int flywayVersionCompare(std::string_view left, std::string_view right);

// Drizzle's `hash` column: SHA-256 (hex) of the file as Node reads it into a string and
// writes it back as UTF-8; the file's bytes when they are valid UTF-8.
std::string drizzleHash(std::string_view fileBytes);

// sqitch's `script_hash`: SHA-1 (hex) of the deploy script's raw bytes.
std::string sqitchScriptHash(std::string_view fileBytes);
// sqitch's change id and tag id: SHA-1 of the text App::Sqitch::Plan::Change and
// ::Tag call `info`, prefixed with "change <bytes>\0" or "tag <bytes>\0".
std::string sqitchChangeInfo(const SqitchChange& change);
std::string sqitchChangeId(const SqitchChange& change);
std::string sqitchTagId(const SqitchChange& change, const SqitchTag& tag, const std::string& changeId);

}  // namespace sluice
