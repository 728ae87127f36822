// createSnapshot: one REPEATABLE READ, READ ONLY transaction (the leader) reads the
// catalog, locks the tables it will copy (ACCESS SHARE, as pg_dump does, so that no
// DDL changes them meanwhile) and exports its MVCC snapshot. pg_dump writes the schema
// in that snapshot, and worker connections import it (SET TRANSACTION SNAPSHOT) and
// COPY the tables in parallel, largest first. Everything goes to the store (a directory
// or a bucket, store.hpp) as it is produced, and the snapshot becomes visible only when
// complete: its manifest is written last.

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <thread>

#include "common/text.hpp"
#include "common/version.hpp"
#include "snapshot/compression.hpp"
#include "snapshot/file_pipeline.hpp"
#include "snapshot/format.hpp"
#include "snapshot/schema_dump.hpp"
#include "snapshot/session_setup.hpp"
#include "snapshot/snapshot.hpp"
#include "snapshot/storage.hpp"
#include "snapshot/store.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kCopyBatch = std::size_t{256} * 1024;
// Tables above this many heap blocks (128 MiB at 8 kB) are copied in parts of this
// size by parallel workers, so that one big table does not make the others wait.
constexpr std::uint64_t kPartBlocks = 16384;

// The first error of any thread; the others stop when they see it.
class FirstError {
 public:
  void set(Error error) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(error);
    failed_ = true;
  }
  [[nodiscard]] bool failed() const { return failed_; }
  std::optional<Error> take() {
    std::lock_guard lock(mutex_);
    return std::move(error_);
  }

 private:
  std::mutex mutex_;
  std::optional<Error> error_;
  std::atomic<bool> failed_{false};
};

Expected<std::unique_ptr<SnapshotFileWriter>> openSnapshotFile(SnapshotUpload& upload, const std::string& name,
                                                               const char* role, const FileEncoding& encoding) {
  auto out = upload.openFile(name);
  if (!out) return out.takeError();
  return SnapshotFileWriter::create(std::move(*out), name, role, encoding);
}

Error cancelled() {
  return Error(ErrorCode::Io, "snapshot interrupted", "nothing was kept of the incomplete snapshot");
}

// One file's worth of work: a whole table or a range of its blocks.
struct WorkItem {
  std::size_t table = 0;
  std::optional<BlockRange> range;
  std::uint64_t bytes = 0;  // estimated, for ordering and progress
  std::string file;
};

struct PartResult {
  std::optional<FileEntry> file;
  std::uint64_t rows = 0;
  std::uint64_t copyBytes = 0;
};

class Creator {
 public:
  Creator(const ConnectionSettings& settings, const CreateOptions& options) : settings_(settings), options_(options) {}

  Expected<SnapshotInfo> run();

 private:
  Status readCatalog(PgSession& leader);
  Status checkSpace();
  void dumpSchema(SnapshotUpload& writer, const FileEncoding& encoding);
  void copyTables(SnapshotUpload& writer, const FileEncoding& encoding, ProgressTracker& progress);
  void planWork(int serverVersionNum);
  Status copyOne(PgSession& session, SnapshotUpload& writer, const FileEncoding& encoding, std::size_t index,
                 ProgressTracker& progress);
  [[nodiscard]] bool stopping() const {
    return errors_.failed() || (options_.cancel != nullptr && options_.cancel->load());
  }

  Expected<fs::path> copyOffsite(const std::string& id) const;

  const ConnectionSettings& settings_;
  const CreateOptions& options_;
  std::unique_ptr<SnapshotStore> store_;
  DatabaseFacts facts_;
  std::vector<TableToCopy> tables_;
  std::vector<HistoryTable> history_;
  std::string exported_;
  std::string sequences_;
  std::uint64_t sequenceCount_ = 0;
  PgDump pgDump_;
  std::string extension_;
  FirstError errors_;
  std::mutex filesMutex_;
  std::vector<FileEntry> schemaFiles_;
  std::vector<WorkItem> work_;
  std::vector<PartResult> results_;
  std::atomic<std::size_t> next_{0};
};

Status Creator::readCatalog(PgSession& leader) {
  if (auto status = runSql(leader, sessionSetup("")); !status) return status;
  if (auto status = runSql(leader, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"); !status) return status;
  if (auto status =
          runSql(leader, "SET LOCAL lock_timeout = '" + std::to_string(options_.lockTimeout.milliseconds()) + "ms'");
      !status) {
    return status;
  }
  auto facts = readDatabaseFacts(leader);
  if (!facts) return facts.takeError();
  facts_ = std::move(*facts);
  if (facts_.largeObjects > 0) {
    return Error(ErrorCode::Input,
                 "database " + facts_.database + " holds " + std::to_string(facts_.largeObjects) +
                     " large objects (pg_largeobject), which sluice snapshots do not copy",
                 "use pg_dump for this database, or move the large objects into bytea columns; "
                 "deploy with --no-snapshot to skip the snapshot");
  }
  auto tables = listTablesToCopy(leader);
  if (!tables) return tables.takeError();
  tables_ = std::move(*tables);
  auto history = readHistory(leader, options_.history);
  if (!history) return history.takeError();
  history_ = std::move(*history);
  if (!tables_.empty()) {
    std::string names;
    for (const TableToCopy& table : tables_) {
      names += (names.empty() ? "" : ", ") + leader.qualifiedName(table.schema, table.name);
    }
    if (auto status = runSql(leader, "LOCK TABLE " + names + " IN ACCESS SHARE MODE"); !status) {
      Error error = status.takeError();
      error.message = "cannot lock the tables for the snapshot: " + error.message;
      return error;
    }
  }
  auto exported = leader.query("SELECT pg_catalog.pg_export_snapshot() AS id");
  if (!exported) return exported.takeError();
  exported_ = exported->value(0, "id");
  auto sequences = sequenceScript(leader);
  if (!sequences) return sequences.takeError();
  sequences_ = std::move(sequences->first);
  sequenceCount_ = sequences->second;
  auto pgDump = findPgDump(facts_.serverVersionNum);
  if (!pgDump) return pgDump.takeError();
  pgDump_ = std::move(*pgDump);
  return {};
}

Status Creator::checkSpace() {
  std::uint64_t tableBytes = 0;
  for (const TableToCopy& table : tables_) tableBytes += table.relationBytes;
  SizeEstimate estimate = estimateSnapshotSize(tableBytes);
  auto freeBytes = store_->freeBytes();
  if (!freeBytes) return freeBytes.takeError();
  if (!*freeBytes) return {};  // no such limit (a bucket)
  std::uint64_t free = **freeBytes;
  if (options_.checkSpace && free < estimate.estimate) {
    return Error(ErrorCode::Io,
                 "not enough free space in " + options_.snapshotDir.string() + " for a snapshot of " + facts_.database +
                     ": about " + humanBytes(static_cast<double>(estimate.estimate)) + " needed (half of the tables' " +
                     humanBytes(static_cast<double>(tableBytes)) + "), " + humanBytes(static_cast<double>(free)) +
                     " free",
                 "free space, prune old snapshots (`sluice snapshot prune`) or use another --snapshot-dir");
  }
  return {};
}

void Creator::dumpSchema(SnapshotUpload& writer, const FileEncoding& encoding) {
  struct Section {
    const char* section;
    const char* file;
    const char* role;
  };
  for (const Section& part : {Section{"pre-data", "schema-pre.sql", kRoleSchemaPre},
                              Section{"post-data", "schema-post.sql", kRoleSchemaPost}}) {
    if (stopping()) return;
    auto sql = dumpSchemaSection(pgDump_, settings_, exported_, part.section, options_.lockTimeout);
    if (!sql) return errors_.set(sql.takeError());
    auto file = openSnapshotFile(writer, part.file + extension_, part.role, encoding);
    if (!file) return errors_.set(file.takeError());
    if (auto status = (*file)->write(*sql); !status) return errors_.set(status.takeError());
    auto entry = (*file)->finish();
    if (!entry) return errors_.set(entry.takeError());
    std::lock_guard lock(filesMutex_);
    schemaFiles_.push_back(std::move(*entry));
  }
}

void Creator::planWork(int serverVersionNum) {
  for (std::size_t t = 0; t < tables_.size(); ++t) {
    const TableToCopy& table = tables_[t];
    // TID range scans exist since PostgreSQL 14; before, a ctid range reads the whole table.
    bool split = serverVersionNum >= 140000 && !table.extensionConfig && table.heapBlocks > kPartBlocks;
    if (!split) {
      work_.push_back(WorkItem{t, std::nullopt, table.relationBytes, {}});
      continue;
    }
    std::uint64_t parts = (table.heapBlocks + kPartBlocks - 1) / kPartBlocks;
    for (std::uint64_t p = 0; p < parts; ++p) {
      BlockRange range{p * kPartBlocks, p + 1 == parts ? 0 : (p + 1) * kPartBlocks};
      work_.push_back(WorkItem{t, range, table.relationBytes / parts, {}});
    }
  }
  // File numbers follow the tables' order; the work is done largest first.
  for (std::size_t i = 0; i < work_.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "data-%05zu.copy", i + 1);
    work_[i].file = name + extension_;
  }
  std::stable_sort(work_.begin(), work_.end(), [](const WorkItem& a, const WorkItem& b) { return a.bytes > b.bytes; });
  results_.resize(work_.size());
}

Status Creator::copyOne(PgSession& session, SnapshotUpload& writer, const FileEncoding& encoding, std::size_t index,
                        ProgressTracker& progress) {
  const WorkItem& item = work_[index];
  const TableToCopy& table = tables_[item.table];
  auto file = openSnapshotFile(writer, item.file, kRoleTableData, encoding);
  if (!file) return file.takeError();
  std::uint64_t copied = 0;
  std::uint64_t reported = 0;
  auto rows = session.copyOut(
      copyOutStatement(session, table, item.range),
      [&](std::string_view chunk) -> Status {
        if (auto status = (*file)->write(chunk); !status) return status;
        copied += chunk.size();
        // Progress is measured against the tables' sizes on the server; COPY text may
        // be larger or smaller, so a part counts at most its own share until it is done.
        std::uint64_t done = std::min(copied, item.bytes);
        if (done > reported) {
          progress.addBytes(done - reported);
          reported = done;
        }
        if (stopping()) return errors_.failed() ? Status(Error(ErrorCode::Internal, "stopped")) : Status(cancelled());
        return {};
      },
      kCopyBatch);
  if (!rows) {
    Error error = rows.takeError();
    if (error.code == ErrorCode::Input)
      error.message = "copying " + table.schema + "." + table.name + ": " + error.message;
    return error;
  }
  auto entry = (*file)->finish();
  if (!entry) return entry.takeError();
  progress.addBytes(item.bytes - reported);
  progress.itemDone();
  results_[index] = PartResult{std::move(*entry), *rows, copied};
  return {};
}

void Creator::copyTables(SnapshotUpload& writer, const FileEncoding& encoding, ProgressTracker& progress) {
  auto session = PgSession::open(settings_, "sluice-snapshot");
  if (!session) return errors_.set(session.takeError());
  for (const std::string& sql :
       {sessionSetup(facts_.encoding), std::string("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
        "SET TRANSACTION SNAPSHOT " + session->literal(exported_)}) {
    if (auto status = runSql(*session, sql); !status) return errors_.set(status.takeError());
  }
  while (!stopping()) {
    std::size_t index = next_++;
    if (index >= work_.size()) break;
    if (auto status = copyOne(*session, writer, encoding, index, progress); !status) {
      // A worker stopped because another failed does not replace the first error.
      if (!errors_.failed()) errors_.set(status.takeError());
      return;
    }
  }
  (void)runSql(*session, "COMMIT");
}

Expected<fs::path> Creator::copyOffsite(const std::string& id) const {
  auto offsite = openStore(*options_.offsite);
  auto copied = offsite ? copySnapshot(*store_, id, **offsite) : Expected<fs::path>(offsite.takeError());
  if (!copied) {
    Error error = copied.takeError();
    error.message =
        "snapshot " + id + " was taken, but copying it to " + options_.offsite->string() + " failed: " + error.message;
    if (error.hint.empty()) error.hint = "the snapshot is kept in " + store_->describe();
    return error;
  }
  return copied;
}

Expected<SnapshotInfo> Creator::run() {
  auto wallStart = Clock::now();
  auto start = std::chrono::steady_clock::now();
  if (options_.compressionLevel < minCompressionLevel() || options_.compressionLevel > maxCompressionLevel()) {
    return Error(ErrorCode::Usage,
                 "compression level " + std::to_string(options_.compressionLevel) + " is out of range (" +
                     std::to_string(minCompressionLevel()) + ".." + std::to_string(maxCompressionLevel()) + ")",
                 "1-3 are fast, 2 is the default, 19 is the smallest and slowest");
  }
  auto leader = PgSession::open(settings_, "sluice-snapshot");
  if (!leader) return leader.takeError();
  if (auto status = readCatalog(*leader); !status) return status.takeError();

  auto store = openStore(options_.snapshotDir);
  if (!store) return store.takeError();
  store_ = std::move(*store);
  if (auto status = store_->prepare(); !status) return status.takeError();
  if (auto status = checkSpace(); !status) return status.takeError();

  auto id = newSnapshotId(wallStart);
  if (!id) return id.takeError();
  auto writer = store_->begin(*id);
  if (!writer) return writer.takeError();

  Manifest manifest;
  std::optional<SnapshotKeys> keys;
  if (options_.key) {
    std::array<std::uint8_t, 32> salt{};
    if (auto status = randomBytes(salt); !status) return status.takeError();
    keys = deriveSnapshotKeys(*options_.key, salt);
    manifest.encryption =
        EncryptionInfo{"aes-256-gcm", "hkdf-sha256", hexEncode(salt), options_.key->id(), kDefaultChunkSize};
  }
  extension_ = fileExtension(keys.has_value());
  unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  unsigned jobs = options_.jobs > 0 ? options_.jobs : defaultJobs();
  FileEncoding encoding;
  encoding.compressionLevel = options_.compressionLevel;
  // With fewer copy workers than cores, zstd's own thread overlaps compression with
  // receiving the next rows; with as many, the cores are busy already.
  encoding.compressionWorkers = options_.compressionWorkers >= 0 ? options_.compressionWorkers : (cores > jobs ? 1 : 0);
  encoding.dataKey = keys ? &keys->data : nullptr;
  planWork(facts_.serverVersionNum);
  jobs = std::max(1U, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, work_.size()))));

  std::uint64_t tableBytes = 0;
  for (const TableToCopy& table : tables_) tableBytes += table.relationBytes;
  ProgressTracker progress(options_.progress, "data", work_.size(), tableBytes);
  {
    std::vector<std::jthread> threads;
    threads.emplace_back([&] { dumpSchema(**writer, encoding); });
    for (unsigned i = 0; i < jobs && !work_.empty(); ++i) {
      threads.emplace_back([&] { copyTables(**writer, encoding, progress); });
    }
  }
  if (auto error = errors_.take()) return std::move(*error);
  if (options_.cancel != nullptr && options_.cancel->load()) return cancelled();
  progress.finish();

  auto sequencesFile = openSnapshotFile(**writer, std::string("sequences.sql") + extension_, kRoleSequences, encoding);
  if (!sequencesFile) return sequencesFile.takeError();
  if (auto status = (*sequencesFile)->write(sequences_); !status) return status.takeError();
  auto sequencesEntry = (*sequencesFile)->finish();
  if (!sequencesEntry) return sequencesEntry.takeError();
  // The snapshot's transaction ends only now: pg_dump and the workers needed it open.
  if (auto status = runSql(*leader, "COMMIT"); !status) return status.takeError();

  manifest.formatVersion = kFormatVersion;
  manifest.id = *id;
  manifest.reason = options_.reason;
  manifest.createdAt = formatUtc(wallStart);
  manifest.sluiceVersion = kVersion;
  manifest.database = facts_.database;
  manifest.encoding = facts_.encoding;
  manifest.serverVersion = facts_.serverVersion;
  manifest.serverVersionNum = facts_.serverVersionNum;
  manifest.pgDumpVersion = pgDump_.version;
  manifest.publicSchema = facts_.publicSchema;
  manifest.roles = facts_.roles;
  manifest.compressionLevel = options_.compressionLevel;
  manifest.history = history_;
  manifest.sequencesFile = sequencesEntry->name;
  manifest.sequenceCount = sequenceCount_;
  manifest.files = schemaFiles_;
  manifest.files.push_back(*sequencesEntry);
  for (const TableToCopy& table : tables_) {
    manifest.tables.push_back(
        TableEntry{table.schema, table.name, table.columns, {}, table.relationBytes, !table.extensionConfig});
  }
  // Parts in block order, whatever order the workers took them in.
  std::vector<std::size_t> order(work_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const WorkItem& x = work_[a];
    const WorkItem& y = work_[b];
    return std::make_pair(x.table, x.range ? x.range->first : 0) <
           std::make_pair(y.table, y.range ? y.range->first : 0);
  });
  for (std::size_t index : order) {
    const PartResult& result = results_[index];
    manifest.tables[work_[index].table].parts.push_back(TablePart{result.file->name, result.rows, result.copyBytes});
    manifest.files.push_back(*result.file);
  }
  std::sort(manifest.files.begin(), manifest.files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.name < b.name; });
  std::sort(manifest.tables.begin(), manifest.tables.end(), [](const TableEntry& a, const TableEntry& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
  manifest.durationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::string json = toJson(manifest);
  auto path = (*writer)->commit(json, manifestAuthLine(json, keys ? &keys->manifest : nullptr));
  if (!path) return path.takeError();
  SnapshotInfo info;
  info.id = *id;
  info.path = *path;
  if (options_.offsite) {
    auto offsite = copyOffsite(*id);
    if (!offsite) return offsite.takeError();
    info.offsitePath = std::move(*offsite);
  }
  info.bytes = manifest.totalBytes();
  info.manifest = std::move(manifest);
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return info;
}

}  // namespace

unsigned defaultJobs() {
  unsigned cores = std::thread::hardware_concurrency();
  return std::clamp(cores == 0 ? 2U : cores, 1U, 8U);
}

SizeEstimate estimateSnapshotSize(std::uint64_t tableBytes) {
  // COPY text compressed with zstd is usually a fifth to a third of the heap; half
  // leaves room for data that compresses badly, 4 MiB for the schema and manifest.
  return SizeEstimate{tableBytes, tableBytes / 2 + (4U << 20U)};
}

Expected<SnapshotInfo> createSnapshot(const ConnectionSettings& settings, const CreateOptions& options) {
  Creator creator(settings, options);
  return creator.run();
}

}  // namespace sluice::snapshot
