#include "runner/deploy_snapshot.hpp"

#include "runner/interrupt.hpp"
#include "snapshot/snapshot.hpp"

namespace sluice {
namespace {

snapshot::ProgressCallback describedTo(const std::function<void(const std::string&)>& progress) {
  if (!progress) return {};
  return [progress](const snapshot::Progress& p) { progress(snapshot::describeProgress(p)); };
}

class DeploySnapshot final : public SnapshotHook {
 public:
  explicit DeploySnapshot(DeploySnapshotSettings settings) : settings_(std::move(settings)) {}

  [[nodiscard]] std::string describe() const override {
    int level = settings_.compressionLevel > 0 ? settings_.compressionLevel : snapshot::kDefaultCompressionLevel;
    std::string line = "snapshot to " + snapshot::displayLocation(settings_.dir);
    if (!settings_.dirNote.empty()) line += " (" + settings_.dirNote + ")";
    if (settings_.offsite) line += " and " + snapshot::displayLocation(*settings_.offsite);
    line += ", zstd level " + std::to_string(level) + ", ";
    line += settings_.key ? "encrypted" : "not encrypted (no key: SLUICE_SNAPSHOT_KEY or --key-file)";
    return line;
  }

  [[nodiscard]] bool enabled() const override { return true; }

  Expected<SnapshotRef> take(const SnapshotRequest& request) override {
    snapshot::CreateOptions options;
    options.snapshotDir = settings_.dir;
    options.offsite = settings_.offsite;
    options.key = settings_.key;
    options.jobs = settings_.jobs;
    options.progress = describedTo(request.progress);
    if (settings_.compressionLevel > 0) options.compressionLevel = settings_.compressionLevel;
    options.history = {request.historySchema, request.historyName};
    const std::vector<std::string>& pending = request.pendingMigrations;
    options.reason =
        "before deploy of " + std::to_string(pending.size()) + " migration" + (pending.size() == 1 ? "" : "s") +
        (pending.empty() ? std::string() : ": " + pending.front() + (pending.size() > 1 ? ".." + pending.back() : ""));
    auto created = snapshot::createSnapshot(*request.settings, options);
    if (!created) {
      Error error = created.takeError();
      error.message = "the snapshot before the deploy failed, so nothing was applied: " + error.message;
      if (error.hint.empty()) {
        error.hint = "fix the cause and deploy again; --no-snapshot deploys without a snapshot";
      } else {
        error.hint += "; --no-snapshot deploys without a snapshot";
      }
      return error;
    }
    // An unencrypted snapshot is a readable copy of the database's data on this disk:
    // every deploy that writes one says so (a temporary one goes away with the run).
    if (!settings_.key && !settings_.temporary && settings_.warnings != nullptr) {
      *settings_.warnings << snapshot::unencryptedSnapshotWarning(created->id, snapshot::displayLocation(settings_.dir))
                          << "\n";
    }
    return SnapshotRef{created->id, created->path.string(), created->manifest.createdAt, {}};
  }

  Status restore(const SnapshotRequest& request, const SnapshotRef& taken) override {
    // The failure may have come from Ctrl-C: putting the database back must not be
    // cancelled by the same signal.
    RecoveryScope recovering;
    snapshot::RestoreOptions options;
    options.key = settings_.key;
    options.jobs = settings_.jobs;
    options.progress = describedTo(request.progress);
    auto restored = snapshot::restoreSnapshot(*request.settings, taken.path, options);
    if (!restored) return restored.takeError();
    return {};
  }

  [[nodiscard]] std::string restoreCommand(const SnapshotRef& taken) const override {
    if (settings_.temporary) return {};
    std::string command = "sluice snapshot restore " + shellWord(taken.path) + " --yes";
    if (!settings_.retryFlags.empty()) command += " " + settings_.retryFlags;
    return command;
  }

 private:
  DeploySnapshotSettings settings_;
};

}  // namespace

std::string shellWord(std::string_view text) {
  bool plain = !text.empty() && text.find_first_not_of(
                                    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                    "-_./:=@%+,") == std::string_view::npos;
  if (plain) return std::string(text);
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::unique_ptr<SnapshotHook> makeDeploySnapshot(DeploySnapshotSettings settings) {
  return std::make_unique<DeploySnapshot>(std::move(settings));
}

}  // namespace sluice
