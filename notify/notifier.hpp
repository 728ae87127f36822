#pragma once
// Sends an event to every [[notify.webhook]] that wants it. Delivery is best effort: a
// webhook that cannot be reached after its retries becomes a warning for the report and
// the audit log, never an error, and the caller sends only once the command's outcome
// is settled (after a restore, never before), so a slow receiver delays nothing that
// matters.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "config/settings.hpp"
#include "notify/event.hpp"

namespace sluice::notify {

class Notifier {
 public:
  // Reads each webhook's secret (secret_file, else the variable secret_env names): a
  // missing one is a Config error, reported before the command touches a database.
  // The project defaults to the configuration folder's name.
  static Expected<Notifier> create(const config::NotifySection& section, const std::filesystem::path& baseDir);

  [[nodiscard]] bool wants(EventKind kind) const;
  // Fills in project, host and time, delivers, and returns one warning per webhook that
  // did not take it ("notification deploy-failed to webhook 1 failed: ...").
  std::vector<std::string> send(Event event) const;

 private:
  struct Target {
    config::Webhook webhook;
    std::optional<Secret> secret;
    std::size_t number = 0;  // 1-based, as [[notify.webhook]] tables are counted in errors
    [[nodiscard]] bool wants(EventKind kind) const;
  };
  std::vector<Target> targets_;
  std::string project_;
};

// The delay before retry `attempt` (1-based): 0.5 s, 1 s, 2 s, ... at most 8 s.
std::chrono::milliseconds backoff(int attempt);

}  // namespace sluice::notify
