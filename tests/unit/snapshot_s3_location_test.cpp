// s3:// locations and where S3 credentials come from (the requests themselves are
// tested against a real server in tests/integration/snapshot_s3_test.cpp).

#include <gtest/gtest.h>

#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "snapshot/s3_client.hpp"
#include "snapshot/store.hpp"

namespace sluice::snapshot {
namespace {

TEST(S3Location, BucketAndPrefix) {
  auto location = parseS3Location("s3://backups/team/app/");
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->bucket, "backups");
  EXPECT_EQ(location->prefix, "team/app");
  EXPECT_EQ(location->url(), "s3://backups/team/app");
  auto bare = parseS3Location("s3://backups");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->prefix, "");
  EXPECT_FALSE(parseS3Location("s3:///x").ok());
  EXPECT_FALSE(parseS3Location("s3://b/a//c").ok());
  EXPECT_FALSE(isS3Url("/srv/s3://x"));
}

TEST(S3Location, ASnapshotsLocationIsItsStoresPlusItsId) {
  auto located = openSnapshotLocation("/srv/snapshots/20250131T120000Z-3fa2c1");
  ASSERT_TRUE(located.ok());
  EXPECT_EQ(located->name, "20250131T120000Z-3fa2c1");
  EXPECT_EQ(located->store->describe(), "/srv/snapshots");
  EXPECT_EQ(displayLocation("s3://b/p"), "s3://b/p") << "a URL keeps its double slash";
  EXPECT_EQ(displayLocation("a/./b"), "a/b");
}

TEST(S3Credentials, TheEnvironmentFirstThenTheProfileOfTheSharedFile) {
  config::S3Section settings;
  settings.accessKeyId = "AKIDENV";
  settings.secretAccessKey = Secret("env-secret");
  auto fromEnvironment = findS3Credentials(settings);
  ASSERT_TRUE(fromEnvironment.ok());
  EXPECT_EQ(fromEnvironment->accessKeyId, "AKIDENV");

  auto temp = TempDir::create("sluice-s3-credentials-");
  ASSERT_TRUE(temp.ok());
  std::filesystem::path file = temp->path() / "credentials";
  ASSERT_TRUE(writeFileAtomically(file,
                                  "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n"
                                  "# a comment\n[ci]\n  aws_access_key_id=AKIDCI\naws_secret_access_key = s e\n"
                                  "aws_session_token = token\n",
                                  {0600, false})
                  .ok());
  config::S3Section fromFile;
  fromFile.credentialsFile = file;
  auto byDefault = findS3Credentials(fromFile);
  ASSERT_TRUE(byDefault.ok());
  EXPECT_EQ(byDefault->accessKeyId, "AKIDDEFAULT");
  fromFile.profile = "ci";
  auto ci = findS3Credentials(fromFile);
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ(ci->accessKeyId, "AKIDCI");
  EXPECT_EQ(ci->secretAccessKey.reveal(), "s e");
  ASSERT_TRUE(ci->sessionToken.has_value());
  EXPECT_EQ(ci->sessionToken->reveal(), "token");

  fromFile.profile = "nope";
  auto missing = findS3Credentials(fromFile);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::Config);
  EXPECT_NE(missing.error().hint.find("profile `nope`"), std::string::npos);
}

}  // namespace
}  // namespace sluice::snapshot
