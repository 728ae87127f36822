#pragma once
// The effective configuration: `.sluice.toml`, the environment and the flags, loaded
// once (config/loader.hpp) into typed sections. Each module gets only its section: the
// linter `lint`, the runner `migrations` and `deploy`, snapshots `snapshot`, verify
// `verify`. Every value remembers where it came from, for errors and `sluice config`.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/byte_size.hpp"
#include "common/duration.hpp"
#include "common/error.hpp"
#include "common/secret.hpp"
#include "config/catalog.hpp"
#include "config/choices.hpp"
#include "config/keys.hpp"

namespace sluice::config {

// Where a value came from. The order of the kinds is the precedence: a flag beats the
// environment, which beats the file, which beats the default.
struct Origin {
  // Tool: the migration tool's own project file (Prisma 7's prisma.config.ts), which
  // ranks below .sluice.toml.
  enum class Kind { Default, Tool, File, Environment, Flag };
  Kind kind = Kind::Default;
  std::string name;  // file:line:column, the variable, or the flag; empty for defaults

  // "default", "prisma.config.ts:7:11", ".sluice.toml:3:1", "env SLUICE_SNAPSHOT_KEY",
  // "flag --lock-timeout"
  [[nodiscard]] std::string describe() const;
  // "default", "tool", "file", "env", "flag"
  [[nodiscard]] std::string_view kindName() const;
};

using Value =
    std::variant<std::monostate, std::string, std::int64_t, bool, Duration, ByteSize, std::vector<std::string>, Secret>;

// One setting with its effective value. Keys of an array of tables carry their index
// ("notify.webhook[1].url"); rule settings are "rules.<rule>[.<option>]".
struct Entry {
  std::string key;
  const KeySpec* spec = nullptr;  // null for [rules] entries
  Value value;                    // monostate: not set
  Origin origin;
};

// ---- sections ----

struct MigrationsSection {
  std::filesystem::path dir;  // empty when none is configured and none of the usual folders exists
  // Why `dir` is empty although a prisma.config.ts decides it (its migrations.path is
  // computed when the file runs): what to set instead.
  std::optional<Error> dirProblem;
  // The variable that holds the database URL: [migrations] database_url_env, else the
  // one prisma.config.ts reads (env("NAME")); unset: DATABASE_URL.
  std::optional<std::string> databaseUrlEnv;
  // The prisma.config.ts URL that sluice does not take (computed, or written in the file).
  std::optional<Error> databaseUrlProblem;
  std::optional<std::string> layout;
  std::optional<std::string> historySchema;
  std::optional<std::string> historyTable;
};

struct RuleSetting {
  std::optional<std::string> severity;  // "error", "warning" or "off"
  std::vector<std::pair<std::string, OptionValue>> options;
};

struct LintSection {
  std::filesystem::path baseDir;  // `exclude` patterns are relative to it
  int pgVersion = 15;
  std::string failOn = "error";
  std::vector<std::string> exclude;
  std::map<std::string, RuleSetting, std::less<>> rules;  // by rule name (codes resolved to names)
};

struct DeploySection {
  // Short by default: while a statement waits for a lock, every query of the table queues
  // behind it, so a wait is cut short and retried rather than allowed to become an outage.
  Duration lockTimeout{std::chrono::seconds(5)};
  int lockRetries = 5;
  Duration lockRetryDelay{std::chrono::seconds(1)};
  std::optional<Duration> statementTimeout;
  Duration lockWait{std::chrono::seconds(60)};
  Duration reconnectWait{std::chrono::seconds(30)};
  std::optional<TxMode> txMode;  // unset: per-migration, or what the format runs (all for Drizzle)
  OnFailure onFailure = OnFailure::Restore;
  bool lintGate = true;
  bool allowOutOfOrder = false;
  std::optional<std::filesystem::path> auditLog;
  bool snapshot = true;
  Origin snapshotOrigin;  // who turned snapshots off, for the plan's line
  Safety safety = Safety::Snapshot;
  ByteSize maxSnapshotSize{20ULL * 1024 * 1024 * 1024};
};

// The snapshot key: a file (--key-file or key_file) or the value of SLUICE_SNAPSHOT_KEY,
// whichever ranks higher.
struct SnapshotKeySource {
  std::optional<std::filesystem::path> file;
  std::optional<Secret> value;
  std::string variable;  // where `value` came from
};

struct RetentionSettings {
  std::optional<unsigned> keepLast;
  std::optional<unsigned> keepDaily;
  std::optional<unsigned> keepWeekly;
  std::optional<unsigned> keepMonthly;
  std::optional<Duration> maxAge;
  bool fromFlags = false;  // at least one came from a flag: then the flags are the whole policy

  [[nodiscard]] bool empty() const { return !keepLast && !keepDaily && !keepWeekly && !keepMonthly && !maxAge; }
};

struct S3Section {
  std::optional<std::string> endpoint;
  std::optional<std::string> region;
  bool pathStyle = false;
  std::optional<std::string> accessKeyId;
  std::optional<Secret> secretAccessKey;
  std::optional<Secret> sessionToken;
  std::optional<std::string> profile;
  std::optional<std::filesystem::path> credentialsFile;
};

struct SnapshotSection {
  std::filesystem::path dir;
  std::optional<SnapshotKeySource> key;
  std::optional<unsigned> jobs;
  std::optional<int> compressionLevel;
  RetentionSettings retention;
  std::string historySchema = "public";
  std::string historyTable = "sluice_migrations";
  std::optional<std::filesystem::path> offsite;
  S3Section s3;
};

struct VerifySection {
  std::optional<Secret> scratchUrl;
  std::optional<std::filesystem::path> seed;
  std::optional<std::string> seedAfter;
};

struct Webhook {
  Secret url;
  std::vector<std::string> events;  // empty: every event
  Payload payload = Payload::Json;
  // The signing secret is never in the file: a variable's name or a file's path.
  std::optional<std::string> secretEnv;
  std::optional<std::filesystem::path> secretFile;
  Duration timeout{std::chrono::seconds(5)};
  int retries = 3;
};

struct NotifySection {
  std::optional<std::string> project;
  std::vector<Webhook> webhooks;
};

struct PitrSection {  // deploy --safety restore-point, sluice pitr
  std::optional<std::string> stanza;
  Duration maxBackupAge{std::chrono::hours(24 * 7)};
  Duration archiveTimeout{std::chrono::seconds(60)};
};

// A path as people want to read it: relative to the current directory when it is
// inside it, else as it is.
std::string shownPath(const std::filesystem::path& path);

struct Settings {
  std::optional<std::filesystem::path> file;  // the .sluice.toml read, if any
  std::filesystem::path baseDir;              // its folder, else the current directory

  LintSection lint;
  MigrationsSection migrations;
  DeploySection deploy;
  SnapshotSection snapshot;
  VerifySection verify;
  NotifySection notify;
  PitrSection pitr;

  std::vector<std::string> fileSections;  // the sections the file has ("deploy", ...), even empty ones
  std::vector<Entry> entries;             // every key in table order, set or not, then [rules]
  std::vector<Error> warnings;            // reserved keys that were set: print them

  [[nodiscard]] const Entry* entry(std::string_view key) const;
  // Where a key's value came from ("file:line:column", "flag --x", ...), for errors.
  [[nodiscard]] std::string where(std::string_view key) const;
};

}  // namespace sluice::config
