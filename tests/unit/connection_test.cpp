// Connection strings: every form libpq accepts is parsed by libpq, the password comes
// out as a Secret, and nothing that describes the target or a failure holds it.
#include "common/connection.hpp"

#include <gtest/gtest.h>
#include <sstream>

#include "common/secret.hpp"
#include "common/subprocess.hpp"
#include "tests/support/percent_encoding.hpp"

namespace sluice {
namespace {

using testing::percentEncodeAll;

// Contains ' \ @ : and words that appear nowhere else, so that a leak of any part shows.
constexpr const char* kSecret = "qZtPw'xKvRn\\yHmLs@jBcDf:uGrNe";
const std::vector<std::string> kSecretParts{"qZtPw", "xKvRn", "yHmLs", "jBcDf", "uGrNe"};

std::string quotedKeyword(std::string_view text) { return quoteConninfoValue(text); }

void expectNoSecret(const std::string& text, const std::string& form) {
  for (const std::string& part : kSecretParts) {
    EXPECT_EQ(text.find(part), std::string::npos)
        << "`" << part << "` of the password in: " << text << "\n  from " << form;
  }
}

struct Form {
  std::string text;
  std::string user;  // what describe() must name
  std::string host;
  std::string database;
};

std::vector<Form> passwordForms() {
  std::string encoded = percentEncodeAll(kSecret);
  return {
      {"postgresql://app:" + encoded + "@db.internal:5433/shop", "app", "db.internal:5433", "shop"},
      {"postgres://app:" + encoded + "@db.internal:5433/shop", "app", "db.internal:5433", "shop"},
      {"POSTGRESQL://app:" + encoded + "@db.internal:5433/shop", "app", "db.internal:5433", "shop"},
      {"PostGres://app:" + encoded + "@db.internal:5433/shop", "app", "db.internal:5433", "shop"},
      {"postgresql://app@db.internal:5433/shop?password=" + encoded, "app", "db.internal:5433", "shop"},
      {"postgresql://app:decoy@db.internal:5433/shop?password=first&password=" + encoded, "app", "db.internal:5433",
       "shop"},
      {"postgresql://app:" + encoded + "@db.internal:5433/shop?schema=app&sslmode=disable", "app", "db.internal:5433",
       "shop"},
      {"host=db.internal port=5433 dbname=shop user=app password=" + quotedKeyword(kSecret), "app", "db.internal:5433",
       "shop"},
      {"host = db.internal port= 5433  dbname =shop user = app password =  " + quotedKeyword(kSecret), "app",
       "db.internal:5433", "shop"},
      {"password=" + quotedKeyword(kSecret) + " password=" + quotedKeyword(kSecret) +
           " host=db.internal port=5433 dbname=shop user=app",
       "app", "db.internal:5433", "shop"},
  };
}

TEST(Connection, EveryFormLibpqKnowsYieldsThePasswordAsASecretAndDescribesTheTargetWithoutIt) {
  for (const Form& form : passwordForms()) {
    auto settings = ConnectionSettings::parse(form.text);
    ASSERT_TRUE(settings.ok()) << form.text << ": " << settings.error().message;
    ASSERT_NE(settings->password(), nullptr) << form.text;
    EXPECT_EQ(settings->password()->reveal(), kSecret) << form.text;
    EXPECT_EQ(settings->describe(), form.user + "@" + form.host + "/" + form.database) << form.text;
    expectNoSecret(settings->describe(), form.text);
    expectNoSecret(settings->keywordString(), form.text);
    std::ostringstream printed;
    printed << *settings->password();
    EXPECT_EQ(printed.str(), "***");
    // libpq's and the server's texts lose the password in every spelling.
    std::string message =
        std::string("could not translate host name \"") + kSecret + "\" (" + percentEncodeAll(kSecret) + ")";
    EXPECT_EQ(settings->scrub(message), "could not translate host name \"***\" (***)");
  }
}

TEST(Connection, SslPasswordIsASecretToo) {
  auto settings = ConnectionSettings::parse("postgresql://app@db/shop?sslpassword=" + percentEncodeAll(kSecret));
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  expectNoSecret(settings->describe() + settings->keywordString(), "sslpassword");
  EXPECT_EQ(settings->scrub(kSecret), "***");
  bool passed = false;
  for (const auto& [keyword, value] : settings->revealForLibpq())
    passed = passed || (keyword == "sslpassword" && value == kSecret);
  EXPECT_TRUE(passed) << "libpq still receives the sslpassword";
}

TEST(Connection, AnUnencodedAtOrSlashInAUrlPasswordIsRefusedWithoutQuotingIt) {
  // libpq splits these at the wrong place: the rest of the password becomes the host,
  // the port or the database name, which its messages would quote.
  for (const std::string& text : {std::string("postgresql://app:") + kSecret + "@db.internal/shop",
                                  std::string("postgres://app:qZtPw/xKvRn@db.internal/shop"),
                                  std::string("postgres://app:12/qZtPw@db.internal/shop")}) {
    auto settings = ConnectionSettings::parse(text);
    ASSERT_FALSE(settings.ok()) << text << " -> " << settings->describe();
    EXPECT_EQ(settings.error().code, ErrorCode::Usage);
    expectNoSecret(settings.error().message + settings.error().hint, text);
    EXPECT_NE(settings.error().hint.find("percent-encode"), std::string::npos) << settings.error().hint;
  }
}

TEST(Connection, StringsLibpqRejectsAreRefusedWithoutQuotingThem) {
  for (const std::string& text :
       {std::string("host=db qZtPw'xKvRn"), std::string("postgresql://[::1/qZtPw"),
        std::string("password='qZtPw xKvRn"), std::string("postgresql://app:qZtPw@db/x?a=1=xKvRn")}) {
    auto settings = ConnectionSettings::parse(text);
    ASSERT_FALSE(settings.ok()) << text;
    EXPECT_EQ(settings.error().code, ErrorCode::Usage);
    expectNoSecret(settings.error().message, text);
  }
  // A parameter's name is worth showing, and is no secret.
  auto unknown = ConnectionSettings::parse("postgresql://db/x?sslmod=require");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("\"sslmod\""), std::string::npos) << unknown.error().message;
}

TEST(Connection, EnvironmentPasswordsAreScrubbedAndPgpasswordCounts) {
  ::setenv("PGPASSWORD", "pgPwd-qZtPw", 1);
  ::setenv("DATABASE_PASSWORD", "dbPwd-xKvRn", 1);
  auto settings = ConnectionSettings::parse("postgresql://app@db/shop");
  ::unsetenv("PGPASSWORD");
  ::unsetenv("DATABASE_PASSWORD");
  ASSERT_TRUE(settings.ok());
  ASSERT_NE(settings->password(), nullptr);
  EXPECT_EQ(settings->password()->reveal(), "pgPwd-qZtPw");
  EXPECT_EQ(settings->scrub("a pgPwd-qZtPw b dbPwd-xKvRn c"), "a *** b *** c");
  settings->addScrubbed(Secret("from-passfile-yHmLs"));
  EXPECT_EQ(settings->scrub("x from-passfile-yHmLs"), "x ***");
}

TEST(Connection, ChildProcessesNeverInheritSecretVariables) {
  ::setenv("PGPASSWORD", "pgPwd-qZtPw", 1);
  ::setenv("SLUICE_SNAPSHOT_KEY", "key-xKvRn", 1);
  ::setenv("DATABASE_URL", "postgresql://app:yHmLs@db/shop", 1);
  ::setenv("DATABASE_PASSWORD", "jBcDf", 1);
  auto result = runProcess({"env"});
  for (const char* name : {"PGPASSWORD", "SLUICE_SNAPSHOT_KEY", "DATABASE_URL", "DATABASE_PASSWORD"}) ::unsetenv(name);
  ASSERT_TRUE(result.ok());
  expectNoSecret(result->out, "the environment of a child");
  EXPECT_EQ(result->out.find("SLUICE_SNAPSHOT_KEY"), std::string::npos) << result->out;
}

TEST(Connection, AVariableNamedAsSecretIsKeptFromChildrenToo) {
  ::setenv("APP_DATABASE_URL", "postgresql://app:wQpZr@db/shop", 1);
  auto before = runProcess({"env"});
  treatAsSecretVariable("APP_DATABASE_URL");
  auto after = runProcess({"env"});
  ::unsetenv("APP_DATABASE_URL");
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(after.ok());
  EXPECT_NE(before->out.find("APP_DATABASE_URL="), std::string::npos) << "only a variable named as secret is kept out";
  EXPECT_EQ(after->out.find("wQpZr"), std::string::npos) << after->out;
}

TEST(Connection, WithDatabaseKeepsTheSecretOutOfEveryDescription) {
  auto settings = ConnectionSettings::parse("postgresql://app:" + percentEncodeAll(kSecret) + "@db/shop");
  ASSERT_TRUE(settings.ok());
  ConnectionSettings other = settings->withDatabase("scratch");
  EXPECT_EQ(other.describe(), "app@db:5432/scratch");
  ASSERT_NE(other.password(), nullptr);
  EXPECT_EQ(other.password()->reveal(), kSecret);
}

}  // namespace
}  // namespace sluice
