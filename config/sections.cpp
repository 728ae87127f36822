#include "config/sections.hpp"

#include <algorithm>

namespace sluice::config {
namespace fs = std::filesystem;
namespace {

// Typed reads of the entries; the loader validated every value, so a value has its
// key's type or is unset.
class View {
 public:
  explicit View(const Settings& settings) : settings_(settings) {}

  [[nodiscard]] const Entry* entry(std::string_view key) const { return settings_.entry(key); }

  template <class T>
  [[nodiscard]] std::optional<T> get(std::string_view key) const {
    const Entry* found = entry(key);
    if (found == nullptr) return std::nullopt;
    if (const T* value = std::get_if<T>(&found->value)) return *value;
    return std::nullopt;
  }
  [[nodiscard]] std::optional<fs::path> path(std::string_view key) const {
    auto text = get<std::string>(key);
    return text ? std::optional<fs::path>(*text) : std::nullopt;
  }
  [[nodiscard]] std::optional<unsigned> count(std::string_view key) const {
    auto number = get<std::int64_t>(key);
    return number ? std::optional<unsigned>(static_cast<unsigned>(*number)) : std::nullopt;
  }
  [[nodiscard]] Origin::Kind origin(std::string_view key) const {
    const Entry* found = entry(key);
    return found != nullptr ? found->origin.kind : Origin::Kind::Default;
  }

 private:
  const Settings& settings_;
};

template <class E, std::size_t N>
E choiceOf(const std::optional<std::string>& word, const Spellings<E, N>& table) {
  std::optional<E> value = word ? parseWord(*word, table) : std::nullopt;
  return value.value_or(table.front().first);
}

void buildLint(const View& view, Settings& settings, std::map<std::string, RuleSetting, std::less<>> rules) {
  LintSection& lint = settings.lint;
  lint.baseDir = settings.baseDir;
  lint.pgVersion = static_cast<int>(view.get<std::int64_t>("pg_version").value_or(15));
  lint.failOn = view.get<std::string>("fail_on").value_or("error");
  lint.exclude = view.get<std::vector<std::string>>("exclude").value_or(std::vector<std::string>{});
  lint.rules = std::move(rules);
  // A project whose .sluice.toml has a [deploy] section is applied by `sluice deploy`,
  // which sets lock_timeout for every migration itself (5s unless configured): the rule
  // asking each file to set it would only repeat that, hundreds of times on a real
  // project. A severity the file gives the rule still wins.
  const auto& sections = settings.fileSections;
  if (std::find(sections.begin(), sections.end(), "deploy") != sections.end()) {
    RuleSetting& rule = lint.rules["require-lock-timeout"];
    if (!rule.severity) rule.severity = "off";
  }
}

void buildMigrations(const View& view, Settings& settings) {
  MigrationsSection& migrations = settings.migrations;
  migrations.dir = view.path("migrations.dir").value_or(fs::path());
  migrations.layout = view.get<std::string>("migrations.layout");
  migrations.databaseUrlEnv = view.get<std::string>("migrations.database_url_env");
  migrations.historySchema = view.get<std::string>("migrations.history_schema");
  migrations.historyTable = view.get<std::string>("migrations.history_table");
}

void buildDeploy(const View& view, Settings& settings) {
  DeploySection& deploy = settings.deploy;
  deploy.lockTimeout = view.get<Duration>("deploy.lock_timeout").value_or(deploy.lockTimeout);
  deploy.lockRetries = static_cast<int>(view.get<std::int64_t>("deploy.lock_retries").value_or(deploy.lockRetries));
  deploy.lockRetryDelay = view.get<Duration>("deploy.lock_retry_delay").value_or(deploy.lockRetryDelay);
  deploy.statementTimeout = view.get<Duration>("deploy.statement_timeout");
  deploy.lockWait = view.get<Duration>("deploy.lock_wait").value_or(deploy.lockWait);
  deploy.reconnectWait = view.get<Duration>("deploy.reconnect_wait").value_or(deploy.reconnectWait);
  // Unset, the migrations' format decides (Drizzle runs all pending migrations in one).
  if (view.origin("deploy.tx_mode") != Origin::Kind::Default) {
    deploy.txMode = choiceOf(view.get<std::string>("deploy.tx_mode"), kTxModeNames);
  }
  deploy.onFailure = choiceOf(view.get<std::string>("deploy.on_failure"), kOnFailureNames);
  deploy.lintGate = view.get<bool>("deploy.lint_gate").value_or(true);
  deploy.allowOutOfOrder = view.get<bool>("deploy.allow_out_of_order").value_or(false);
  deploy.auditLog = view.path("deploy.audit_log");
  deploy.snapshot = view.get<bool>("deploy.snapshot").value_or(true);
  if (const Entry* entry = view.entry("deploy.snapshot")) deploy.snapshotOrigin = entry->origin;
  deploy.safety = choiceOf(view.get<std::string>("deploy.safety"), kSafetyNames);
  deploy.maxSnapshotSize = view.get<ByteSize>("deploy.max_snapshot_size").value_or(deploy.maxSnapshotSize);
}

void buildSnapshot(const View& view, Settings& settings) {
  SnapshotSection& snapshot = settings.snapshot;
  snapshot.dir = view.path("snapshot.dir").value_or(settings.baseDir / ".sluice" / "snapshots");
  // The key: --key-file, else SLUICE_SNAPSHOT_KEY, else key_file in the file. That is
  // the general precedence across the two keys that can name it.
  std::optional<fs::path> keyFile = view.path("snapshot.key_file");
  std::optional<Secret> keyValue = view.get<Secret>("snapshot.key");
  if (keyFile || keyValue) {
    SnapshotKeySource source;
    if (keyValue && (!keyFile || view.origin("snapshot.key") > view.origin("snapshot.key_file"))) {
      source.value = std::move(keyValue);
      source.variable = view.entry("snapshot.key")->origin.name;
    } else {
      source.file = keyFile;
    }
    snapshot.key = std::move(source);
  }
  snapshot.jobs = view.count("snapshot.jobs");
  if (auto level = view.get<std::int64_t>("snapshot.compression_level")) {
    snapshot.compressionLevel = static_cast<int>(*level);
  }
  // Retention: flags given on the command line replace the configured policy as a whole.
  RetentionSettings& retention = snapshot.retention;
  const std::array<std::string_view, 5> retentionKeys{
      "snapshot.keep_last", "snapshot.keep_daily", "snapshot.keep_weekly", "snapshot.keep_monthly", "snapshot.max_age"};
  retention.fromFlags = std::any_of(retentionKeys.begin(), retentionKeys.end(),
                                    [&](std::string_view key) { return view.origin(key) == Origin::Kind::Flag; });
  auto retained = [&](std::string_view key) { return !retention.fromFlags || view.origin(key) == Origin::Kind::Flag; };
  if (retained("snapshot.keep_last")) retention.keepLast = view.count("snapshot.keep_last");
  if (retained("snapshot.keep_daily")) retention.keepDaily = view.count("snapshot.keep_daily");
  if (retained("snapshot.keep_weekly")) retention.keepWeekly = view.count("snapshot.keep_weekly");
  if (retained("snapshot.keep_monthly")) retention.keepMonthly = view.count("snapshot.keep_monthly");
  if (retained("snapshot.max_age")) retention.maxAge = view.get<Duration>("snapshot.max_age");
  snapshot.historySchema = settings.migrations.historySchema.value_or("public");
  snapshot.historyTable = settings.migrations.historyTable.value_or("sluice_migrations");
  snapshot.offsite = view.path("snapshot.offsite");
  snapshot.s3.endpoint = view.get<std::string>("snapshot.s3.endpoint");
  snapshot.s3.region = view.get<std::string>("snapshot.s3.region");
  snapshot.s3.pathStyle = view.get<bool>("snapshot.s3.path_style").value_or(false);
  snapshot.s3.accessKeyId = view.get<std::string>("snapshot.s3.access_key_id");
  snapshot.s3.secretAccessKey = view.get<Secret>("snapshot.s3.secret_access_key");
  snapshot.s3.sessionToken = view.get<Secret>("snapshot.s3.session_token");
  snapshot.s3.profile = view.get<std::string>("snapshot.s3.profile");
  snapshot.s3.credentialsFile = view.path("snapshot.s3.credentials_file");
}

void buildVerify(const View& view, Settings& settings) {
  settings.verify.scratchUrl = view.get<Secret>("verify.scratch_url");
  settings.verify.seed = view.path("verify.seed");
  settings.verify.seedAfter = view.get<std::string>("verify.seed_after");
}

Status buildNotify(const View& view, Settings& settings) {
  settings.notify.project = view.get<std::string>("notify.project");
  for (std::size_t i = 1;; ++i) {
    std::string prefix = "notify.webhook[" + std::to_string(i) + "].";
    if (view.entry(prefix + "payload") == nullptr) break;
    Webhook webhook;
    auto url = view.get<Secret>(prefix + "url");
    if (!url) {
      return Error(ErrorCode::Config, "webhook " + std::to_string(i) + " of [notify] has no `url`",
                   "every [[notify.webhook]] needs url = \"https://...\"",
                   settings.file ? settings.file->string() : "");
    }
    webhook.url = std::move(*url);
    webhook.events = view.get<std::vector<std::string>>(prefix + "events").value_or(std::vector<std::string>{});
    webhook.payload = choiceOf(view.get<std::string>(prefix + "payload"), kPayloadNames);
    webhook.secretEnv = view.get<std::string>(prefix + "secret_env");
    webhook.secretFile = view.path(prefix + "secret_file");
    webhook.timeout = view.get<Duration>(prefix + "timeout").value_or(webhook.timeout);
    webhook.retries = static_cast<int>(view.get<std::int64_t>(prefix + "retries").value_or(webhook.retries));
    settings.notify.webhooks.push_back(std::move(webhook));
  }
  return {};
}

void buildPitr(const View& view, Settings& settings) {
  settings.pitr.stanza = view.get<std::string>("pitr.stanza");
  settings.pitr.maxBackupAge = view.get<Duration>("pitr.max_backup_age").value_or(settings.pitr.maxBackupAge);
  settings.pitr.archiveTimeout = view.get<Duration>("pitr.archive_timeout").value_or(settings.pitr.archiveTimeout);
}

}  // namespace

Status buildSections(Settings& settings, std::map<std::string, RuleSetting, std::less<>> rules) {
  View view(settings);
  buildLint(view, settings, std::move(rules));
  buildMigrations(view, settings);
  buildDeploy(view, settings);
  buildSnapshot(view, settings);
  buildVerify(view, settings);
  if (auto status = buildNotify(view, settings); !status) return status;
  buildPitr(view, settings);
  return {};
}

}  // namespace sluice::config
