#pragma once
// The master key of encrypted snapshots, and the keys derived from it.
//
// A master key is 32 random bytes, written as 64 hexadecimal characters or as the
// standard base64 of the 32 bytes (44 characters with padding); surrounding whitespace
// is ignored. `openssl rand -hex 32` makes one. It comes from --key-file FILE, else the
// SLUICE_SNAPSHOT_KEY environment variable, else [snapshot] key_file in .sluice.toml
// (the configuration decides which: config/settings.hpp); never from a command-line
// value, which would show in `ps` and shell history. A key file must be private to its
// owner (mode 0600 or 0400).
//
// The master key never encrypts anything itself. Every snapshot has a random 32-byte
// salt (in its manifest) and derives, with HKDF-SHA256:
//   data key      info "sluice snapshot v1 data"      encrypts the files (AES-256-GCM)
//   manifest key  info "sluice snapshot v1 manifest"  authenticates manifest.json (HMAC-SHA256)
// The key id, the first 8 bytes of HMAC-SHA256(master key, "sluice snapshot key id v1")
// in hex, is recorded in the manifest: it names the key (so a wrong key gets a clear
// message) without revealing anything about it.

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/error.hpp"
#include "snapshot/crypto.hpp"

namespace sluice::snapshot {

struct MasterKey {
  Key bytes{};
  std::string source;  // "SLUICE_SNAPSHOT_KEY" or the key file's path, for messages

  // 16 hex characters that identify the key (see above).
  [[nodiscard]] std::string id() const;
};

// Parses the textual forms described above; `source` names where the text came from.
Expected<MasterKey> parseMasterKey(std::string_view text, const std::string& source);

// Reads a key file; a Config error when it cannot be read or holds no valid key.
Expected<MasterKey> readMasterKeyFile(const std::filesystem::path& file);

// A key file that group or others can access is refused (Config, exit 2), the way ssh
// refuses such a private key: the file is named with its mode and how to fix it.
Status checkKeyFileMode(const std::filesystem::path& file);

// The warning for a snapshot written without a key (a readable copy of the database's
// data where it is stored), with how to set one.
std::string unencryptedSnapshotWarning(const std::string& id, const std::string& location);

struct SnapshotKeys {
  Key data{};
  Key manifest{};
};

SnapshotKeys deriveSnapshotKeys(const MasterKey& master, std::span<const std::uint8_t> salt);

}  // namespace sluice::snapshot
