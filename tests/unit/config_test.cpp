// The configuration module: one loader for `.sluice.toml`, the environment and the
// flags, with the precedence flag > environment > file > default, every key validated
// with its location and a suggestion, and typed sections for each module.
#include "linter/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "config/keys.hpp"
#include "config/loader.hpp"
#include "config/print.hpp"
#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice {
namespace {

using ::testing::HasSubstr;

class ConfigTest : public ::testing::Test {
 protected:
  Expected<config::Settings> load(const std::string& text, std::vector<config::FlagValue> flags = {}) {
    auto path = dir_.path() / ".sluice.toml";
    EXPECT_TRUE(writeFileAtomically(path, text).ok());
    config::LoadRequest request;
    request.file = path;
    request.flags = std::move(flags);
    request.catalog = configCatalog(ruleMetas(rules::allRules()));
    request.environment = [this](std::string_view name) -> std::optional<std::string> {
      auto found = environment_.find(std::string(name));
      if (found == environment_.end()) return std::nullopt;
      return found->second;
    };
    return config::loadSettings(request);
  }

  // The error loading `text` fails with; a test failure, and an empty error, when it loads.
  Error refusal(const std::string& text) {
    auto settings = load(text);
    if (settings.ok()) {
      ADD_FAILURE() << "loaded:\n" << text;
      return {};
    }
    return settings.error();
  }

  Expected<Config> lint(const std::string& text) {
    auto settings = load(text);
    if (!settings) return settings.takeError();
    return lintConfig(settings->lint, ruleMetas(rules::allRules()));
  }

  TempDir dir_ = std::move(TempDir::create("sluice-config-").value());
  std::map<std::string, std::string> environment_;
};

TEST_F(ConfigTest, ReadsSeveritiesAndSettings) {
  auto config =
      lint("pg_version = 12\nfail_on = \"warning\"\nexclude = [\"old/**\"]\n[rules]\ndrop-table = \"warning\"\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->pgVersion, 12);
  EXPECT_EQ(config->failOn, Severity::Warning);
  EXPECT_EQ(config->exclude.size(), 1U);
  EXPECT_EQ(config->rules.at("drop-table").severity, Severity::Warning);
}

TEST_F(ConfigTest, UnknownRuleSuggestsTheClosestName) {
  Error error = refusal("[rules]\ndrop-tabel = \"off\"\n");
  EXPECT_EQ(error.code, ErrorCode::Config);
  EXPECT_THAT(error.hint, HasSubstr("drop-table"));
  EXPECT_THAT(error.location, HasSubstr(".sluice.toml:2:1"));
}

TEST_F(ConfigTest, UnknownKeySuggestsTheClosestKey) {
  Error error = refusal("pg_verison = 14\n");
  EXPECT_THAT(error.hint, HasSubstr("pg_version"));
}

TEST_F(ConfigTest, UnknownKeyInASectionIsAnError) {
  Error error = refusal("[deploy]\nlock_timeot = \"5s\"\n");
  EXPECT_THAT(error.message, HasSubstr("deploy.lock_timeot"));
  EXPECT_THAT(error.hint, HasSubstr("lock_timeout"));
  EXPECT_THAT(error.location, HasSubstr(".sluice.toml:2:1"));
}

TEST_F(ConfigTest, UnknownSectionSuggestsTheClosestSection) {
  Error error = refusal("[snapshots]\ndir = \"x\"\n");
  EXPECT_THAT(error.message, HasSubstr("[snapshots]"));
  EXPECT_THAT(error.hint, HasSubstr("snapshot"));
}

TEST_F(ConfigTest, WrongValueTypeIsAnError) {
  Error error = refusal("pg_version = \"15\"\n");
  EXPECT_THAT(error.message, HasSubstr("must be an integer"));
  EXPECT_THAT(error.location, HasSubstr(".sluice.toml:1:"));
}

TEST_F(ConfigTest, BadSeverityIsAnError) {
  Error error = refusal("[rules]\ndrop-table = \"loud\"\n");
  EXPECT_THAT(error.message, HasSubstr("unknown severity"));
}

TEST_F(ConfigTest, BadChoiceIsAnErrorThatListsTheChoices) {
  Error error = refusal("[deploy]\ntx_mode = \"each\"\n");
  std::string text = error.message + " " + error.hint;
  EXPECT_THAT(text, HasSubstr("per-migration"));
  EXPECT_THAT(error.location, HasSubstr(".sluice.toml:2:"));
}

TEST_F(ConfigTest, ABareDurationIsRefusedWithAHint) {
  Error error = refusal("[deploy]\nlock_timeout = \"5\"\n");
  EXPECT_EQ(error.code, ErrorCode::Config);
  EXPECT_THAT(error.message, HasSubstr("deploy.lock_timeout"));
  EXPECT_THAT(error.hint, HasSubstr("5s"));
  EXPECT_THAT(error.location, HasSubstr(".sluice.toml:2:"));
}

TEST_F(ConfigTest, AnOutOfRangeValueIsRefused) {
  Error error = refusal("[deploy]\nlock_timeout = \"2d\"\n");
  EXPECT_THAT(error.message, HasSubstr("deploy.lock_timeout"));
}

TEST_F(ConfigTest, ACredentialCannotBeWrittenInTheFile) {
  Error error = refusal("[snapshot]\nkey = \"00\"\n");
  EXPECT_THAT(error.hint, HasSubstr("SLUICE_SNAPSHOT_KEY"));
}

TEST_F(ConfigTest, SectionsAreTyped) {
  auto settings = load(
      "[deploy]\nlock_timeout = \"5s\"\ntx_mode = \"all\"\non_failure = \"keep\"\nlint_gate = false\n"
      "[snapshot]\nkeep_last = 3\nmax_age = \"30d\"\ndir = \"snaps\"\n");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->deploy.lockTimeout.milliseconds(), 5000);
  EXPECT_FALSE(settings->deploy.statementTimeout.has_value());
  EXPECT_EQ(settings->deploy.lockWait.milliseconds(), 60'000);  // the default
  EXPECT_EQ(settings->deploy.txMode, config::TxMode::All);
  EXPECT_EQ(settings->deploy.onFailure, config::OnFailure::Keep);
  EXPECT_FALSE(settings->deploy.lintGate);
  EXPECT_EQ(settings->snapshot.retention.keepLast, 3U);
  EXPECT_EQ(settings->snapshot.retention.maxAge->milliseconds(), 30LL * 86'400'000);
  EXPECT_FALSE(settings->snapshot.retention.fromFlags);
  // Paths in the file are relative to the file's folder.
  EXPECT_EQ(settings->snapshot.dir, (dir_.path() / "snaps").lexically_normal());
}

TEST_F(ConfigTest, SnapshotLocationsInABucketAreNotRelativeToTheFile) {
  auto settings = load(
      "[snapshot]\ndir = \"s3://backups/app\"\noffsite = \"s3://far/away\"\n[snapshot.s3]\n"
      "endpoint = \"http://127.0.0.1:9000\"\npath_style = true\n");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->snapshot.dir.string(), "s3://backups/app");
  EXPECT_EQ(settings->snapshot.offsite->string(), "s3://far/away");
  EXPECT_EQ(settings->snapshot.s3.endpoint, "http://127.0.0.1:9000");
  EXPECT_TRUE(settings->snapshot.s3.pathStyle);
  EXPECT_TRUE(settings->warnings.empty()) << "[snapshot.s3] is no longer reserved";
}

// Precedence, written once: flag > environment > file > default, each value with its origin.
TEST_F(ConfigTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  // deploy.lock_wait: default only.
  auto defaults = load("");
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  EXPECT_EQ(defaults->entry("deploy.lock_wait")->origin.kind, config::Origin::Kind::Default);
  EXPECT_EQ(defaults->entry("deploy.lock_wait")->origin.describe(), "default");

  // The file wins over the default.
  auto file = load("[deploy]\nlock_wait = \"10s\"\n");
  ASSERT_TRUE(file.ok()) << file.error().message;
  EXPECT_EQ(file->deploy.lockWait.milliseconds(), 10'000);
  EXPECT_EQ(file->entry("deploy.lock_wait")->origin.kind, config::Origin::Kind::File);
  EXPECT_NE(file->where("deploy.lock_wait").find(".sluice.toml:2:"), std::string::npos);

  // The environment wins over the file (the one key with a variable that the file may not
  // hold is the snapshot key: AWS_REGION may be in both, so use it for the order).
  environment_["AWS_REGION"] = "eu-west-1";
  auto env = load("[snapshot.s3]\nregion = \"us-east-1\"\n");
  ASSERT_TRUE(env.ok()) << env.error().message;
  EXPECT_EQ(env->snapshot.s3.region, "eu-west-1");
  EXPECT_EQ(env->entry("snapshot.s3.region")->origin.describe(), "env AWS_REGION");

  // A flag wins over the file.
  auto flag = load("[deploy]\nlock_wait = \"10s\"\n", {{"deploy.lock_wait", "2min", "--lock-wait"}});
  ASSERT_TRUE(flag.ok()) << flag.error().message;
  EXPECT_EQ(flag->deploy.lockWait.milliseconds(), 120'000);
  EXPECT_EQ(flag->entry("deploy.lock_wait")->origin.kind, config::Origin::Kind::Flag);
  EXPECT_EQ(flag->where("deploy.lock_wait"), "flag --lock-wait");
}

TEST_F(ConfigTest, AFlagWithABareDurationIsAUsageErrorNamingTheFlag) {
  auto settings = load("", {{"deploy.lock_timeout", "5", "--lock-timeout"}});
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.error().code, ErrorCode::Usage);
  EXPECT_NE(settings.error().message.find("--lock-timeout"), std::string::npos) << settings.error().message;
  EXPECT_NE(settings.error().hint.find("5s"), std::string::npos) << settings.error().hint;
}

TEST_F(ConfigTest, DeployHasALockTimeoutAndRetriesByDefaultAndEachLayerOverridesThem) {
  auto defaults = load("");
  ASSERT_TRUE(defaults.ok()) << defaults.error().message;
  EXPECT_EQ(defaults->deploy.lockTimeout.milliseconds(), 5000);
  EXPECT_EQ(defaults->deploy.lockRetries, 5);
  EXPECT_EQ(defaults->deploy.lockRetryDelay.milliseconds(), 1000);

  std::string file = "[deploy]\nlock_timeout = \"2s\"\nlock_retries = 3\nlock_retry_delay = \"250ms\"\n";
  auto fromFile = load(file);
  ASSERT_TRUE(fromFile.ok()) << fromFile.error().message;
  EXPECT_EQ(fromFile->deploy.lockTimeout.milliseconds(), 2000);
  EXPECT_EQ(fromFile->deploy.lockRetries, 3);
  EXPECT_EQ(fromFile->deploy.lockRetryDelay.milliseconds(), 250);

  environment_["SLUICE_LOCK_RETRIES"] = "1";
  environment_["SLUICE_LOCK_TIMEOUT"] = "1s";
  auto fromFlags = load(file, {{"deploy.lock_retries", "0", "--lock-retries"}});
  ASSERT_TRUE(fromFlags.ok()) << fromFlags.error().message;
  EXPECT_EQ(fromFlags->deploy.lockRetries, 0);                      // flag over environment
  EXPECT_EQ(fromFlags->deploy.lockTimeout.milliseconds(), 1000);    // environment over file
  EXPECT_EQ(fromFlags->deploy.lockRetryDelay.milliseconds(), 250);  // file over default

  auto bare = load("", {{"deploy.lock_retry_delay", "100", "--lock-retry-delay"}});
  ASSERT_FALSE(bare.ok());
  EXPECT_NE(bare.error().message.find("--lock-retry-delay"), std::string::npos) << bare.error().message;
}

TEST_F(ConfigTest, ADeploySectionQuietsRequireLockTimeoutUnlessTheFileSetsIt) {
  auto withoutDeploy = lint("");
  ASSERT_TRUE(withoutDeploy.ok());
  EXPECT_FALSE(withoutDeploy->rules.at("require-lock-timeout").severity.has_value());
  auto withDeploy = lint("[deploy]\n");
  ASSERT_TRUE(withDeploy.ok());
  EXPECT_EQ(withDeploy->rules.at("require-lock-timeout").severity, Severity::Off);
  auto chosen = lint("[rules]\nrequire-lock-timeout = \"error\"\n[deploy]\n");
  ASSERT_TRUE(chosen.ok());
  EXPECT_EQ(chosen->rules.at("require-lock-timeout").severity, Severity::Error);
}

TEST_F(ConfigTest, RetentionFlagsReplaceTheFilesPolicy) {
  auto settings = load("[snapshot]\nkeep_daily = 7\n", {{"snapshot.keep_last", "2", "--keep-last"}});
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_TRUE(settings->snapshot.retention.fromFlags);
  EXPECT_EQ(settings->snapshot.retention.keepLast, 2U);
}

TEST_F(ConfigTest, LockRetryKeysAreTypedAndNoLongerReserved) {
  auto bad = load("[deploy]\nlock_retries = \"many\"\n");
  ASSERT_FALSE(bad.ok());

  auto settings = load("[deploy]\nlock_retries = 3\n");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_TRUE(settings->warnings.empty());
  EXPECT_EQ(settings->deploy.lockRetries, 3);
}

TEST_F(ConfigTest, PitrSettingsAreTyped) {
  auto bad = load("[pitr]\nmax_backup_age = \"7\"\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().hint.find("7s"), std::string::npos) << bad.error().hint;

  auto settings = load(
      "[pitr]\nstanza = \"main\"\nmax_backup_age = \"3d\"\n[deploy]\nsafety = \"auto\"\n"
      "max_snapshot_size = \"50GB\"\n");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_TRUE(settings->warnings.empty());
  EXPECT_EQ(settings->pitr.stanza, "main");
  EXPECT_EQ(settings->pitr.maxBackupAge.milliseconds(), 3LL * 86'400'000);
  EXPECT_EQ(settings->deploy.safety, config::Safety::Auto);
  EXPECT_EQ(settings->deploy.maxSnapshotSize.bytes(), 50ULL * 1024 * 1024 * 1024);
}

TEST_F(ConfigTest, WebhooksAreAListOfTables) {
  auto settings = load(
      "[[notify.webhook]]\nurl = \"https://hooks.example/T0K3N\"\n"
      "[[notify.webhook]]\nurl = \"https://other.example/x\"\npayload = \"slack\"\ntimeout = \"10s\"\n");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  ASSERT_EQ(settings->notify.webhooks.size(), 2U);
  EXPECT_EQ(settings->notify.webhooks[1].payload, config::Payload::Slack);
  EXPECT_EQ(settings->notify.webhooks[1].timeout.milliseconds(), 10'000);
  EXPECT_NE(settings->entry("notify.webhook[2].url"), nullptr);
}

TEST_F(ConfigTest, PrintingNeverShowsASecret) {
  environment_["SLUICE_SNAPSHOT_KEY"] = std::string(64, 'a');
  auto settings = load("[[notify.webhook]]\nurl = \"https://hooks.example/T0K3N\"\n",
                       {{"verify.scratch_url", "postgres://u:hunter2@localhost/db", "--scratch-url"}});
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  std::ostringstream text;
  std::ostringstream json;
  config::writeSettingsText(*settings, text);
  config::writeSettingsJson(*settings, json);
  for (const std::string& out : {text.str(), json.str()}) {
    EXPECT_EQ(out.find("hunter2"), std::string::npos) << out;
    EXPECT_EQ(out.find("T0K3N"), std::string::npos) << out;
    EXPECT_EQ(out.find(std::string(64, 'a')), std::string::npos) << out;
    EXPECT_NE(out.find("***"), std::string::npos) << out;
    EXPECT_NE(out.find("SLUICE_SNAPSHOT_KEY"), std::string::npos) << out;
  }
}

TEST_F(ConfigTest, IsFoundUpwardFromALintedPath) {
  ASSERT_TRUE(writeFileAtomically(dir_.path() / ".sluice.toml", "").ok());
  std::filesystem::create_directories(dir_.path() / "a" / "b");
  auto found = config::findConfigFile(dir_.path() / "a" / "b");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, dir_.path() / ".sluice.toml");
}

// docs/configuration.md describes exactly the keys of config/keys.cpp.
TEST(ConfigDocs, ListEveryKeyAndNoOther) {
  auto doc = readFile(std::filesystem::path(SLUICE_SOURCE_DIR) / "docs" / "configuration.md");
  ASSERT_TRUE(doc.ok());
  std::set<std::string> documented;
  std::regex row(R"(^\| `([a-z_.\[\]0-9]+)` \|)");
  std::istringstream lines(*doc);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, row)) documented.insert(match[1]);
  }
  std::set<std::string> known;
  for (const config::KeySpec& spec : config::keySpecs()) known.insert(std::string(spec.name));
  for (const std::string& key : known)
    EXPECT_TRUE(documented.contains(key)) << key << " is not in docs/configuration.md";
  for (const std::string& key : documented) EXPECT_TRUE(known.contains(key)) << key << " is documented but unknown";
}

}  // namespace
}  // namespace sluice
