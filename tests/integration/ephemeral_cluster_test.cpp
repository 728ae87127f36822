#include "common/ephemeral_cluster.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>

#include "common/connection.hpp"
#include "common/pg_session.hpp"
#include "tests/support/test_cluster.hpp"
#include "tests/support/wait_for.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

TEST(EphemeralCluster, StartsAServerThatAcceptsConnectionsAndRemovesItWhenDone) {
  fs::path directory;
  {
    auto cluster = EphemeralCluster::start();
    ASSERT_TRUE(cluster.ok()) << cluster.error().message;
    directory = cluster->directory();
    EXPECT_TRUE(fs::exists(directory / "data" / "PG_VERSION"));
    ConnectionSettings settings = ConnectionSettings::fromString(cluster->conninfo());
    EXPECT_EQ(querySingle(settings, "SELECT current_setting('fsync')"), "off");
    ASSERT_TRUE(cluster->createDatabase("second").ok());
    EXPECT_EQ(querySingle(settings.withDatabase("second"), "SELECT current_database()"), "second");
  }
  EXPECT_FALSE(fs::exists(directory)) << "the cluster directory must be removed";
}

TEST(EphemeralCluster, IsRemovedEvenWhenItsOwnerIsKilled) {
  int ready[2];
  ASSERT_EQ(::pipe2(ready, O_CLOEXEC), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(ready[0]);
    auto cluster = EphemeralCluster::start();
    std::string message = cluster ? cluster->directory().string() + "\n" + std::to_string(cluster->postmasterPid())
                                  : std::string("failed");
    (void)!::write(ready[1], message.data(), message.size());
    ::close(ready[1]);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(ready[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<size_t>(n));
  ::close(ready[0]);
  ASSERT_NE(message, "failed");
  fs::path directory = message.substr(0, message.find('\n'));
  pid_t postmaster = std::stoi(message.substr(message.find('\n') + 1));
  ASSERT_TRUE(fs::exists(directory));
  ASSERT_EQ(::kill(postmaster, 0), 0) << "the server should be running";

  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_TRUE(waitFor([&] { return !fs::exists(directory); }, std::chrono::seconds(20)))
      << "the watchdog must remove " << directory;
  EXPECT_TRUE(waitFor([&] { return ::kill(postmaster, 0) != 0; }, std::chrono::seconds(5)))
      << "the watchdog must stop the server";
}

TEST(Connection, WrongPasswordIsUnreachableAndNeverPrintsThePassword) {
  EphemeralClusterOptions options;
  options.hostAuth = "scram-sha-256";
  auto cluster = EphemeralCluster::start(options);
  ASSERT_TRUE(cluster.ok()) << cluster.error().message;
  execute(ConnectionSettings::fromString(cluster->conninfo()), "CREATE ROLE app LOGIN PASSWORD 'right-secret'");
  std::string url = "postgresql://app:s3cr3t-w0rd@localhost:" + std::to_string(cluster->port()) + "/postgres";
  auto connection = PgSession::open(ConnectionSettings::fromString(url), "t");
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code, ErrorCode::Unreachable);
  EXPECT_EQ(connection.error().message.find("s3cr3t-w0rd"), std::string::npos) << connection.error().message;
  // The target is described from the parsed settings, never by the string given.
  EXPECT_NE(connection.error().message.find("app@localhost:" + std::to_string(cluster->port()) + "/postgres"),
            std::string::npos)
      << connection.error().message;
  EXPECT_NE(connection.error().hint.find("password"), std::string::npos) << connection.error().hint;

  auto right = PgSession::open(ConnectionSettings::fromString("postgresql://app:right-secret@localhost:" +
                                                              std::to_string(cluster->port()) + "/postgres"),
                               "t");
  EXPECT_TRUE(right.ok()) << (right.ok() ? "" : right.error().message);
}

TEST(Connection, UnknownDatabaseSaysSo) {
  EphemeralCluster& cluster = testCluster();
  auto connection = PgSession::open(ConnectionSettings::fromString(cluster.conninfo("no_such_db")), "t");
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code, ErrorCode::Unreachable);
  EXPECT_NE(connection.error().hint.find("create the database"), std::string::npos) << connection.error().hint;
}

TEST(Connection, EnvironmentVariablesBuildTheConnection) {
  ::setenv("DATABASE_HOST", "db.internal", 1);
  ::setenv("DATABASE_NAME", "app", 1);
  ::setenv("DATABASE_USER", "deploy", 1);
  ::setenv("DATABASE_PASSWORD", "p'ss w\\rd", 1);
  ::unsetenv("DATABASE_URL");
  auto settings = ConnectionSettings::resolve(std::nullopt);
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->database(), "app");
  EXPECT_NE(settings->keywordString().find("port='5432'"), std::string::npos);
  EXPECT_EQ(settings->describe(), "deploy@db.internal:5432/app");
  EXPECT_EQ(settings->keywordString().find("p'ss"), std::string::npos) << settings->keywordString();
  ASSERT_NE(settings->password(), nullptr);
  EXPECT_EQ(settings->password()->reveal(), "p'ss w\\rd");
  for (const char* name : {"DATABASE_HOST", "DATABASE_NAME", "DATABASE_USER", "DATABASE_PASSWORD"}) ::unsetenv(name);
  EXPECT_FALSE(ConnectionSettings::resolve(std::nullopt).ok());
}

TEST(Connection, RefusedConnectionsSayWhatToCheck) {
  auto connection =
      PgSession::open(ConnectionSettings::fromString("host=127.0.0.1 port=1 dbname=x connect_timeout=2"), "t");
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code, ErrorCode::Unreachable);
  EXPECT_NE(connection.error().hint.find("is the server running"), std::string::npos) << connection.error().message;
}

}  // namespace
}  // namespace sluice::testing
