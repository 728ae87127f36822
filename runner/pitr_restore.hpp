#pragma once
// `sluice pitr restore NAME`: the recovery that deploy prints after a failure in
// restore-point mode, carried out for a cluster sluice may stop and start: stop the
// server, `pgbackrest restore --type=name --target=NAME --target-action=promote --delta`,
// start it, wait until recovery has promoted, and verify that it is a primary again.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "common/connection.hpp"
#include "common/error.hpp"
#include "runner/pitr_archive.hpp"

namespace sluice {

struct PitrRestoreOptions {
  PitrSettings pitr;
  std::string pointName;
  std::filesystem::path dataDir;
  // How to stop and start the server: pg_ctl (PATH) on dataDir, restarted with the
  // options it was started with (postmaster.opts), or a systemd service.
  std::optional<std::filesystem::path> pgCtl;
  std::optional<std::string> service;
  std::optional<std::string> runAs;  // the server's user, for pg_ctl and pgbackrest (as root)
  std::chrono::seconds recoveryTimeout{300};
  const ConnectionSettings* verify = nullptr;  // the database to check afterwards
};

struct PitrRestoreResult {
  std::string timeline;  // the new timeline after promotion
  double seconds = 0;    // stop to promoted
};

// Each step is announced through `note` before it runs.
Expected<PitrRestoreResult> pitrRestore(const PitrRestoreOptions& options,
                                        const std::function<void(const std::string&)>& note);

}  // namespace sluice
