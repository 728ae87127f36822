#pragma once
// One throwaway PostgreSQL cluster per integration-test binary, started through the same
// code as `--ephemeral`, and a fresh database per test. A server that cannot start fails
// the tests; it never skips them.

#include <memory>
#include <string>

#include "common/connection.hpp"
#include "common/ephemeral_cluster.hpp"

namespace sluice::testing {

// The cluster (started on first use; stopped when the binary exits).
EphemeralCluster& testCluster();

// Creates a new empty database with a unique name and returns its connection settings.
ConnectionSettings freshDatabase(const std::string& prefix = "test");

// Runs SQL on a database (one simple-query message) and returns the first column of the
// first row, or "" when there is none; throws on error.
std::string querySingle(const ConnectionSettings& settings, const std::string& sql);
void execute(const ConnectionSettings& settings, const std::string& sql);

}  // namespace sluice::testing
