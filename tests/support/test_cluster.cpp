#include "tests/support/test_cluster.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <mutex>
#include <stdexcept>

#include "common/pg_session.hpp"

namespace sluice::testing {

EphemeralCluster& testCluster() {
  static std::once_flag once;
  static std::unique_ptr<EphemeralCluster> cluster;
  std::call_once(once, [] {
    auto started = EphemeralCluster::start();
    if (!started) {
      throw std::runtime_error("cannot start the test PostgreSQL cluster: " + started.error().message + " (" +
                               started.error().hint + ")");
    }
    cluster = std::make_unique<EphemeralCluster>(std::move(*started));
  });
  return *cluster;
}

ConnectionSettings freshDatabase(const std::string& prefix) {
  static std::atomic<int> counter{0};
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  if (test != nullptr) {
    std::string suffix = std::string(test->name()).substr(0, 30);
    for (char& c : suffix)
      c = std::isalnum(static_cast<unsigned char>(c)) != 0 ? static_cast<char>(std::tolower(c)) : '_';
    name += "_" + suffix;
  }
  EphemeralCluster& cluster = testCluster();
  auto created = cluster.createDatabase(name);
  if (!created) throw std::runtime_error(created.error().message);
  return ConnectionSettings::fromString(cluster.conninfo(name));
}

namespace {

SqlResult run(const ConnectionSettings& settings, const std::string& sql) {
  auto session = PgSession::open(settings, "sluice-tests");
  if (!session) throw std::runtime_error(session.error().message);
  SqlResult result = session->exec(sql);
  if (!result.ok()) throw std::runtime_error(result.error().summary() + " in: " + sql);
  return result;
}

}  // namespace

std::string querySingle(const ConnectionSettings& settings, const std::string& sql) {
  return run(settings, sql).value(0, 0);
}

void execute(const ConnectionSettings& settings, const std::string& sql) { (void)run(settings, sql); }

}  // namespace sluice::testing
