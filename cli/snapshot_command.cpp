#include <signal.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "cli/error_output.hpp"
#include "cli/settings.hpp"
#include "cli/snapshot_outcome.hpp"
#include "common/connection.hpp"
#include "common/terminal.hpp"
#include "common/text.hpp"
#include "snapshot/snapshot.hpp"
#include "snapshot/storage.hpp"
#include "snapshot/store.hpp"

namespace sluice::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct SnapshotFlags {
  std::optional<std::string> databaseUrl;
  std::string snapshotDir;
  std::string config;
  std::string keyFile;
  unsigned jobs = 0;
  bool json = false;
  bool quiet = false;
  bool printConfig = false;
  std::string metricsFile;  // create, restore, prune
};

// The configuration with the flags every snapshot command shares, and the command's own.
config::Settings loadSnapshotSettings(const SnapshotFlags& flags, SettingFlags settingFlags = {}) {
  settingFlags.add("snapshot.dir", flags.snapshotDir, "--snapshot-dir");
  settingFlags.add("snapshot.key_file", flags.keyFile, "--key-file");
  if (flags.jobs > 0) settingFlags.add("snapshot.jobs", std::to_string(flags.jobs), "--jobs");
  config::Settings settings = orThrow(loadSettings(flags.config, settingFlags));
  if (!flags.printConfig) printWarnings(settings.warnings);
  snapshot::useS3Settings(settings.snapshot.s3);
  return settings;
}

// Ctrl-C and SIGTERM during create or restore stop the work cleanly (temporary files
// removed, transaction rolled back) instead of killing the process mid-write.
std::atomic<bool> gInterrupted{false};

extern "C" void onInterrupt(int /*signal*/) { gInterrupted = true; }

class InterruptGuard {
 public:
  InterruptGuard() {
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    ::sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &previousInt_);
    ::sigaction(SIGTERM, &action, &previousTerm_);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  ~InterruptGuard() {
    ::sigaction(SIGINT, &previousInt_, nullptr);
    ::sigaction(SIGTERM, &previousTerm_, nullptr);
  }

 private:
  struct sigaction previousInt_ {};
  struct sigaction previousTerm_ {};
};

std::string withThousands(std::uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// One status line on stderr, redrawn in place, only on a terminal and never in --json
// or --quiet mode.
snapshot::ProgressCallback progressLine(const SnapshotFlags& flags, const std::string& verb) {
  if (flags.json || flags.quiet || !isTerminal(STDERR_FILENO)) return {};
  return [verb](const snapshot::Progress& p) {
    std::cerr << "\r\x1b[K" << verb << " " << snapshot::describeProgress(p) << (p.final ? "\n" : "") << std::flush;
  };
}

void clearProgress(const SnapshotFlags& flags) {
  if (!flags.json && !flags.quiet && isTerminal(STDERR_FILENO)) std::cerr << "\r\x1b[K" << std::flush;
}

void addCommonFlags(CLI::App* command, SnapshotFlags& flags, bool database, bool key) {
  if (database) {
    command->add_option("--database-url", flags.databaseUrl,
                        "Database to connect to (default: DATABASE_URL, else DATABASE_HOST/DATABASE_NAME/...)");
  }
  command->add_option("--snapshot-dir", flags.snapshotDir,
                      "Where snapshots live (default: [snapshot] dir in .sluice.toml, else .sluice/snapshots)");
  command->add_option("--config", flags.config, "Configuration file (default: .sluice.toml found upward)");
  if (key) {
    command->add_option("--key-file", flags.keyFile,
                        "File holding the snapshot key (default: SLUICE_SNAPSHOT_KEY, else [snapshot] key_file)");
  }
  command->add_flag("--json", flags.json, "Print a machine-readable report on stdout");
  addPrintConfigFlag(*command, flags.printConfig);
}

void addMetricsFlag(CLI::App* command, SnapshotFlags& flags) {
  command->add_option("--metrics-file", flags.metricsFile,
                      "Write Prometheus metrics of this run to this file, atomically (for node_exporter's textfile "
                      "collector)");
}

json tableCounts(const std::vector<snapshot::TableRestore>& tables) {
  json out = json::array();
  for (const auto& table : tables) {
    out.push_back({{"table", table.table},
                   {"expected_rows", table.expectedRows},
                   {"rows", table.restoredRows},
                   {"match", table.expectedRows == table.restoredRows}});
  }
  return out;
}

void printCounts(const std::vector<snapshot::TableRestore>& tables) {
  constexpr std::size_t kShown = 30;
  std::size_t width = 5;
  for (std::size_t i = 0; i < tables.size() && i < kShown; ++i) width = std::max(width, tables[i].table.size());
  for (std::size_t i = 0; i < tables.size() && i < kShown; ++i) {
    const auto& table = tables[i];
    std::string mark = table.expectedRows == table.restoredRows ? "ok" : "MISMATCH";
    std::string name = table.table + std::string(width - table.table.size(), ' ');
    std::cout << "  " << name << "  " << withThousands(table.restoredRows) << " rows  " << mark << "\n";
  }
  if (tables.size() > kShown) std::cout << "  ... and " << tables.size() - kShown << " more tables\n";
}

// ---- create ----

struct CreateFlags {
  SnapshotFlags common;
  std::optional<int> level;
  std::optional<int> compressionThreads;
  std::string reason = "manual";
  std::string historySchema;
  std::string historyTable;
  std::string lockTimeout = "60s";
  bool noSpaceCheck = false;
};

ExitCode runCreate(const CreateFlags& flags) {
  SettingFlags settingFlags;
  if (flags.level) settingFlags.add("snapshot.compression_level", std::to_string(*flags.level), "--compression-level");
  settingFlags.add("migrations.history_schema", flags.historySchema, "--history-schema");
  settingFlags.add("migrations.history_table", flags.historyTable, "--history-table");
  config::Settings configured = loadSnapshotSettings(flags.common, settingFlags);
  if (flags.common.printConfig) return printSettings(configured, flags.common.json);
  const config::SnapshotSection& settings = configured.snapshot;
  Duration lockTimeout = orThrow(durationFlag(flags.lockTimeout, "--lock-timeout"));
  ConnectionSettings connection = orThrow(ConnectionSettings::resolve(flags.common.databaseUrl));
  snapshot::CreateOptions options;
  options.snapshotDir = settings.dir;
  options.offsite = settings.offsite;
  options.key = orThrow(snapshotKey(settings));
  options.jobs = settings.jobs.value_or(0);
  options.compressionLevel = settings.compressionLevel.value_or(snapshot::kDefaultCompressionLevel);
  options.compressionWorkers = flags.compressionThreads.value_or(-1);
  options.history.schema = settings.historySchema;
  options.history.table = settings.historyTable;
  options.reason = flags.reason;
  options.lockTimeout = lockTimeout;
  options.progress = progressLine(flags.common, "snapshot");
  options.cancel = &gInterrupted;
  SnapshotOutcome outcome("create", configured, flags.common.metricsFile);
  InterruptGuard guard;
  auto created = snapshot::createSnapshot(connection, options);
  clearProgress(flags.common);
  notify::Event event;
  event.database = connection.database();
  if (!created) {
    event.kind = notify::EventKind::SnapshotFailed;
    event.error = created.error().message;
    event.summary = "snapshot of " + connection.database() + " failed";
    outcome.finish(event, static_cast<int>(exitCodeFor(created.error().code)));
  }
  snapshot::SnapshotInfo info = orThrow(std::move(created));
  const snapshot::Manifest& m = info.manifest;
  if (!m.encrypted()) {
    std::cerr << snapshot::unencryptedSnapshotWarning(info.id, snapshot::displayLocation(settings.dir)) << "\n";
  }
  event.kind = notify::EventKind::SnapshotCreated;
  event.snapshot = info.id;
  event.durationSeconds = info.seconds;
  event.summary = "snapshot " + info.id + ": " + humanBytes(static_cast<double>(info.bytes)) + ", " +
                  withThousands(m.totalRows()) + " rows";
  outcome.metrics().gauge("sluice_snapshot_size_bytes", "Size on disk of the last snapshot",
                          static_cast<double>(info.bytes), {{"command", "snapshot create"}});
  outcome.metrics().gauge("sluice_snapshot_duration_seconds", "How long the last snapshot took", info.seconds,
                          {{"command", "snapshot create"}});
  outcome.metrics().gauge("sluice_snapshot_timestamp_seconds", "When the last snapshot was taken (Unix time)",
                          unixNow(), {{"command", "snapshot create"}});
  outcome.finish(std::move(event), 0);
  if (flags.common.json) {
    json out = {{"id", info.id},
                {"path", info.path.string()},
                {"database", m.database},
                {"tables", m.tables.size()},
                {"rows", m.totalRows()},
                {"sequences", m.sequenceCount},
                {"bytes", info.bytes},
                {"encrypted", m.encrypted()},
                {"seconds", info.seconds},
                {"migration_state", m.migrationState()},
                {"created_at", m.createdAt}};
    if (info.offsitePath) out["offsite_path"] = info.offsitePath->string();
    std::cout << out.dump(2) << "\n";
  } else if (!flags.common.quiet) {
    std::cout << "snapshot " << info.id << " of " << m.database << ": " << m.tables.size() << " tables, "
              << withThousands(m.totalRows()) << " rows, " << humanBytes(static_cast<double>(info.bytes))
              << (m.encrypted() ? " (encrypted)" : " (not encrypted)") << ", " << humanDuration(info.seconds) << "\n"
              << "  path: " << info.path.string() << "\n"
              << (info.offsitePath ? "  offsite copy: " + info.offsitePath->string() + "\n" : std::string())
              << "  migration state: " << m.migrationState() << "\n";
  } else {
    std::cout << info.id << "\n";
  }
  return ExitCode::Success;
}

// ---- list ----

ExitCode runList(const SnapshotFlags& flags) {
  config::Settings configured = loadSnapshotSettings(flags);
  if (flags.printConfig) return printSettings(configured, flags.json);
  const config::SnapshotSection& settings = configured.snapshot;
  auto snapshots = orThrow(snapshot::listSnapshots(settings.dir));
  if (flags.json) {
    json out = json::array();
    for (const auto& s : snapshots) {
      json entry = {{"id", s.id}, {"path", s.path.string()}, {"bytes", s.bytesOnDisk}};
      if (s.manifest) {
        entry["created_at"] = s.manifest->createdAt;
        entry["database"] = s.manifest->database;
        entry["reason"] = s.manifest->reason;
        entry["tables"] = s.manifest->tables.size();
        entry["rows"] = s.manifest->totalRows();
        entry["encrypted"] = s.manifest->encrypted();
        if (s.manifest->encryption) entry["key_id"] = s.manifest->encryption->keyId;
        entry["migration_state"] = s.manifest->migrationState();
        json history = json::array();
        for (const auto& table : s.manifest->history) {
          history.push_back({{"kind", table.kind},
                             {"table", table.schema + "." + table.table},
                             {"rows", table.rows.size()},
                             {"summary", table.summary()}});
        }
        entry["history"] = history;
      } else {
        entry["problem"] = s.problem;
      }
      out.push_back(std::move(entry));
    }
    std::cout << out.dump(2) << "\n";
    return ExitCode::Success;
  }
  if (snapshots.empty()) {
    std::cout << "no snapshots in " << settings.dir.string() << "\n";
    return ExitCode::Success;
  }
  std::vector<std::vector<std::string>> rows{
      {"ID", "CREATED (UTC)", "DATABASE", "SIZE", "TABLES", "ROWS", "ENCRYPTED", "MIGRATION STATE"}};
  for (const auto& s : snapshots) {
    if (!s.manifest) {
      rows.push_back(
          {s.id, "?", "?", humanBytes(static_cast<double>(s.bytesOnDisk)), "?", "?", "?", "unreadable: " + s.problem});
      continue;
    }
    const auto& m = *s.manifest;
    std::string created = m.createdAt.substr(0, 19);
    if (created.size() > 10) created[10] = ' ';
    rows.push_back({s.id, created, m.database, humanBytes(static_cast<double>(s.bytesOnDisk)),
                    std::to_string(m.tables.size()), withThousands(m.totalRows()), m.encrypted() ? "yes" : "no",
                    m.migrationState()});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    std::cout << line << "\n";
  }
  return ExitCode::Success;
}

// ---- verify ----

struct VerifyFlags {
  SnapshotFlags common;
  std::string id;
  bool restoreTest = false;
  std::optional<std::string> scratchUrl;
};

ExitCode runVerify(const VerifyFlags& flags) {
  config::Settings configured = loadSnapshotSettings(flags.common);
  if (flags.common.printConfig) return printSettings(configured, flags.common.json);
  const config::SnapshotSection& settings = configured.snapshot;
  fs::path path = orThrow(snapshot::resolveSnapshot(settings.dir, flags.id));
  snapshot::VerifyOptions options;
  options.key = orThrow(snapshotKey(settings));
  options.jobs = settings.jobs.value_or(0);
  options.progress = progressLine(flags.common, "verify");
  auto verified = snapshot::verifySnapshot(path, options);
  clearProgress(flags.common);
  snapshot::VerifyReport report = orThrow(std::move(verified));

  std::optional<snapshot::RestoreTestReport> test;
  std::optional<Error> testError;
  if (report.ok() && flags.restoreTest) {
    snapshot::RestoreTestOptions testOptions;
    testOptions.key = options.key;
    testOptions.jobs = options.jobs;
    testOptions.progress = progressLine(flags.common, "restore test");
    if (flags.scratchUrl) testOptions.scratch = orThrow(ConnectionSettings::parse(*flags.scratchUrl));
    auto tested = snapshot::restoreTest(path, testOptions);
    clearProgress(flags.common);
    if (tested) {
      test = std::move(*tested);
    } else {
      testError = tested.takeError();
    }
  }
  bool ok = report.ok() && !testError && (!test || test->countsMatch());

  if (flags.common.json) {
    json failures = json::array();
    for (const Error& failure : report.failures) {
      failures.push_back({{"file", failure.location}, {"message", failure.message}});
    }
    json out = {{"id", report.id},
                {"ok", ok},
                {"encrypted", report.encrypted},
                {"authentication", snapshot::spell(report.integrity)},
                {"files", report.files},
                {"bytes", report.bytes},
                {"plain_bytes", report.plainBytes},
                {"rows", report.rows},
                {"seconds", report.seconds},
                {"failures", failures},
                {"notes", report.notes}};
    if (test) {
      out["restore_test"] = {{"target", test->target},
                             {"tables", tableCounts(test->counted)},
                             {"counts_match", test->countsMatch()},
                             {"seconds", test->restore.restoreSeconds}};
    } else if (testError) {
      out["restore_test"] = {{"error", testError->message}};
    }
    std::cout << out.dump(2) << "\n";
  } else {
    Style style(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
    for (const Error& failure : report.failures) printError(failure, std::cerr, style);
    if (report.ok()) {
      std::cout << "snapshot " << report.id << ": ok: " << report.files << " files, "
                << humanBytes(static_cast<double>(report.bytes)) << " ("
                << humanBytes(static_cast<double>(report.plainBytes)) << " uncompressed), "
                << withThousands(report.rows) << " rows, "
                << (report.encrypted
                        ? "encrypted and authenticated (" + std::string(snapshot::spell(report.integrity)) + ")"
                        : "checksums (" + std::string(snapshot::spell(report.integrity)) + ")")
                << ", " << humanDuration(report.seconds) << "\n";
    } else {
      std::cout << "snapshot " << report.id << ": " << report.failures.size() << " of " << report.files
                << " files damaged; it cannot be restored\n";
    }
    for (const std::string& note : report.notes) std::cout << "  note: " << note << "\n";
    if (test) {
      std::cout << "restore test into " << test->target << ": "
                << (test->countsMatch() ? "row counts match the manifest" : "ROW COUNTS DIFFER") << " ("
                << humanDuration(test->restore.restoreSeconds) << ")\n";
      printCounts(test->counted);
    }
    if (testError) printError(*testError, std::cerr, style);
  }
  if (testError && report.ok()) return exitCodeFor(testError->code);
  return ok ? ExitCode::Success : ExitCode::UsageOrInput;
}

// ---- restore ----

struct RestoreFlags {
  SnapshotFlags common;
  std::string id;
  bool yes = false;
  bool allowOtherDatabase = false;
  bool allowUnencrypted = false;
  bool noAnalyze = false;
  std::string lockTimeout = "30s";
  std::string maintenanceWorkMem = "512MB";
};

bool confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  answer = toLower(trim(answer));
  return answer == "y" || answer == "yes";
}

ExitCode runRestore(const RestoreFlags& flags) {
  config::Settings configured = loadSnapshotSettings(flags.common);
  if (flags.common.printConfig) return printSettings(configured, flags.common.json);
  const config::SnapshotSection& settings = configured.snapshot;
  Duration lockTimeout = orThrow(durationFlag(flags.lockTimeout, "--lock-timeout"));
  ByteSize maintenanceWorkMem = orThrow(sizeFlag(flags.maintenanceWorkMem, "--maintenance-work-mem"));
  ConnectionSettings connection = orThrow(ConnectionSettings::resolve(flags.common.databaseUrl));
  fs::path path = orThrow(snapshot::resolveSnapshot(settings.dir, flags.id));
  if (!flags.yes) {
    std::string question = "Replace everything in database " + connection.database() + " (" + connection.describe() +
                           ") with snapshot " + path.filename().string() + "?";
    if (!isTerminal(STDIN_FILENO)) {
      throw SluiceException(Error(ErrorCode::Usage, "restore replaces the whole database and needs confirmation",
                                  "run it on a terminal, or add --yes"));
    }
    if (!confirm(question)) {
      std::cerr << "nothing restored\n";
      return ExitCode::UsageOrInput;
    }
  }
  snapshot::RestoreOptions options;
  options.key = orThrow(snapshotKey(settings));
  options.jobs = settings.jobs.value_or(0);
  options.allowOtherDatabase = flags.allowOtherDatabase;
  options.allowUnencrypted = flags.allowUnencrypted;
  options.analyze = !flags.noAnalyze;
  options.lockTimeout = lockTimeout;
  options.maintenanceWorkMem = maintenanceWorkMem;
  options.progress = progressLine(flags.common, "restore");
  options.cancel = &gInterrupted;
  SnapshotOutcome outcome("restore", configured, flags.common.metricsFile);
  InterruptGuard guard;
  auto restored = snapshot::restoreSnapshot(connection, path, options);
  clearProgress(flags.common);
  notify::Event event;
  event.database = connection.database();
  event.snapshot = path.filename().string();
  if (!restored) {
    event.kind = notify::EventKind::RestoreFailed;
    event.error = restored.error().message;
    event.summary = "restore of snapshot " + event.snapshot + " into " + connection.database() + " failed";
    outcome.metrics().gauge("sluice_restore_success", "1 when the last restore succeeded, else 0", 0,
                            {{"command", "snapshot restore"}});
    outcome.finish(event, static_cast<int>(exitCodeFor(restored.error().code)));
  }
  snapshot::RestoreReport report = orThrow(std::move(restored));
  event.kind = notify::EventKind::SnapshotRestored;
  event.snapshot = report.id;
  event.summary = "restored snapshot " + report.id + " into " + report.database + " (back at " + report.takenAt + ")";
  outcome.metrics().gauge("sluice_restore_success", "1 when the last restore succeeded, else 0", 1,
                          {{"command", "snapshot restore"}});
  outcome.metrics().gauge("sluice_restore_duration_seconds", "How long the last restore took",
                          report.downloadSeconds + report.verifySeconds + report.restoreSeconds,
                          {{"command", "snapshot restore"}});
  outcome.finish(std::move(event), 0);
  bool countsMatch = std::all_of(report.tables.begin(), report.tables.end(),
                                 [](const auto& table) { return table.expectedRows == table.restoredRows; });
  if (flags.common.json) {
    json out = {{"id", report.id},
                {"database", report.database},
                {"tables", tableCounts(report.tables)},
                {"rows", report.rows},
                {"sequences", report.sequences},
                {"counts_match", countsMatch},
                {"migration_state", report.migrationState},
                {"taken_at", report.takenAt},
                {"download_seconds", report.downloadSeconds},
                {"verify_seconds", report.verifySeconds},
                {"restore_seconds", report.restoreSeconds},
                {"analyzed", report.analyzed},
                {"analyze_seconds", report.analyzeSeconds}};
    if (!report.analyzeWarning.empty()) out["analyze_warning"] = report.analyzeWarning;
    std::cout << out.dump(2) << "\n";
  } else if (!flags.common.quiet) {
    std::cout << "restored snapshot " << report.id << " into " << report.database << ": " << report.tables.size()
              << " tables, " << withThousands(report.rows) << " rows, " << report.sequences << " sequences in "
              << humanDuration(report.restoreSeconds) << " ("
              << (report.downloadSeconds > 0 ? "downloaded in " + humanDuration(report.downloadSeconds) + ", " : "")
              << "verified first in " << humanDuration(report.verifySeconds)
              << (report.analyzed ? ", analyzed in " + humanDuration(report.analyzeSeconds) : std::string()) << ")\n"
              << "  row counts " << (countsMatch ? "match the manifest" : "DIFFER from the manifest") << ":\n";
    printCounts(report.tables);
    std::cout << "  migration history: " << report.migrationState << "\n";
    std::cout << "  the database is back at " << report.takenAt
              << ", when the snapshot was taken: writes made after that moment were discarded\n";
    if (!report.analyzeWarning.empty()) std::cout << "  warning: ANALYZE failed: " << report.analyzeWarning << "\n";
  }
  return ExitCode::Success;
}

// ---- prune ----

struct PruneFlags {
  SnapshotFlags common;
  std::optional<unsigned> keepLast;
  std::optional<unsigned> keepDaily;
  std::optional<unsigned> keepWeekly;
  std::optional<unsigned> keepMonthly;
  std::string maxAge;
  bool dryRun = false;
};

ExitCode runPrune(const PruneFlags& flags) {
  SettingFlags settingFlags;
  auto count = [](const std::optional<unsigned>& value) { return value ? std::to_string(*value) : std::string(); };
  settingFlags.add("snapshot.keep_last", count(flags.keepLast), "--keep-last");
  settingFlags.add("snapshot.keep_daily", count(flags.keepDaily), "--keep-daily");
  settingFlags.add("snapshot.keep_weekly", count(flags.keepWeekly), "--keep-weekly");
  settingFlags.add("snapshot.keep_monthly", count(flags.keepMonthly), "--keep-monthly");
  settingFlags.add("snapshot.max_age", flags.maxAge, "--max-age");
  config::Settings configured = loadSnapshotSettings(flags.common, settingFlags);
  if (flags.common.printConfig) return printSettings(configured, flags.common.json);
  const config::SnapshotSection& settings = configured.snapshot;
  // Flags given on the command line replace the configured policy as a whole (config/).
  const snapshot::RetentionPolicy& policy = settings.retention;
  if (policy.empty()) {
    throw SluiceException(Error(ErrorCode::Usage, "no retention policy: nothing to prune by",
                                "give --keep-last N, --keep-daily N, --keep-weekly N, --keep-monthly N or --max-age "
                                "DUR, or set keep_* / max_age under [snapshot] in .sluice.toml"));
  }
  SnapshotOutcome outcome("prune", configured, flags.common.metricsFile);
  // Retention applies wherever the snapshots are: the directory and the offsite copy.
  std::vector<fs::path> locations{settings.dir};
  if (settings.offsite) locations.push_back(*settings.offsite);
  json removed = json::array();
  json kept = json::array();
  json offsite = json::object();
  std::vector<Error> errors;
  for (const fs::path& location : locations) {
    bool isOffsite = location != settings.dir;
    std::string prefix = isOffsite ? "offsite: " : "";
    json& removedHere = isOffsite ? offsite["removed"] = json::array() : removed;
    json& keptHere = isOffsite ? offsite["kept"] = json::array() : kept;
    auto snapshots = snapshot::listSnapshots(location);
    if (!snapshots) {
      errors.push_back(snapshots.takeError());
      continue;
    }
    std::vector<snapshot::PruneCandidate> candidates;
    for (const auto& s : *snapshots) candidates.push_back({s.id, s.createdAt});
    auto decisions = snapshot::planPrune(candidates, policy, snapshot::Clock::now());
    auto remove = [&](const fs::path& path, const std::string& what, const std::string& reason) {
      if (!flags.dryRun) {
        if (auto status = snapshot::removeSnapshot(path); !status) {
          errors.push_back(status.takeError());
          return;
        }
      }
      removedHere.push_back({{"id", what}, {"reason", reason}});
      if (!flags.common.json)
        std::cout << prefix << (flags.dryRun ? "would remove " : "removed ") << what << "  (" << reason << ")\n";
    };
    for (const auto& decision : decisions) {
      if (decision.keep) {
        keptHere.push_back({{"id", decision.id}, {"reason", decision.reason}});
        if (!flags.common.json) std::cout << prefix << "keep " << decision.id << "  (" << decision.reason << ")\n";
        continue;
      }
      remove(location / decision.id, decision.id, decision.reason);
    }
    for (const auto& leftover : snapshot::leftovers(location)) {
      remove(leftover.path, leftover.path.filename().string(), "left by an interrupted run");
    }
  }
  if (flags.common.json) {
    json out{{"dry_run", flags.dryRun}, {"removed", removed}, {"kept", kept}};
    if (settings.offsite) out["offsite"] = offsite;
    std::cout << out.dump(2) << "\n";
  }
  Style style(colorEnabled(STDERR_FILENO, ColorChoice::Auto));
  for (const Error& error : errors) printError(error, std::cerr, style);
  ExitCode exitCode = errors.empty() ? ExitCode::Success : ExitCode::UsageOrInput;
  if (!flags.dryRun) {
    notify::Event event;
    event.kind = notify::EventKind::Prune;
    event.summary = "removed " + std::to_string(removed.size()) + " and kept " + std::to_string(kept.size()) +
                    " snapshots in " + settings.dir.string();
    if (!errors.empty()) event.error = errors.front().message;
    outcome.metrics().gauge("sluice_snapshots_kept", "Snapshots the last prune kept", static_cast<double>(kept.size()));
    outcome.metrics().gauge("sluice_snapshots_removed", "Snapshots and leftovers the last prune removed",
                            static_cast<double>(removed.size()));
    outcome.finish(std::move(event), static_cast<int>(exitCode));
  }
  return exitCode;
}

}  // namespace

void addSnapshotCommand(CLI::App& app, Commands& commands) {
  CLI::App* group = app.add_subcommand("snapshot", "Create, list, verify, restore and prune database snapshots.");
  group->require_subcommand(1);
  group->footer(
      "A snapshot is a consistent, zstd-compressed copy of the database's schema and data, encrypted\n"
      "(AES-256-GCM) when a key is set with --key-file or SLUICE_SNAPSHOT_KEY. See docs/snapshots.md.\n"
      "Exit codes: 0 ok, 2 usage/config error or a damaged/unauthenticated snapshot, 3 database unreachable\n"
      "or lock not obtained.");

  auto create = std::make_shared<CreateFlags>();
  CLI::App* createCommand = group->add_subcommand("create", "Take a snapshot of the database now.");
  addCommonFlags(createCommand, create->common, true, true);
  createCommand->add_option("--jobs,-j", create->common.jobs, "Parallel COPY connections (default: cores, at most 8)");
  createCommand->add_option("--compression-level", create->level, "zstd level (default 2; 1 fastest, 19 smallest)");
  createCommand
      ->add_option("--compression-threads", create->compressionThreads,
                   "Extra zstd threads per file (default: 1 when there are more cores than jobs, else 0)")
      ->check(CLI::Range(0, 64));
  createCommand->add_option("--reason", create->reason, "Why the snapshot was taken (shown by list)")
      ->capture_default_str();
  createCommand->add_option("--history-schema", create->historySchema,
                            "Schema of sluice's history table (default: [migrations] history_schema, else public)");
  createCommand->add_option("--history-table", create->historyTable,
                            "Name of sluice's history table (default: sluice_migrations)");
  createCommand
      ->add_option("--lock-timeout", create->lockTimeout,
                   "How long to wait for the tables' ACCESS SHARE locks (a duration: 60s, 2min)")
      ->capture_default_str();
  createCommand->add_flag("--quiet,-q", create->common.quiet, "Print only the new snapshot's id");
  addMetricsFlag(createCommand, create->common);
  commands.push_back({createCommand, [create] { return runCreate(*create); }});

  auto list = std::make_shared<SnapshotFlags>();
  CLI::App* listCommand = group->add_subcommand("list", "List snapshots, oldest first.");
  addCommonFlags(listCommand, *list, false, false);
  commands.push_back({listCommand, [list] { return runList(*list); }});

  auto verify = std::make_shared<VerifyFlags>();
  CLI::App* verifyCommand =
      group->add_subcommand("verify", "Check a snapshot offline: authentication, checksums, every byte decompressed.");
  verifyCommand->add_option("id", verify->id, "Snapshot id, unique prefix, `latest` or directory")->required();
  addCommonFlags(verifyCommand, verify->common, false, true);
  verifyCommand->add_option("--jobs,-j", verify->common.jobs, "Files checked in parallel (default: cores)");
  verifyCommand->add_flag("--restore-test", verify->restoreTest,
                          "Also restore it into a scratch database and compare row counts");
  verifyCommand->add_option("--scratch-url", verify->scratchUrl,
                            "Server for --restore-test, where a temporary database is created and dropped "
                            "(default: a throwaway local PostgreSQL)");
  commands.push_back({verifyCommand, [verify] { return runVerify(*verify); }});

  auto restore = std::make_shared<RestoreFlags>();
  CLI::App* restoreCommand = group->add_subcommand(
      "restore", "Replace the database's schema and data with a snapshot's, all or nothing, after verifying it.");
  restoreCommand->add_option("id", restore->id, "Snapshot id, unique prefix, `latest` or directory")->required();
  addCommonFlags(restoreCommand, restore->common, true, true);
  restoreCommand->add_option("--jobs,-j", restore->common.jobs, "Threads verifying files, connections for ANALYZE");
  restoreCommand->add_flag("--yes,-y", restore->yes, "Do not ask for confirmation");
  restoreCommand->add_flag("--allow-other-database", restore->allowOtherDatabase,
                           "Restore into a database whose name differs from the snapshot's");
  restoreCommand->add_flag("--allow-unencrypted", restore->allowUnencrypted,
                           "Accept an unencrypted snapshot although a key is configured");
  restoreCommand->add_flag("--no-analyze", restore->noAnalyze, "Skip ANALYZE of the restored tables");
  restoreCommand
      ->add_option("--lock-timeout", restore->lockTimeout,
                   "How long to wait for other sessions' locks before giving up, nothing changed (30s, 2min)")
      ->capture_default_str();
  restoreCommand
      ->add_option("--maintenance-work-mem", restore->maintenanceWorkMem,
                   "maintenance_work_mem for the index builds, when the server's is lower (a size: 512MB, 2GB)")
      ->capture_default_str();
  restoreCommand->add_flag("--quiet,-q", restore->common.quiet, "Print nothing on success");
  addMetricsFlag(restoreCommand, restore->common);
  commands.push_back({restoreCommand, [restore] { return runRestore(*restore); }});

  auto prune = std::make_shared<PruneFlags>();
  CLI::App* pruneCommand = group->add_subcommand(
      "prune", "Remove snapshots the retention policy does not keep (flags, else [snapshot] keep_* in config).");
  addCommonFlags(pruneCommand, prune->common, false, false);
  pruneCommand->add_option("--keep-last", prune->keepLast, "Keep the N newest");
  pruneCommand->add_option("--keep-daily", prune->keepDaily, "Keep the newest of each of the last N days");
  pruneCommand->add_option("--keep-weekly", prune->keepWeekly, "Keep the newest of each of the last N weeks");
  pruneCommand->add_option("--keep-monthly", prune->keepMonthly, "Keep the newest of each of the last N months");
  pruneCommand->add_option("--max-age", prune->maxAge, "Remove anything older (30d, 12h, 2w); never the newest");
  pruneCommand->add_flag("--dry-run,-n", prune->dryRun, "Print what would be removed, remove nothing");
  addMetricsFlag(pruneCommand, prune->common);
  commands.push_back({pruneCommand, [prune] { return runPrune(*prune); }});
}

}  // namespace sluice::cli
