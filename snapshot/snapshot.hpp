#pragma once
// The snapshot module's API: everything `sluice snapshot` and `sluice deploy` need.
//
//   createSnapshot   a consistent copy of a database into <snapshot-dir>/<id>/
//   verifySnapshot   offline: manifest authentication, every file's size, checksum,
//                    encryption tags and compressed stream, row counts
//   restoreSnapshot  verifies everything first, then replaces the database's contents
//                    with the snapshot's in one transaction (all or nothing)
//   restoreTest      restores into a scratch database (a throwaway local cluster by
//                    default) and compares row counts
//   listSnapshots / resolveSnapshot / planPrune / removeSnapshot (storage.hpp, pruner.hpp)
//
// A deploy takes and, on failure, restores a snapshot like this:
//
//   snapshot::CreateOptions create;
//   create.snapshotDir = dir;                        // resolveSnapshotDir() in cli/
//   create.key = orThrow(snapshot::readMasterKeyFile(keyFile));  // or parseMasterKey
//   create.reason = "before deploy of 3 migrations";
//   create.history = {historySchema, historyTable};
//   auto taken = snapshot::createSnapshot(settings, create);     // Expected<SnapshotInfo>
//   ... apply migrations; on failure:
//   snapshot::RestoreOptions restore;
//   restore.key = create.key;
//   auto restored = snapshot::restoreSnapshot(settings, taken->path, restore);
//   // !restored: the database is as it was before restoreSnapshot (exit 5, print
//   // `sluice snapshot restore <id>` to retry); restored: as at the snapshot (exit 4).
//
// The format is specified in format.hpp and docs/snapshot-format.md; docs/snapshots.md
// describes usage, key management, retention and restore semantics.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_size.hpp"
#include "common/connection.hpp"
#include "common/duration.hpp"
#include "common/error.hpp"
#include "common/spelling.hpp"
#include "snapshot/catalog.hpp"
#include "snapshot/compression.hpp"
#include "snapshot/key.hpp"
#include "snapshot/manifest.hpp"
#include "snapshot/progress.hpp"
#include "snapshot/pruner.hpp"
#include "snapshot/storage.hpp"
#include "snapshot/store.hpp"

namespace sluice::snapshot {

// --jobs when not given: one per core, at most 8 (each job is a database connection).
unsigned defaultJobs();

struct CreateOptions {
  std::filesystem::path snapshotDir;             // a directory or s3://BUCKET/PREFIX
  std::optional<std::filesystem::path> offsite;  // also copy the snapshot there

  std::optional<MasterKey> key;  // encrypt when set
  unsigned jobs = 0;             // parallel COPY connections; 0: defaultJobs()
  int compressionLevel = kDefaultCompressionLevel;
  int compressionWorkers = -1;  // extra zstd threads per file; -1: chosen from cores and jobs
  HistoryLocation history;
  std::string reason = "manual";
  Duration lockTimeout{std::chrono::seconds(60)};  // for the ACCESS SHARE locks on the tables
  bool checkSpace = true;                          // refuse when the estimate does not fit on the disk
  ProgressCallback progress;
  const std::atomic<bool>* cancel = nullptr;  // set from a signal handler to stop cleanly
};

struct SnapshotInfo {
  std::string id;
  std::filesystem::path path;
  std::optional<std::filesystem::path> offsitePath;  // the copy at CreateOptions::offsite
  Manifest manifest;
  double seconds = 0;
  std::uint64_t bytes = 0;  // on disk
};

Expected<SnapshotInfo> createSnapshot(const ConnectionSettings& settings, const CreateOptions& options);

// The size a snapshot of the database will probably need, and the rule behind it.
struct SizeEstimate {
  std::uint64_t tableBytes = 0;  // heap + TOAST of the tables to copy
  std::uint64_t estimate = 0;    // what the check requires free
};
SizeEstimate estimateSnapshotSize(std::uint64_t tableBytes);

// A snapshot whose manifest has been read, checked against the format version and
// authenticated; the keys to read its files.
struct OpenedSnapshot {
  std::filesystem::path path;                  // its location
  std::shared_ptr<const SnapshotStore> store;  // where it is kept, under `name`
  std::string name;
  Manifest manifest;
  std::optional<SnapshotKeys> keys;
  [[nodiscard]] const Key* dataKey() const { return keys ? &keys->data : nullptr; }
};

Expected<OpenedSnapshot> openSnapshot(const std::filesystem::path& path, const std::optional<MasterKey>& key);

struct VerifyOptions {
  std::optional<MasterKey> key;
  unsigned jobs = 0;
  ProgressCallback progress;
};

// How a snapshot's files are protected (`authentication` in verify's JSON): encrypted
// snapshots are authenticated with HMAC-SHA256, others carry SHA-256 checksums only.
enum class Integrity { Authenticated, Checksums };
inline constexpr Spellings<Integrity, 2> kIntegrityNames{
    {{Integrity::Authenticated, "hmac-sha256"}, {Integrity::Checksums, "sha256"}}};
inline std::string_view spell(Integrity value) { return sluice::spell(value, kIntegrityNames); }

struct VerifyReport {
  std::string id;
  std::filesystem::path path;
  bool encrypted = false;
  Integrity integrity = Integrity::Checksums;
  std::size_t files = 0;
  std::uint64_t bytes = 0;       // on disk
  std::uint64_t plainBytes = 0;  // after decompression
  std::uint64_t rows = 0;        // counted in the data files
  std::vector<Error> failures;   // one per damaged file
  std::vector<std::string> notes;
  double seconds = 0;
  [[nodiscard]] bool ok() const { return failures.empty(); }
};

// Checks a snapshot without a database. A manifest that cannot be trusted is an error;
// damaged files are listed in the report's failures.
Expected<VerifyReport> verifySnapshot(const std::filesystem::path& path, const VerifyOptions& options);
// How much of each file to check. Authenticate reads every byte: sizes, SHA-256 and,
// for encrypted files, every chunk's tag (which proves the bytes are the ones sluice
// wrote). Full also decompresses everything (zstd checksums) and counts the rows.
enum class VerifyDepth { Authenticate, Full };

// The same for an opened snapshot.
VerifyReport verifyFiles(const OpenedSnapshot& snapshot, unsigned jobs, const ProgressCallback& progress,
                         VerifyDepth depth = VerifyDepth::Full);

struct RestoreOptions {
  std::optional<MasterKey> key;
  unsigned jobs = 0;                               // verification threads and ANALYZE connections
  bool allowOtherDatabase = false;                 // restore into a database of another name
  bool allowUnencrypted = false;                   // accept an unencrypted snapshot while a key is configured
  bool analyze = true;                             // ANALYZE the restored tables after commit
  Duration lockTimeout{std::chrono::seconds(30)};  // other sessions' locks, before dropping objects
  // For the index builds of the restore session, when the server's setting is lower
  // (PostgreSQL's default, 64MB, makes large indexes sort on disk).
  std::optional<ByteSize> maintenanceWorkMem = ByteSize(512ULL * 1024 * 1024);
  ProgressCallback progress;
  const std::atomic<bool>* cancel = nullptr;
};

struct TableRestore {
  std::string table;  // schema.name
  std::uint64_t expectedRows = 0;
  std::uint64_t restoredRows = 0;
};

struct RestoreReport {
  std::string id;
  std::string takenAt;  // the snapshot's creation time (UTC): the moment the database is back at
  std::string database;
  std::vector<TableRestore> tables;
  std::uint64_t rows = 0;
  std::uint64_t sequences = 0;
  std::string migrationState;  // the history tables, as restored (equal to the snapshot's)
  double downloadSeconds = 0;  // a snapshot in a bucket, copied once to a local temporary directory
  double verifySeconds = 0;
  double restoreSeconds = 0;
  double analyzeSeconds = 0;
  bool analyzed = false;
  std::string analyzeWarning;  // ANALYZE runs after commit; its failure does not undo the restore
};

Expected<RestoreReport> restoreSnapshot(const ConnectionSettings& settings, const std::filesystem::path& snapshot,
                                        const RestoreOptions& options);

struct RestoreTestOptions {
  std::optional<MasterKey> key;
  unsigned jobs = 0;
  // A server where a temporary database may be created and dropped; unset: a throwaway
  // local cluster (EphemeralCluster).
  std::optional<ConnectionSettings> scratch;
  ProgressCallback progress;
};

struct RestoreTestReport {
  RestoreReport restore;
  std::string target;                 // where it was restored (password-free)
  std::vector<TableRestore> counted;  // SELECT count(*) after the restore
  [[nodiscard]] bool countsMatch() const;
};

Expected<RestoreTestReport> restoreTest(const std::filesystem::path& snapshot, const RestoreTestOptions& options);

}  // namespace sluice::snapshot
