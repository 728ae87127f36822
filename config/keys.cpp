#include "config/keys.hpp"

#include <array>

#include "config/choices.hpp"

namespace sluice::config {
namespace {

constexpr std::array<std::string_view, 2> kFailOn{"error", "warning"};
constexpr auto kTxModes = wordsOf(kTxModeNames);
constexpr auto kOnFailure = wordsOf(kOnFailureNames);
constexpr auto kSafety = wordsOf(kSafetyNames);
constexpr std::array<std::string_view, 7> kEvents{"deploy-failed",    "deploy-succeeded", "prune",
                                                  "restore-failed",   "snapshot-created", "snapshot-failed",
                                                  "snapshot-restored"};
constexpr auto kPayloads = wordsOf(kPayloadNames);

constexpr std::int64_t kSecond = 1000;
constexpr std::int64_t kDay = 86'400'000;

// clang-format off
constexpr std::array kKeys{
    // Top level: the linter.
    KeySpec{.name = "exclude", .type = KeyType::StringList, .defaultValue = "[]",
            .description = "paths (globs relative to this file) that lint does not report on; they still build the schema model"},
    KeySpec{.name = "fail_on", .type = KeyType::Choice, .defaultValue = "error",
            .description = "the lowest severity that fails `sluice lint` and the deploy's lint gate",
            .flag = "--fail-on", .choices = kFailOn},
    KeySpec{.name = "pg_version", .type = KeyType::Integer, .defaultValue = "15",
            .description = "PostgreSQL major version the migrations run on", .flag = "--pg-version",
            .min = 10, .max = 18},

    KeySpec{.name = "migrations.database_url_env", .type = KeyType::String,
            .defaultValue = "DATABASE_URL (Prisma 7: the variable of datasource.url = env(\"NAME\") in prisma.config.ts)",
            .description = "the environment variable that holds the database URL when --database-url is not given",
            .computedDefault = true},
    KeySpec{.name = "migrations.dir", .type = KeyType::Path,
            .defaultValue = "Prisma 7's migrations.path in prisma.config.ts, else the first of prisma/migrations, "
                            "migrations, db/migrations that exists",
            .description = "the migrations folder of lint (without paths), deploy, status, rollback, verify, new",
            .flag = "--dir", .computedDefault = true},
    KeySpec{.name = "migrations.history_schema", .type = KeyType::String,
            .defaultValue = "the tool's: public, drizzle for Drizzle, sqitch for sqitch (Prisma: the URL's ?schema=)",
            .description = "schema of the history table", .flag = "--history-schema", .computedDefault = true},
    KeySpec{.name = "migrations.history_table", .type = KeyType::String, .defaultValue = "sluice_migrations",
            .description = "sluice's own history table (Prisma projects always use _prisma_migrations)",
            .flag = "--history-table"},
    KeySpec{.name = "migrations.layout", .type = KeyType::Layout, .defaultValue = "detected from the folder",
            .description = "the migrations' format: dbmate, drizzle, flyway, golang-migrate, goose, paired, plain, prisma, "
                           "sqitch, updown-files, updown-folders",
            .flag = "--layout", .computedDefault = true},

    KeySpec{.name = "deploy.allow_out_of_order", .type = KeyType::Boolean, .defaultValue = "false",
            .description = "apply pending migrations that sort before applied ones", .flag = "--allow-out-of-order"},
    KeySpec{.name = "deploy.audit_log", .type = KeyType::Path,
            .description = "append one JSON line per deploy, rollback and resolve to this file", .flag = "--audit-log"},
    KeySpec{.name = "deploy.lint_gate", .type = KeyType::Boolean, .defaultValue = "true",
            .description = "lint the pending migrations before deploying", .flag = "--no-lint-gate"},
    KeySpec{.name = "deploy.lock_retries", .type = KeyType::Integer, .defaultValue = "5",
            .description = "retries of a migration (or of a statement outside a transaction) that fails on "
                           "lock_timeout; 0 disables",
            .flag = "--lock-retries", .env = "SLUICE_LOCK_RETRIES", .min = 0, .max = 100},
    KeySpec{.name = "deploy.lock_retry_delay", .type = KeyType::Duration, .defaultValue = "1s",
            .description = "delay before the first lock retry; doubles with each retry (with jitter), at most 1min",
            .flag = "--lock-retry-delay", .env = "SLUICE_LOCK_RETRY_DELAY", .min = 0, .max = 3'600 * kSecond},
    KeySpec{.name = "deploy.lock_timeout", .type = KeyType::Duration, .defaultValue = "5s",
            .description = "lock_timeout of each migration's statements (SET LOCAL); 0s waits without limit",
            .flag = "--lock-timeout", .env = "SLUICE_LOCK_TIMEOUT", .min = 0, .max = kDay},
    KeySpec{.name = "deploy.lock_wait", .type = KeyType::Duration, .defaultValue = "60s",
            .description = "how long to wait for the migration lock", .flag = "--lock-wait", .min = 0, .max = kDay},
    KeySpec{.name = "deploy.max_snapshot_size", .type = KeyType::ByteSize, .defaultValue = "20GB",
            .description = "with safety = \"auto\": databases above this use a restore point instead of a snapshot"},
    KeySpec{.name = "deploy.on_failure", .type = KeyType::Choice, .defaultValue = "restore",
            .description = "after a failure that follows committed migrations: restore the snapshot, run rollbacks, or keep",
            .flag = "--on-failure", .choices = kOnFailure},
    KeySpec{.name = "deploy.reconnect_wait", .type = KeyType::Duration, .defaultValue = "30s",
            .description = "after the connection is lost during a migration: how long to try to reconnect, to learn "
                           "what was committed and carry out on_failure",
            .flag = "--reconnect-wait", .env = "SLUICE_RECONNECT_WAIT", .min = 0, .max = kDay},
    KeySpec{.name = "deploy.safety", .type = KeyType::Choice, .defaultValue = "snapshot",
            .description = "the safety net before migrating: a logical snapshot, a WAL restore point, or auto",
            .flag = "--safety", .choices = kSafety},
    KeySpec{.name = "deploy.snapshot", .type = KeyType::Boolean, .defaultValue = "true",
            .description = "snapshot the database before the first pending migration", .flag = "--no-snapshot"},
    KeySpec{.name = "deploy.statement_timeout", .type = KeyType::Duration,
            .description = "statement_timeout per migration (SET LOCAL); none when unset",
            .flag = "--statement-timeout", .min = 0, .max = kDay},
    KeySpec{.name = "deploy.tx_mode", .type = KeyType::Choice, .defaultValue = "per-migration",
            .description = "one transaction per migration, or all pending migrations in one (the default for Drizzle)", .flag = "--tx-mode",
            .choices = kTxModes},

    KeySpec{.name = "snapshot.compression_level", .type = KeyType::Integer, .defaultValue = "2",
            .description = "zstd level: 1 fastest, 19 smallest", .flag = "--compression-level", .min = 1, .max = 22},
    KeySpec{.name = "snapshot.dir", .type = KeyType::Path,
            .defaultValue = ".sluice/snapshots next to .sluice.toml (else in the current directory)",
            .description = "where snapshots are written and looked up", .flag = "--snapshot-dir",
            .computedDefault = true},
    KeySpec{.name = "snapshot.jobs", .type = KeyType::Integer, .defaultValue = "the number of cores, at most 8",
            .description = "parallel COPY connections and file workers", .flag = "--jobs", .min = 1, .max = 64,
            .computedDefault = true},
    KeySpec{.name = "snapshot.keep_daily", .type = KeyType::Integer,
            .description = "prune keeps the newest snapshot of each of the last N days", .flag = "--keep-daily",
            .min = 0, .max = 100000},
    KeySpec{.name = "snapshot.keep_last", .type = KeyType::Integer, .description = "prune keeps the N newest snapshots",
            .flag = "--keep-last", .min = 0, .max = 100000},
    KeySpec{.name = "snapshot.keep_monthly", .type = KeyType::Integer,
            .description = "prune keeps the newest snapshot of each of the last N months", .flag = "--keep-monthly",
            .min = 0, .max = 100000},
    KeySpec{.name = "snapshot.keep_weekly", .type = KeyType::Integer,
            .description = "prune keeps the newest snapshot of each of the last N ISO weeks", .flag = "--keep-weekly",
            .min = 0, .max = 100000},
    KeySpec{.name = "snapshot.key", .type = KeyType::Secret,
            .description = "the snapshot key itself (64 hex characters or base64); wins over key_file, loses to --key-file",
            .env = "SLUICE_SNAPSHOT_KEY", .environmentOnly = true},
    KeySpec{.name = "snapshot.key_file", .type = KeyType::Path,
            .description = "file holding the snapshot key; snapshots are encrypted when a key is set",
            .flag = "--key-file"},
    KeySpec{.name = "snapshot.max_age", .type = KeyType::Duration,
            .description = "prune removes snapshots older than this (never the newest)", .flag = "--max-age", .min = 1},
    KeySpec{.name = "snapshot.offsite", .type = KeyType::Path,
            .description = "s3://BUCKET/PREFIX: also copy each snapshot there; prune applies to both places"},

    KeySpec{.name = "snapshot.s3.access_key_id", .type = KeyType::String, .description = "S3 access key id",
            .env = "AWS_ACCESS_KEY_ID", .environmentOnly = true},
    KeySpec{.name = "snapshot.s3.credentials_file", .type = KeyType::Path,
            .defaultValue = "~/.aws/credentials",
            .description = "shared credentials file, read when AWS_ACCESS_KEY_ID is not set",
            .env = "AWS_SHARED_CREDENTIALS_FILE", .environmentOnly = true},
    KeySpec{.name = "snapshot.s3.endpoint", .type = KeyType::String,
            .description = "S3-compatible endpoint URL (R2, MinIO, Ceph, GCS); AWS when unset"},
    KeySpec{.name = "snapshot.s3.path_style", .type = KeyType::Boolean, .defaultValue = "false",
            .description = "path-style addressing (https://endpoint/bucket/key), as MinIO and Ceph need"},
    KeySpec{.name = "snapshot.s3.profile", .type = KeyType::String, .defaultValue = "default",
            .description = "the profile of the shared credentials file", .env = "AWS_PROFILE",
            .environmentOnly = true},
    KeySpec{.name = "snapshot.s3.region", .type = KeyType::String, .description = "the bucket's region",
            .env = "AWS_REGION"},
    KeySpec{.name = "snapshot.s3.secret_access_key", .type = KeyType::Secret, .description = "S3 secret access key",
            .env = "AWS_SECRET_ACCESS_KEY", .environmentOnly = true},
    KeySpec{.name = "snapshot.s3.session_token", .type = KeyType::Secret,
            .description = "S3 session token (temporary credentials)", .env = "AWS_SESSION_TOKEN",
            .environmentOnly = true},

    KeySpec{.name = "verify.scratch_url", .type = KeyType::Secret,
            .description = "an empty database for `sluice verify` (default: a throwaway local server)",
            .flag = "--scratch-url"},
    KeySpec{.name = "verify.seed", .type = KeyType::Path,
            .description = "SQL file that fills tables, run once after seed_after", .flag = "--seed"},
    KeySpec{.name = "verify.seed_after", .type = KeyType::String,
            .description = "the migration after which the seed runs", .flag = "--seed-after"},

    KeySpec{.name = "notify.project", .type = KeyType::String, .defaultValue = "the project folder's name",
            .description = "project name in notifications", .computedDefault = true},
    KeySpec{.name = "notify.webhook.events", .type = KeyType::ChoiceList, .defaultValue = "every event",
            .description = "the events this webhook receives", .choices = kEvents, .computedDefault = true},
    KeySpec{.name = "notify.webhook.payload", .type = KeyType::Choice, .defaultValue = "json",
            .description = "generic JSON, or a Slack-compatible message", .choices = kPayloads},
    KeySpec{.name = "notify.webhook.retries", .type = KeyType::Integer, .defaultValue = "3",
            .description = "retries with backoff after a failed delivery", .min = 0, .max = 10},
    KeySpec{.name = "notify.webhook.secret_env", .type = KeyType::String,
            .description = "environment variable holding the HMAC-SHA256 signing secret"},
    KeySpec{.name = "notify.webhook.secret_file", .type = KeyType::Path,
            .description = "file holding the HMAC-SHA256 signing secret (wins over secret_env)"},
    KeySpec{.name = "notify.webhook.timeout", .type = KeyType::Duration, .defaultValue = "5s",
            .description = "per delivery attempt", .min = 1, .max = 300 * kSecond},
    KeySpec{.name = "notify.webhook.url", .type = KeyType::Secret,
            .description = "where to POST (a secret: webhook URLs carry tokens)"},

    KeySpec{.name = "pitr.archive_timeout", .type = KeyType::Duration, .defaultValue = "60s",
            .description = "how long to wait until the restore point's WAL segment is archived", .min = 1,
            .max = kDay},
    KeySpec{.name = "pitr.max_backup_age", .type = KeyType::Duration, .defaultValue = "7d",
            .description = "the newest full pgBackRest backup must be younger than this", .min = 1},
    KeySpec{.name = "pitr.stanza", .type = KeyType::String, .description = "the pgBackRest stanza of the database",
            .flag = "--stanza"},
};

constexpr std::array kSections{
    SectionSpec{.name = ""},
    SectionSpec{.name = "rules"},
    SectionSpec{.name = "migrations"},
    SectionSpec{.name = "deploy"},
    SectionSpec{.name = "snapshot"},
    SectionSpec{.name = "snapshot.s3"},
    SectionSpec{.name = "verify"},
    SectionSpec{.name = "notify"},
    SectionSpec{.name = "notify.webhook", .arrayOfTables = true},
    SectionSpec{.name = "pitr"},
};
// clang-format on

}  // namespace

std::span<const KeySpec> keySpecs() { return kKeys; }
std::span<const SectionSpec> sectionSpecs() { return kSections; }

const KeySpec* findKey(std::string_view name) {
  for (const KeySpec& spec : kKeys) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const SectionSpec* findSection(std::string_view name) {
  for (const SectionSpec& spec : kSections) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string_view sectionOf(std::string_view key) {
  std::size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : key.substr(0, dot);
}

std::string_view leafOf(std::string_view key) {
  std::size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

}  // namespace sluice::config
