// restoreSnapshot: download a snapshot kept in a bucket (once, still encrypted), verify
// everything, then one transaction on one connection:
//
//   drop what the database holds (event triggers, publications, extensions but
//   plpgsql, foreign servers and wrappers, every non-system schema, CASCADE), recreate
//   schema public as a new database has it (if the snapshot had it), run the pre-data
//   SQL, COPY every table (FREEZE: the tables are new in this transaction), set the
//   sequences, run the post-data SQL (indexes, constraints, triggers, matview refreshes),
//   compare row counts and the migration history with the manifest, COMMIT.
//
// Any failure before COMMIT rolls back, and so does a dead client: other sessions never
// see a half-restored database. ANALYZE runs after COMMIT on --jobs connections; it
// only rebuilds statistics.

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "common/temp_dir.hpp"
#include "common/text.hpp"
#include "snapshot/catalog.hpp"
#include "snapshot/file_pipeline.hpp"
#include "snapshot/format.hpp"
#include "snapshot/session_setup.hpp"
#include "snapshot/snapshot.hpp"
#include "snapshot/store.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kCopyChunk = 1U << 20U;

class StringSink final : public ByteSink {
 public:
  explicit StringSink(std::string& out) : out_(out) {}
  Status write(std::string_view data) override {
    out_.append(data);
    return {};
  }
  Status finish() override { return {}; }

 private:
  std::string& out_;
};

// Decompressed COPY data travels from a reading thread to the connection in large
// chunks through a short queue, so that decryption and decompression overlap with the
// server's work instead of alternating with it.
class ChunkQueue {
 public:
  explicit ChunkQueue(std::size_t capacity) : capacity_(capacity) {}

  // Blocks while the queue is full; false when the consumer gave up.
  bool push(std::string chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return chunks_.size() < capacity_ || abandoned_; });
    if (abandoned_) return false;
    chunks_.push_back(std::move(chunk));
    changed_.notify_all();
    return true;
  }
  // Blocks while the queue is empty; nullopt once the producer is done and all is taken.
  std::optional<std::string> pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !chunks_.empty() || done_; });
    if (chunks_.empty()) return std::nullopt;
    std::string chunk = std::move(chunks_.front());
    chunks_.pop_front();
    changed_.notify_all();
    return chunk;
  }
  void finish(Status status) {
    std::lock_guard lock(mutex_);
    status_ = std::move(status);
    done_ = true;
    changed_.notify_all();
  }
  void abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    changed_.notify_all();
  }
  Status status() {
    std::lock_guard lock(mutex_);
    return status_;
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> chunks_;
  Status status_;
  bool done_ = false;
  bool abandoned_ = false;
};

class QueueSink final : public ByteSink {
 public:
  explicit QueueSink(ChunkQueue& queue) : queue_(queue) { buffer_.reserve(kCopyChunk + (256U << 10U)); }
  Status write(std::string_view data) override {
    buffer_.append(data);
    if (buffer_.size() >= kCopyChunk) return flush();
    return {};
  }
  Status finish() override { return flush(); }

 private:
  Status flush() {
    if (buffer_.empty()) return {};
    if (!queue_.push(std::move(buffer_))) return Error(ErrorCode::Io, "stopped");
    buffer_ = std::string();
    buffer_.reserve(kCopyChunk + (256U << 10U));
    return {};
  }
  ChunkQueue& queue_;
  std::string buffer_;
};

constexpr const char* kUserNamespace =
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
    "AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

class Restorer {
 public:
  Restorer(const ConnectionSettings& settings, const RestoreOptions& options)
      : settings_(settings), options_(options) {}
  Expected<RestoreReport> run(const fs::path& path);

 private:
  Status loadText(const char* role, std::string& out);
  Status wipe(PgSession& session);
  Status restoreData(PgSession& session, ProgressTracker& progress);
  Status checkHistory(PgSession& session);
  Error rolledBack(PgSession& session, Error error) const;
  void analyze();

  const ConnectionSettings& settings_;
  const RestoreOptions& options_;
  OpenedSnapshot snapshot_;
  RestoreReport report_;
};

Status Restorer::loadText(const char* role, std::string& out) {
  const FileEntry* file = snapshot_.manifest.fileWithRole(role);
  StringSink sink(out);
  return readSnapshotFile(*snapshot_.store, snapshot_.name, *file, snapshot_.dataKey(), sink);
}

Status Restorer::wipe(PgSession& session) {
  struct Kind {
    const char* query;
    const char* drop;
  };
  // Order matters only for speed: extensions first, so that their members are not
  // dropped one by one through their schemas.
  const Kind kinds[] = {
      {"SELECT evtname AS name FROM pg_catalog.pg_event_trigger ORDER BY 1", "DROP EVENT TRIGGER IF EXISTS "},
      {"SELECT pubname AS name FROM pg_catalog.pg_publication ORDER BY 1", "DROP PUBLICATION IF EXISTS "},
      {"SELECT extname AS name FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql' ORDER BY 1",
       "DROP EXTENSION IF EXISTS "},
      {"SELECT srvname AS name FROM pg_catalog.pg_foreign_server ORDER BY 1", "DROP SERVER IF EXISTS "},
      {"SELECT fdwname AS name FROM pg_catalog.pg_foreign_data_wrapper ORDER BY 1",
       "DROP FOREIGN DATA WRAPPER IF EXISTS "},
  };
  for (const Kind& kind : kinds) {
    auto rows = session.query(kind.query);
    if (!rows) return rows.takeError();
    for (int i = 0; i < rows->rows(); ++i) {
      bool cascade = std::string_view(kind.drop).find("EVENT") == std::string_view::npos &&
                     std::string_view(kind.drop).find("PUBLICATION") == std::string_view::npos;
      if (auto status =
              runSql(session, kind.drop + session.identifier(rows->value(i, "name")) + (cascade ? " CASCADE" : ""));
          !status) {
        return status;
      }
    }
  }
  auto schemas = session.query("SELECT n.nspname AS name FROM pg_catalog.pg_namespace n WHERE " +
                               std::string(kUserNamespace) + " ORDER BY 1");
  if (!schemas) return schemas.takeError();
  std::string drop;
  for (int i = 0; i < schemas->rows(); ++i) {
    drop += (drop.empty() ? "" : ", ") + session.identifier(schemas->value(i, "name"));
  }
  if (!drop.empty()) {
    if (auto status = runSql(session, "DROP SCHEMA " + drop + " CASCADE"); !status) return status;
  }
  if (snapshot_.manifest.publicSchema) {
    // pg_dump writes schema public only where it differs from a new database's: make
    // it exactly that first (PostgreSQL 15's template: owned by pg_database_owner,
    // USAGE for PUBLIC, its standard comment).
    std::string sql = "CREATE SCHEMA public";
    if (snapshot_.manifest.serverVersionNum >= 150000 && session.serverVersion() >= 150000) {
      sql += "; ALTER SCHEMA public OWNER TO pg_database_owner; GRANT USAGE ON SCHEMA public TO PUBLIC";
    } else {
      sql += "; GRANT ALL ON SCHEMA public TO PUBLIC";
    }
    sql += "; COMMENT ON SCHEMA public IS 'standard public schema'";
    if (auto status = runSql(session, sql); !status) return status;
  }
  return {};
}

Status Restorer::restoreData(PgSession& session, ProgressTracker& progress) {
  for (const TableEntry& table : snapshot_.manifest.tables) {
    if (options_.cancel != nullptr && options_.cancel->load()) return Error(ErrorCode::Io, "restore interrupted");
    std::string columns;
    for (const std::string& column : table.columns) {
      columns += (columns.empty() ? "" : ", ") + session.identifier(column);
    }
    std::string sql = "COPY " + session.qualifiedName(table.schema, table.name) +
                      (columns.empty() ? "" : " (" + columns + ")") + " FROM STDIN" +
                      (table.freeze ? " WITH (FREEZE)" : "");
    if (auto status = session.copyInBegin(sql); !status) {
      Error error = status.takeError();
      error.message = "restoring " + table.qualifiedName() + ": " + error.message;
      return error;
    }
    ChunkQueue queue(8);
    std::jthread reader([&] {
      QueueSink sink(queue);
      Status read;
      for (const TablePart& part : table.parts) {
        read = readSnapshotFile(*snapshot_.store, snapshot_.name, *snapshot_.manifest.file(part.file),
                                snapshot_.dataKey(), sink);
        if (!read) break;
      }
      queue.finish(std::move(read));
    });
    Status sent;
    while (auto chunk = queue.pop()) {
      if (options_.cancel != nullptr && options_.cancel->load()) {
        sent = Error(ErrorCode::Io, "restore interrupted");
        break;
      }
      sent = session.copyInPut(*chunk);
      if (!sent) break;
      progress.addBytes(chunk->size());
    }
    if (!sent) queue.abandon();
    reader.join();
    if (Status read = queue.status(); !read || !sent) {
      Error error = !sent ? sent.takeError() : read.takeError();
      session.copyInAbort("sluice: " + error.message);
      return error;
    }
    auto rows = session.copyInEnd();
    if (!rows) {
      Error error = rows.takeError();
      error.message = "restoring " + table.qualifiedName() + ": " + error.message;
      return error;
    }
    report_.tables.push_back(TableRestore{table.qualifiedName(), table.rows(), *rows});
    report_.rows += *rows;
    progress.itemDone();
    if (*rows != table.rows()) {
      return Error(ErrorCode::Snapshot, table.qualifiedName() + ": " + std::to_string(*rows) +
                                            " rows restored, the manifest says " + std::to_string(table.rows()));
    }
  }
  return {};
}

Status Restorer::checkHistory(PgSession& session) {
  std::string state;
  for (const HistoryTable& table : snapshot_.manifest.history) {
    auto rows = readHistoryRows(session, table.schema, table.table);
    if (!rows) return rows.takeError();
    if (*rows != table.rows) {
      return Error(ErrorCode::Snapshot, "after the restore, " + table.schema + "." + table.table +
                                            " differs from the snapshot's migration history");
    }
    state += (state.empty() ? "" : "; ") + table.kind + ": " + table.summary();
  }
  report_.migrationState = state.empty() ? "no history table" : state;
  return {};
}

Error Restorer::rolledBack(PgSession& session, Error error) const {
  (void)runSql(session, "ROLLBACK");
  if (error.code == ErrorCode::Input) error.code = ErrorCode::Snapshot;
  error.message += "; the restore was rolled back: database " + snapshot_.manifest.database + " is unchanged";
  return error;
}

void Restorer::analyze() {
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> targets;
  {
    auto session = PgSession::open(settings_, "sluice-restore");
    if (!session) {
      report_.analyzeWarning = session.error().message;
      return;
    }
    auto partitioned = session->query(
        "SELECT n.nspname AS schema, c.relname AS name FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
        "ON n.oid = c.relnamespace WHERE c.relkind = 'p' AND " +
        std::string(kUserNamespace));
    for (const TableEntry& table : snapshot_.manifest.tables) {
      targets.push_back(session->qualifiedName(table.schema, table.name));
    }
    if (partitioned) {
      for (int i = 0; i < partitioned->rows(); ++i) {
        targets.push_back(session->qualifiedName(partitioned->value(i, "schema"), partitioned->value(i, "name")));
      }
    }
  }
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  auto work = [&] {
    auto session = PgSession::open(settings_, "sluice-restore");
    if (!session) {
      std::lock_guard lock(mutex);
      report_.analyzeWarning = session.error().message;
      return;
    }
    (void)runSql(*session, sessionSetup(""));
    while (true) {
      std::size_t index = next++;
      if (index >= targets.size()) return;
      if (auto status = runSql(*session, "ANALYZE " + targets[index]); !status) {
        std::lock_guard lock(mutex);
        report_.analyzeWarning = status.error().message;
      }
    }
  };
  unsigned jobs = options_.jobs > 0 ? options_.jobs : defaultJobs();
  jobs = std::max(1U, std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, targets.size()))));
  {
    std::vector<std::jthread> pool;
    for (unsigned i = 0; i < jobs; ++i) pool.emplace_back(work);
  }
  report_.analyzed = report_.analyzeWarning.empty();
  report_.analyzeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Expected<RestoreReport> Restorer::run(const fs::path& path) {
  auto opened = openSnapshot(path, options_.key);
  if (!opened) return opened.takeError();
  snapshot_ = std::move(*opened);
  const Manifest& manifest = snapshot_.manifest;
  report_.id = manifest.id;
  report_.takenAt = manifest.createdAt;
  if (!manifest.encrypted() && options_.key && !options_.allowUnencrypted) {
    return Error(ErrorCode::Snapshot,
                 "snapshot " + manifest.id + " is not encrypted, but a snapshot key is configured (" +
                     options_.key->source + ")",
                 "an unencrypted snapshot cannot be authenticated: whoever can write the snapshot directory could "
                 "have changed it. If you trust it, restore it with --allow-unencrypted");
  }

  // Every byte is authenticated before the database is touched; decompression and the
  // row counts are checked again while restoring, where a failure rolls back.
  VerifyReport verified = verifyFiles(snapshot_, options_.jobs, options_.progress, VerifyDepth::Authenticate);
  report_.verifySeconds = verified.seconds;
  if (!verified.ok()) {
    Error first = verified.failures.front();
    if (verified.failures.size() > 1) {
      first.message += " (and " + std::to_string(verified.failures.size() - 1) + " more damaged files)";
    }
    first.message = "snapshot " + manifest.id + " is damaged, nothing was restored: " + first.message;
    return first;
  }

  auto session = PgSession::open(settings_, "sluice-restore");
  if (!session) return session.takeError();
  auto current = session->query("SELECT current_database() AS name");
  if (!current) return current.takeError();
  report_.database = current->value(0, "name");
  if (report_.database != manifest.database && !options_.allowOtherDatabase) {
    return Error(ErrorCode::Usage,
                 "snapshot " + manifest.id + " is of database " + manifest.database + ", but the connection is to " +
                     report_.database,
                 "check --database-url; to replace the contents of " + report_.database +
                     " with this snapshot anyway, add --allow-other-database");
  }

  std::string preData;
  std::string postData;
  std::string sequences;
  for (auto [role, target] : {std::pair{kRoleSchemaPre, &preData}, std::pair{kRoleSchemaPost, &postData},
                              std::pair{kRoleSequences, &sequences}}) {
    if (auto status = loadText(role, *target); !status) return status.takeError();
  }

  auto start = std::chrono::steady_clock::now();
  std::uint64_t dataBytes = 0;
  for (const TableEntry& table : manifest.tables) {
    for (const TablePart& part : table.parts) dataBytes += manifest.file(part.file)->plainBytes;
  }
  ProgressTracker progress(options_.progress, "restore", manifest.tables.size(), dataBytes);

  if (auto status = runSql(*session, sessionSetup(manifest.encoding)); !status) return status.takeError();
  if (auto status =
          runSql(*session, "SET lock_timeout = '" + std::to_string(options_.lockTimeout.milliseconds()) + "ms'");
      !status) {
    return status.takeError();
  }
  if (options_.maintenanceWorkMem) {
    std::string size = session->literal(postgresSize(*options_.maintenanceWorkMem));
    auto lower = session->query(
        "SELECT pg_catalog.pg_size_bytes(pg_catalog.current_setting('maintenance_work_mem')) < "
        "pg_catalog.pg_size_bytes(" +
        size + ") AS lower");
    if (!lower) return lower.takeError();
    if (lower->value(0, "lower") == "t") {
      if (auto status = runSql(*session, "SET maintenance_work_mem = " + size); !status) return status.takeError();
    }
  }
  if (auto status = runSql(*session, "BEGIN"); !status) return status.takeError();
  if (auto status = wipe(*session); !status) {
    Error error = status.takeError();
    error.message = "cannot clear database " + report_.database + " for the restore: " + error.message;
    if (error.hint.empty()) {
      error.hint = "the restoring role must be able to drop every object (normally: the database owner)";
    }
    return rolledBack(*session, std::move(error));
  }
  // The labels show in pg_stat_activity, for whoever watches the restore.
  if (auto status = runSql(*session, "/* sluice restore: pre-data */\n" + preData); !status) {
    Error error = status.takeError();
    error.message = "the snapshot's schema (pre-data) failed: " + error.message;
    return rolledBack(*session, std::move(error));
  }
  if (auto status = restoreData(*session, progress); !status) return rolledBack(*session, status.takeError());
  if (auto status = runSql(*session, "/* sluice restore: sequences */\n" + sequences); !status) {
    return rolledBack(*session, status.takeError());
  }
  report_.sequences = manifest.sequenceCount;
  if (options_.progress) options_.progress(Progress{"post-data", 0, 0, 0, 0, progress.elapsedSeconds(), false});
  if (auto status = runSql(*session, "/* sluice restore: post-data */\n" + postData); !status) {
    Error error = status.takeError();
    error.message = "the snapshot's indexes and constraints (post-data) failed: " + error.message;
    return rolledBack(*session, std::move(error));
  }
  if (auto status = checkHistory(*session); !status) return rolledBack(*session, status.takeError());
  if (options_.cancel != nullptr && options_.cancel->load()) {
    return rolledBack(*session, Error(ErrorCode::Io, "restore interrupted"));
  }
  if (auto status = runSql(*session, "COMMIT"); !status) {
    Error error = status.takeError();
    if (error.code == ErrorCode::Unreachable) {
      return Error(ErrorCode::Unrecoverable,
                   "the connection was lost while committing the restore of " + manifest.id +
                       ": it may or may not have been applied",
                   "compare the database with the snapshot (row counts, the migration history) and restore again if "
                   "needed");
    }
    return rolledBack(*session, std::move(error));
  }
  report_.restoreSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  if (options_.analyze) {
    if (options_.progress) options_.progress(Progress{"analyze", 0, 0, 0, 0, progress.elapsedSeconds(), false});
    analyze();
  }
  return report_;
}

// A snapshot in a bucket is downloaded once, as stored (encrypted and compressed), into
// a private temporary directory (mode 0700, removed afterwards); verification and the
// restore then read that copy rather than downloading every object twice. Unset for a
// local snapshot, and when $TMPDIR cannot be written or has no room for the copy: then
// both passes stream from the bucket (a restore in an emergency must not need a disk).
struct LocalCopy {
  TempDir dir;
  fs::path snapshot;
  std::chrono::steady_clock::time_point finished;
};

Expected<std::optional<LocalCopy>> downloadForRestore(const fs::path& snapshot, const RestoreOptions& options) {
  if (!isBucketLocation(snapshot)) return std::optional<LocalCopy>();
  auto located = openSnapshotLocation(snapshot);
  if (!located) return located.takeError();
  auto text = located->store->readSmallFile(located->name, kManifestFile);
  if (!text) return text.takeError();
  auto manifest = parseManifest(*text, located->name + "/" + kManifestFile);
  if (!manifest) return manifest.takeError();
  std::uint64_t bytes = 0;
  for (const FileEntry& file : manifest->files) bytes += file.bytes;
  auto dir = TempDir::create("sluice-restore-");
  if (!dir) return std::optional<LocalCopy>();
  std::unique_ptr<SnapshotStore> local = localStore(dir->path());
  auto free = local->freeBytes();
  constexpr std::uint64_t kHeadroom = std::uint64_t{64} << 20U;
  if (!free || !free->has_value() || **free < bytes + kHeadroom) return std::optional<LocalCopy>();
  auto copied = copySnapshot(*located->store, located->name, *local, {options.cancel, options.progress, "download"});
  if (!copied) {
    Error error = copied.takeError();
    if (error.message == "interrupted")
      return Error(ErrorCode::Io, "restore interrupted", "the database was not touched");
    if (error.code == ErrorCode::Snapshot) {
      error.message = "snapshot " + manifest->id + " is damaged, nothing was restored: " + error.message;
    }
    return error;
  }
  return std::optional<LocalCopy>(LocalCopy{std::move(*dir), *copied, std::chrono::steady_clock::now()});
}

}  // namespace

Expected<RestoreReport> restoreSnapshot(const ConnectionSettings& settings, const fs::path& snapshot,
                                        const RestoreOptions& options) {
  Restorer restorer(settings, options);
  auto start = std::chrono::steady_clock::now();
  auto copy = downloadForRestore(snapshot, options);
  if (!copy) return copy.takeError();
  auto report = restorer.run(copy->has_value() ? (*copy)->snapshot : snapshot);
  if (report && copy->has_value()) {
    report->downloadSeconds = std::chrono::duration<double>((*copy)->finished - start).count();
  }
  return report;
}

}  // namespace sluice::snapshot
