#include "snapshot/manifest.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/sha256.hpp"
#include "common/version.hpp"
#include "snapshot/format.hpp"

namespace sluice::snapshot {
namespace {

using nlohmann::json;

struct Malformed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool isHex(std::string_view text, std::size_t length) {
  return text.size() == length &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// File names come from an untrusted file: only plain names inside the snapshot.
bool isSafeFileName(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  });
}

const json& member(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) throw Malformed(std::string("missing `") + key + "`");
  return object.at(key);
}

std::string stringAt(const json& object, const char* key) {
  const json& value = member(object, key);
  if (!value.is_string()) throw Malformed(std::string("`") + key + "` must be a string");
  return value.get<std::string>();
}

std::uint64_t countAt(const json& object, const char* key) {
  const json& value = member(object, key);
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<std::int64_t>() >= 0)) {
    throw Malformed(std::string("`") + key + "` must be a non-negative integer");
  }
  return value.get<std::uint64_t>();
}

bool flagAt(const json& object, const char* key) {
  const json& value = member(object, key);
  if (!value.is_boolean()) throw Malformed(std::string("`") + key + "` must be true or false");
  return value.get<bool>();
}

const json& arrayAt(const json& object, const char* key) {
  const json& value = member(object, key);
  if (!value.is_array()) throw Malformed(std::string("`") + key + "` must be an array");
  return value;
}

bool isNull(const json& row, const char* column) { return !row.contains(column) || row[column].is_null(); }

// Whether a history row records a migration that is applied now: Prisma's when it
// finished and was not rolled back; others' unless a state column says it failed or is
// still running, a success/is_applied flag (Flyway, goose) says false or a dirty flag
// (golang-migrate) says true.
bool isApplied(const json& row, const std::string& kind) {
  if (!row.is_object()) return false;
  if (kind == "prisma") return !isNull(row, "finished_at") && isNull(row, "rolled_back_at");
  if (row.contains("state") && row["state"].is_string()) return row["state"] == "applied";
  for (const char* flag : {"success", "is_applied"}) {
    if (row.contains(flag) && row[flag].is_boolean() && !row[flag].get<bool>()) return false;
  }
  // golang-migrate marks a migration that failed half-way as dirty.
  return !(row.contains("dirty") && row["dirty"].is_boolean() && row["dirty"].get<bool>());
}

// The row's name as users know it: the migration's id where the table has one.
std::string nameOf(const json& row) {
  for (const char* column : {"migration_id", "migration_name", "name", "version"}) {
    if (!row.contains(column)) continue;
    if (row[column].is_string()) return row[column].get<std::string>();
    if (row[column].is_number()) return row[column].dump();
  }
  return {};
}

// When the row's migration was applied, as row_to_json writes a timestamptz (ISO 8601 in
// the server's time zone: one table's rows compare as text); empty when unknown.
std::string appliedAtOf(const json& row) {
  for (const char* column : {"finished_at", "applied_at", "installed_on", "tstamp"}) {
    if (row.contains(column) && row[column].is_string()) return row[column].get<std::string>();
  }
  return {};
}

// The sum of `value` over `items` (rows and bytes of a table's parts, of every table, of
// every file).
template <class Items, class Value>
std::uint64_t sumOf(const Items& items, Value value) {
  std::uint64_t total = 0;
  for (const auto& item : items) total += value(item);
  return total;
}

// The first of `items` that `matches`, or nullptr.
template <class Item, class Matches>
const Item* firstOf(const std::vector<Item>& items, Matches matches) {
  auto found = std::find_if(items.begin(), items.end(), matches);
  return found == items.end() ? nullptr : &*found;
}

}  // namespace

std::string HistoryTable::summary() const {
  if (rows.empty()) return "empty";
  std::size_t applied = 0;
  // The latest is the last one applied, not the greatest name: out-of-order and
  // re-applied migrations make the two differ.
  const json* latest = nullptr;
  for (const json& row : rows) {
    if (!isApplied(row, kind) || nameOf(row).empty()) continue;
    ++applied;
    if (latest == nullptr) {
      latest = &row;
      continue;
    }
    std::string at = appliedAtOf(row);
    std::string latestAt = appliedAtOf(*latest);
    if (at > latestAt || (at == latestAt && nameOf(row) > nameOf(*latest))) latest = &row;
  }
  if (applied == 0) return "nothing applied (" + std::to_string(rows.size()) + " rows)";
  std::string out = std::to_string(applied) + " applied";
  if (latest != nullptr) out += ", latest " + nameOf(*latest);
  std::size_t other = rows.size() - applied;
  if (other > 0) out += "; " + std::to_string(other) + " failed or rolled back";
  return out;
}

std::uint64_t TableEntry::rows() const {
  return sumOf(parts, [](const TablePart& part) { return part.rows; });
}

std::uint64_t TableEntry::copyBytes() const {
  return sumOf(parts, [](const TablePart& part) { return part.copyBytes; });
}

const FileEntry* Manifest::file(std::string_view name) const {
  return firstOf(files, [name](const FileEntry& entry) { return entry.name == name; });
}

const FileEntry* Manifest::fileWithRole(std::string_view role) const {
  return firstOf(files, [role](const FileEntry& entry) { return entry.role == role; });
}

std::uint64_t Manifest::totalRows() const {
  return sumOf(tables, [](const TableEntry& table) { return table.rows(); });
}

std::uint64_t Manifest::totalBytes() const {
  return sumOf(files, [](const FileEntry& entry) { return entry.bytes; });
}

std::string Manifest::migrationState() const {
  if (history.empty()) return "no history table";
  std::string out;
  for (const HistoryTable& table : history) {
    if (!out.empty()) out += "; ";
    out += table.kind + ": " + table.summary();
  }
  return out;
}

std::string toJson(const Manifest& m) {
  json history = json::array();
  for (const HistoryTable& table : m.history) {
    history.push_back({{"kind", table.kind}, {"schema", table.schema}, {"table", table.table}, {"rows", table.rows}});
  }
  json tables = json::array();
  std::uint64_t copyBytes = 0;
  for (const TableEntry& table : m.tables) {
    json parts = json::array();
    for (const TablePart& part : table.parts) {
      parts.push_back({{"file", part.file}, {"rows", part.rows}, {"copy_bytes", part.copyBytes}});
    }
    tables.push_back({{"schema", table.schema},
                      {"name", table.name},
                      {"columns", table.columns},
                      {"rows", table.rows()},
                      {"relation_bytes", table.relationBytes},
                      {"freeze", table.freeze},
                      {"parts", parts}});
    copyBytes += table.copyBytes();
  }
  json files = json::array();
  for (const FileEntry& file : m.files) {
    json entry = {{"name", file.name},
                  {"role", file.role},
                  {"bytes", file.bytes},
                  {"sha256", file.sha256},
                  {"plain_bytes", file.plainBytes}};
    if (!file.fileId.empty()) entry["file_id"] = file.fileId;
    files.push_back(std::move(entry));
  }
  json encryption = nullptr;
  if (m.encryption) {
    encryption = {{"algorithm", m.encryption->algorithm},
                  {"kdf", m.encryption->kdf},
                  {"salt", m.encryption->salt},
                  {"key_id", m.encryption->keyId},
                  {"chunk_size", m.encryption->chunkSize}};
  }
  json document = {
      {"format", kFormatName},
      {"format_version", m.formatVersion},
      {"id", m.id},
      {"reason", m.reason},
      {"created_at", m.createdAt},
      {"duration_seconds", m.durationSeconds},
      {"sluice_version", m.sluiceVersion},
      {"database",
       {{"name", m.database},
        {"encoding", m.encoding},
        {"server_version", m.serverVersion},
        {"server_version_num", m.serverVersionNum},
        {"pg_dump_version", m.pgDumpVersion},
        {"public_schema", m.publicSchema},
        {"roles", m.roles}}},
      {"compression", {{"algorithm", "zstd"}, {"level", m.compressionLevel}}},
      {"encryption", encryption},
      {"history", history},
      {"tables", tables},
      {"sequences", {{"file", m.sequencesFile}, {"count", m.sequenceCount}}},
      {"files", files},
      {"totals", {{"rows", m.totalRows()}, {"copy_bytes", copyBytes}, {"bytes", m.totalBytes()}}},
  };
  return document.dump(2) + "\n";
}

Expected<Manifest> parseManifest(std::string_view text, const std::string& where) {
  auto malformed = [&](const std::string& what) {
    return Error(ErrorCode::Snapshot, where + " is not a valid snapshot manifest: " + what,
                 "the snapshot is damaged or was not written by sluice; it cannot be restored", where);
  };
  json document = json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) return malformed("not a JSON object");
  Manifest m;
  try {
    if (!document.contains("format") || document["format"] != kFormatName) {
      return malformed("`format` is not \"" + std::string(kFormatName) + "\"");
    }
    const json& version = member(document, "format_version");
    if (!version.is_number_integer()) throw Malformed("`format_version` must be an integer");
    m.formatVersion = version.get<int>();
    if (m.formatVersion > kFormatVersion || m.formatVersion < 1) {
      return Error(ErrorCode::Snapshot,
                   where + " has snapshot format version " + std::to_string(m.formatVersion) + "; sluice " + kVersion +
                       " reads format version " + std::to_string(kFormatVersion),
                   m.formatVersion > kFormatVersion
                       ? "it was written by a newer sluice; restore it with that version (or newer)"
                       : "the snapshot is damaged",
                   where);
    }
    m.id = stringAt(document, "id");
    m.reason = stringAt(document, "reason");
    m.createdAt = stringAt(document, "created_at");
    const json& duration = member(document, "duration_seconds");
    if (!duration.is_number()) throw Malformed("`duration_seconds` must be a number");
    m.durationSeconds = duration.get<double>();
    m.sluiceVersion = stringAt(document, "sluice_version");

    const json& database = member(document, "database");
    m.database = stringAt(database, "name");
    m.encoding = stringAt(database, "encoding");
    m.serverVersion = stringAt(database, "server_version");
    m.serverVersionNum = static_cast<int>(countAt(database, "server_version_num"));
    m.pgDumpVersion = stringAt(database, "pg_dump_version");
    m.publicSchema = flagAt(database, "public_schema");
    for (const json& role : arrayAt(database, "roles")) {
      if (!role.is_string()) throw Malformed("`roles` must hold strings");
      m.roles.push_back(role.get<std::string>());
    }

    const json& compression = member(document, "compression");
    if (stringAt(compression, "algorithm") != "zstd") throw Malformed("unknown compression algorithm");
    m.compressionLevel = static_cast<int>(member(compression, "level").get<std::int64_t>());

    const json& encryption = member(document, "encryption");
    if (!encryption.is_null()) {
      EncryptionInfo info;
      info.algorithm = stringAt(encryption, "algorithm");
      info.kdf = stringAt(encryption, "kdf");
      info.salt = stringAt(encryption, "salt");
      info.keyId = stringAt(encryption, "key_id");
      info.chunkSize = static_cast<std::uint32_t>(countAt(encryption, "chunk_size"));
      if (info.algorithm != "aes-256-gcm" || info.kdf != "hkdf-sha256") {
        throw Malformed("unknown encryption algorithm or key derivation");
      }
      if (!isHex(info.salt, 64) || !isHex(info.keyId, 16)) throw Malformed("invalid encryption salt or key id");
      m.encryption = info;
    }

    for (const json& entry : arrayAt(document, "history")) {
      HistoryTable table;
      table.kind = stringAt(entry, "kind");
      table.schema = stringAt(entry, "schema");
      table.table = stringAt(entry, "table");
      table.rows = arrayAt(entry, "rows");
      if (table.kind != "prisma" && table.kind != "sluice") throw Malformed("unknown history kind " + table.kind);
      m.history.push_back(std::move(table));
    }

    for (const json& entry : arrayAt(document, "files")) {
      FileEntry file;
      file.name = stringAt(entry, "name");
      file.role = stringAt(entry, "role");
      file.bytes = countAt(entry, "bytes");
      file.sha256 = stringAt(entry, "sha256");
      file.plainBytes = countAt(entry, "plain_bytes");
      if (entry.contains("file_id")) file.fileId = stringAt(entry, "file_id");
      if (!isSafeFileName(file.name)) throw Malformed("invalid file name `" + file.name + "`");
      if (file.role != kRoleSchemaPre && file.role != kRoleSchemaPost && file.role != kRoleSequences &&
          file.role != kRoleTableData) {
        throw Malformed("unknown file role `" + file.role + "`");
      }
      if (!isHex(file.sha256, 64)) throw Malformed("invalid sha256 for " + file.name);
      if (m.encryption.has_value() != isHex(file.fileId, 32))
        throw Malformed("missing or invalid file id for " + file.name);
      if (m.file(file.name) != nullptr) throw Malformed("file " + file.name + " listed twice");
      m.files.push_back(std::move(file));
    }
    for (const char* role : {kRoleSchemaPre, kRoleSchemaPost, kRoleSequences}) {
      if (m.fileWithRole(role) == nullptr) throw Malformed(std::string("no ") + role + " file");
    }

    for (const json& entry : arrayAt(document, "tables")) {
      TableEntry table;
      table.schema = stringAt(entry, "schema");
      table.name = stringAt(entry, "name");
      for (const json& column : arrayAt(entry, "columns")) {
        if (!column.is_string()) throw Malformed("`columns` must hold strings");
        table.columns.push_back(column.get<std::string>());
      }
      table.relationBytes = countAt(entry, "relation_bytes");
      table.freeze = flagAt(entry, "freeze");
      for (const json& item : arrayAt(entry, "parts")) {
        TablePart part{stringAt(item, "file"), countAt(item, "rows"), countAt(item, "copy_bytes")};
        const FileEntry* file = m.file(part.file);
        if (file == nullptr || file->role != kRoleTableData) {
          throw Malformed("table " + table.qualifiedName() + " refers to an unlisted data file");
        }
        table.parts.push_back(std::move(part));
      }
      if (table.parts.empty()) throw Malformed("table " + table.qualifiedName() + " has no data file");
      if (table.rows() != countAt(entry, "rows"))
        throw Malformed("rows of " + table.qualifiedName() + " do not add up");
      m.tables.push_back(std::move(table));
    }
    const json& sequences = member(document, "sequences");
    m.sequencesFile = stringAt(sequences, "file");
    m.sequenceCount = countAt(sequences, "count");
    if (m.file(m.sequencesFile) == nullptr) throw Malformed("the sequences file is not listed");
  } catch (const Malformed& e) {
    return malformed(e.what());
  } catch (const json::exception& e) {
    return malformed(e.what());
  }
  return m;
}

std::string hexEncode(std::span<const std::uint8_t> bytes) { return toHex(bytes.data(), bytes.size()); }

bool hexDecode(std::string_view hex, std::span<std::uint8_t> out) {
  if (hex.size() != out.size() * 2) return false;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    int high = digit(hex[2 * i]);
    int low = digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return true;
}

std::string manifestAuthLine(std::string_view manifestJson, const Key* macKey) {
  if (macKey != nullptr) return "hmac-sha256 " + hexEncode(hmacSha256(*macKey, manifestJson)) + "\n";
  return "sha256 " + sha256Hex(manifestJson) + "\n";
}

Status checkManifestAuth(std::string_view manifestJson, std::string_view authLine, const Key* macKey,
                         const std::string& where) {
  std::string expected = manifestAuthLine(manifestJson, macKey);
  std::string_view scheme = macKey != nullptr ? "hmac-sha256 " : "sha256 ";
  if (!authLine.starts_with(scheme)) {
    return Error(ErrorCode::Snapshot,
                 where + ": " + std::string(kManifestAuthFile) + " does not hold a " +
                     std::string(scheme.substr(0, scheme.size() - 1)) + " line",
                 "the snapshot is damaged or was tampered with; it cannot be restored", where);
  }
  bool same = constantTimeEqual(std::span(reinterpret_cast<const std::uint8_t*>(expected.data()), expected.size()),
                                std::span(reinterpret_cast<const std::uint8_t*>(authLine.data()), authLine.size()));
  if (!same) {
    return Error(ErrorCode::Snapshot,
                 where + ": the manifest does not match its " +
                     (macKey != nullptr ? std::string("authentication code") : std::string("checksum")) + " in " +
                     kManifestAuthFile,
                 "the snapshot is damaged or was tampered with; it cannot be restored", where);
  }
  return {};
}

}  // namespace sluice::snapshot
