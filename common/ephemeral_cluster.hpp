#pragma once
// A throwaway PostgreSQL cluster for `--ephemeral`, `sluice verify` and the integration
// tests: initdb into a temporary directory, a free port, a Unix socket inside that
// directory, the server run as an unprivileged user when sluice runs as root.
//
// Removal is guaranteed by a watchdog process started with the cluster: it waits for
// sluice to close a pipe (normal shutdown) or to die (error, Ctrl-C, even SIGKILL),
// then stops the server and deletes the directory. So no exit path leaves a server or
// data behind.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"

namespace sluice {

struct EphemeralClusterOptions {
  // Server binaries; default: $SLUICE_PG_BINDIR, `pg_config --bindir`, then the newest
  // /usr/lib/postgresql/<N>/bin that has initdb.
  std::optional<std::filesystem::path> binDir;
  // Extra server settings (`-c name=value`).
  std::vector<std::pair<std::string, std::string>> settings;
  // Durability off (fsync, synchronous_commit, full_page_writes): throwaway data.
  bool fast = true;
  // Authentication for TCP connections (the Unix socket always trusts): "trust", or
  // "scram-sha-256" to test real credentials.
  std::string hostAuth = "trust";
  // Where the temporary directory goes; default $TMPDIR or /tmp.
  std::filesystem::path parent;
};

class EphemeralCluster {
 public:
  static Expected<EphemeralCluster> start(const EphemeralClusterOptions& options = {});

  EphemeralCluster(EphemeralCluster&& other) noexcept;
  EphemeralCluster& operator=(EphemeralCluster&& other) noexcept;
  EphemeralCluster(const EphemeralCluster&) = delete;
  EphemeralCluster& operator=(const EphemeralCluster&) = delete;
  ~EphemeralCluster();

  // libpq keyword connection string for a database of the cluster (superuser, no password).
  [[nodiscard]] std::string conninfo(const std::string& database = "postgres") const;
  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] const std::filesystem::path& directory() const { return directory_; }
  [[nodiscard]] const std::filesystem::path& socketDirectory() const { return socketDir_; }
  [[nodiscard]] const std::filesystem::path& binDir() const { return binDir_; }
  [[nodiscard]] const std::string& superuser() const { return superuser_; }
  [[nodiscard]] pid_t postmasterPid() const { return postmasterPid_; }

  // Creates a database (optionally as a copy of `templateDatabase`).
  Status createDatabase(const std::string& name, const std::string& templateDatabase = {}) const;

  // Stops the server and removes the directory now (the destructor does it otherwise).
  void stop();

 private:
  EphemeralCluster() = default;

  std::filesystem::path directory_;
  std::filesystem::path socketDir_;
  std::filesystem::path binDir_;
  std::string superuser_;
  int port_ = 0;
  pid_t postmasterPid_ = -1;
  pid_t watchdogPid_ = -1;
  int watchdogPipe_ = -1;  // closing it tells the watchdog to clean up
};

// Where the server binaries are (see EphemeralClusterOptions::binDir).
Expected<std::filesystem::path> findPostgresBinDir();

}  // namespace sluice
