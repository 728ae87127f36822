#include "linter/config.hpp"

#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/engine.hpp"
#include "rules/registry.hpp"

namespace sluice {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  Expected<Config> load(const std::string& text) {
    auto path = dir_.path() / ".sluice.toml";
    EXPECT_TRUE(writeFileAtomically(path, text).ok());
    return loadConfig(path, ruleMetas(rules::allRules()));
  }
  TempDir dir_ = std::move(TempDir::create("sluice-config-").value());
};

TEST_F(ConfigTest, ReadsSeveritiesAndSettings) {
  auto config =
      load("pg_version = 12\nfail_on = \"warning\"\nexclude = [\"old/**\"]\n[rules]\ndrop-table = \"warning\"\n");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->pgVersion, 12);
  EXPECT_EQ(config->failOn, Severity::Warning);
  EXPECT_EQ(config->exclude.size(), 1U);
  EXPECT_EQ(config->rules.at("drop-table").severity, Severity::Warning);
}

TEST_F(ConfigTest, UnknownRuleSuggestsTheClosestName) {
  auto config = load("[rules]\ndrop-tabel = \"off\"\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::Config);
  EXPECT_NE(config.error().hint.find("drop-table"), std::string::npos);
  EXPECT_NE(config.error().location.find(".sluice.toml:2:1"), std::string::npos) << config.error().location;
}

TEST_F(ConfigTest, UnknownKeySuggestsTheClosestKey) {
  auto config = load("pg_verison = 14\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().hint.find("pg_version"), std::string::npos);
}

TEST_F(ConfigTest, UnknownKeyInASectionIsAnError) {
  auto config = load("[deploy]\nlock_timeot = \"5s\"\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("deploy.lock_timeot"), std::string::npos);
  EXPECT_NE(config.error().hint.find("lock_timeout"), std::string::npos);
}

TEST_F(ConfigTest, WrongValueTypeIsAnError) {
  auto config = load("pg_version = \"15\"\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("must be an integer"), std::string::npos);
}

TEST_F(ConfigTest, BadSeverityIsAnError) {
  auto config = load("[rules]\ndrop-table = \"loud\"\n");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("unknown severity"), std::string::npos);
}

TEST_F(ConfigTest, IsFoundUpwardFromALintedPath) {
  ASSERT_TRUE(writeFileAtomically(dir_.path() / ".sluice.toml", "").ok());
  std::filesystem::create_directories(dir_.path() / "a" / "b");
  auto found = findConfig(dir_.path() / "a" / "b");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(*found, dir_.path() / ".sluice.toml");
}

}  // namespace
}  // namespace sluice
