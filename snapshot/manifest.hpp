#pragma once
// manifest.json (format.hpp specifies it) as a value, its JSON form and its
// authentication line (manifest.auth).

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "snapshot/crypto.hpp"

namespace sluice::snapshot {

struct FileEntry {
  std::string name;
  std::string role;
  std::uint64_t bytes = 0;       // on disk
  std::string sha256;            // of the bytes on disk, lowercase hex
  std::uint64_t plainBytes = 0;  // before compression
  std::string fileId;            // 32 hex; encrypted files only
};

// A large table is copied in parts (ranges of its heap blocks, by parallel workers);
// restore concatenates them in order into one COPY.
struct TablePart {
  std::string file;
  std::uint64_t rows = 0;
  std::uint64_t copyBytes = 0;  // COPY text, uncompressed
};

struct TableEntry {
  std::string schema;
  std::string name;
  std::vector<std::string> columns;
  std::vector<TablePart> parts;
  std::uint64_t relationBytes = 0;  // pg_table_size at snapshot time
  bool freeze = true;               // restored with COPY FREEZE (tables the restore creates)

  [[nodiscard]] std::string qualifiedName() const { return schema + "." + name; }
  [[nodiscard]] std::uint64_t rows() const;
  [[nodiscard]] std::uint64_t copyBytes() const;
};

struct HistoryTable {
  std::string kind;  // "prisma" or "sluice"
  std::string schema;
  std::string table;
  nlohmann::json rows = nlohmann::json::array();  // one object per row, ordered

  // "12 applied, latest 20240301000000_add_orders" (or "empty").
  [[nodiscard]] std::string summary() const;
};

struct EncryptionInfo {
  std::string algorithm = "aes-256-gcm";
  std::string kdf = "hkdf-sha256";
  std::string salt;   // 64 hex
  std::string keyId;  // 16 hex
  std::uint32_t chunkSize = 0;
};

struct Manifest {
  int formatVersion = 0;
  std::string id;
  std::string reason;
  std::string createdAt;
  double durationSeconds = 0;
  std::string sluiceVersion;

  std::string database;
  std::string encoding;
  std::string serverVersion;
  int serverVersionNum = 0;
  std::string pgDumpVersion;
  bool publicSchema = true;
  std::vector<std::string> roles;

  int compressionLevel = 0;
  std::optional<EncryptionInfo> encryption;

  std::vector<HistoryTable> history;
  std::vector<TableEntry> tables;
  std::string sequencesFile;
  std::uint64_t sequenceCount = 0;
  std::vector<FileEntry> files;

  [[nodiscard]] bool encrypted() const { return encryption.has_value(); }
  [[nodiscard]] const FileEntry* file(std::string_view name) const;
  [[nodiscard]] const FileEntry* fileWithRole(std::string_view role) const;
  [[nodiscard]] std::uint64_t totalRows() const;
  [[nodiscard]] std::uint64_t totalBytes() const;  // files on disk
  // "prisma: 12 applied, latest x; sluice: empty", or "no history table".
  [[nodiscard]] std::string migrationState() const;
};

std::string toJson(const Manifest& manifest);

// Parses and validates a manifest. `where` names the file for messages. A manifest of
// a newer format version is refused with a message saying which sluice can read it.
Expected<Manifest> parseManifest(std::string_view json, const std::string& where);

// The contents of manifest.auth for `manifestJson`: HMAC with `macKey` when the
// snapshot is encrypted, else its SHA-256.
std::string manifestAuthLine(std::string_view manifestJson, const Key* macKey);

// Checks manifest.auth against the manifest; `macKey` must be given exactly when the
// manifest says the snapshot is encrypted.
Status checkManifestAuth(std::string_view manifestJson, std::string_view authLine, const Key* macKey,
                         const std::string& where);

// Hex encoding helpers shared by the module.
std::string hexEncode(std::span<const std::uint8_t> bytes);
bool hexDecode(std::string_view hex, std::span<std::uint8_t> out);

}  // namespace sluice::snapshot
