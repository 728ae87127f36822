#include "snapshot/key.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <openssl/crypto.h>

#include "common/file_io.hpp"
#include "common/sha256.hpp"
#include "common/text.hpp"

namespace sluice::snapshot {
namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool decodeHex(std::string_view text, Key& out) {
  if (text.size() != 2 * out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    int high = hexDigit(text[2 * i]);
    int low = hexDigit(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return true;
}

bool decodeBase64(std::string_view text, Key& out) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  // 32 bytes are 43 base64 digits (the last one carries 2 bits of padding).
  if (text.size() != 43) return false;
  std::size_t written = 0;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int digit = base64Digit(c);
    if (digit < 0) return false;
    buffer = (buffer << 6U) | static_cast<unsigned>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (written == out.size()) return false;
      out[written++] = static_cast<std::uint8_t>((buffer >> static_cast<unsigned>(bits)) & 0xFFU);
    }
  }
  return written == out.size() && (buffer & ((1U << static_cast<unsigned>(bits)) - 1U)) == 0;
}

}  // namespace

Status checkKeyFileMode(const std::filesystem::path& file) {
  struct stat info {};
  // A missing file is reported by the read that follows, with its reason.
  if (::stat(file.c_str(), &info) != 0) return {};
  auto mode = static_cast<unsigned>(info.st_mode) & 07777U;
  if ((mode & 077U) == 0) return {};
  char octal[8];
  std::snprintf(octal, sizeof octal, "%04o", mode);
  return Error(ErrorCode::Config,
               "the snapshot key file " + file.string() + " has mode " + octal +
                   ": group or others can read or change it, so it protects nothing",
               "make it private with `chmod 600 " + file.string() + "` (and use a new key if others may have read it)");
}

std::string MasterKey::id() const {
  Digest mac = hmacSha256(bytes, "sluice snapshot key id v1");
  return toHex(mac.data(), 8);
}

Expected<MasterKey> parseMasterKey(std::string_view text, const std::string& source) {
  std::string_view trimmed = trim(text);
  MasterKey key;
  key.source = source;
  if (trimmed.empty()) {
    return Error(ErrorCode::Config, "the snapshot key in " + source + " is empty",
                 "a key is 64 hex characters or the base64 of 32 random bytes; make one with `openssl rand -hex 32`");
  }
  if (!decodeHex(trimmed, key.bytes) && !decodeBase64(trimmed, key.bytes)) {
    OPENSSL_cleanse(key.bytes.data(), key.bytes.size());
    return Error(ErrorCode::Config,
                 "the snapshot key in " + source + " is not 32 bytes written as 64 hex characters or base64 (got " +
                     std::to_string(trimmed.size()) + " characters)",
                 "make one with `openssl rand -hex 32`");
  }
  return key;
}

Expected<MasterKey> readMasterKeyFile(const std::filesystem::path& file) {
  if (auto privateFile = checkKeyFileMode(file); !privateFile) return privateFile.takeError();
  auto text = readFile(file);
  if (!text) {
    Error error = text.takeError();
    error.code = ErrorCode::Config;
    error.message = "cannot read the snapshot key file: " + error.message;
    return error;
  }
  auto key = parseMasterKey(*text, file.string());
  OPENSSL_cleanse(text->data(), text->size());
  return key;
}

SnapshotKeys deriveSnapshotKeys(const MasterKey& master, std::span<const std::uint8_t> salt) {
  return SnapshotKeys{hkdfSha256(master.bytes, salt, "sluice snapshot v1 data"),
                      hkdfSha256(master.bytes, salt, "sluice snapshot v1 manifest")};
}

std::string unencryptedSnapshotWarning(const std::string& id, const std::string& location) {
  return "warning: snapshot " + id + " in " + location +
         " is not encrypted: it is a readable copy of the database. Set a key to encrypt snapshots: "
         "SLUICE_SNAPSHOT_KEY, --key-file FILE or [snapshot] key_file in .sluice.toml (make one with `openssl rand "
         "-hex 32`)";
}

}  // namespace sluice::snapshot
