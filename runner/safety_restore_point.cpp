#include "runner/safety_restore_point.hpp"

#include <chrono>
#include <ctime>
#include <map>

#include "common/pg_session.hpp"

namespace sluice {
namespace {

// The deploy's id in the point's name: its start, to the second, in UTC
// ("sluice-20250131T120000Z"): sortable, unique per database in practice, and a valid
// recovery_target_name.
std::string restorePointName() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "sluice-%Y%m%dT%H%M%SZ", &utc);
  return text;
}

class RestorePointHook final : public SnapshotHook {
 public:
  RestorePointHook(PitrSettings settings, std::ostream* progress)
      : settings_(std::move(settings)), progress_(progress) {}

  [[nodiscard]] std::string describe() const override {
    return "restore point in the WAL archive (pgBackRest stanza " +
           (settings_.stanza.empty() ? std::string("not configured") : settings_.stanza) +
           "): a failure after a migration committed ends with the exact point-in-time recovery to run";
  }
  [[nodiscard]] bool enabled() const override { return true; }

  Expected<SnapshotRef> take(const SnapshotRequest& request) override {
    auto session = PgSession::open(*request.settings, "sluice deploy (restore point)");
    if (!session) return session.takeError();
    std::vector<ArchiveCheck> checks;
    Status ready = checkArchive(*session, settings_, checks);
    for (const ArchiveCheck& check : checks)
      note((check.passed ? "  ok    " : "  FAIL  ") + check.name + ": " + check.detail);
    if (!ready) return ready.error();
    auto point = createRestorePoint(*session, restorePointName(), settings_);
    if (!point) return point.takeError();
    note("restore point " + point->name + " at LSN " + point->lsn + " archived (WAL segment " + point->walFile + ")");
    points_[point->name] = *point;
    SnapshotRef ref;
    ref.id = point->name;
    ref.path = "WAL archive, pgBackRest stanza " + settings_.stanza + ", segment " + point->walFile;
    ref.takenAt = point->createdAt;
    ref.lsn = point->lsn;
    return ref;
  }

  Status restore(const SnapshotRequest&, const SnapshotRef& taken) override {
    return Error(ErrorCode::Unrecoverable, "restore point " + taken.id + " cannot be restored in place",
                 manualRecovery(taken).value_or(""));
  }

  [[nodiscard]] std::string restoreCommand(const SnapshotRef& taken) const override {
    return pgbackrestRestoreCommand(settings_, taken.id);
  }

  [[nodiscard]] std::optional<std::string> manualRecovery(const SnapshotRef& taken) const override {
    auto found = points_.find(taken.id);
    RestorePoint point = found != points_.end() ? found->second : RestorePoint{taken.id, taken.lsn, {}, taken.takenAt};
    return recoveryAdvice(settings_, point);
  }

 private:
  void note(const std::string& line) const {
    if (progress_ != nullptr) *progress_ << line << "\n" << std::flush;
  }

  PitrSettings settings_;
  std::ostream* progress_;
  std::map<std::string, RestorePoint> points_;
};

}  // namespace

std::unique_ptr<SnapshotHook> makeRestorePointHook(PitrSettings settings, std::ostream* progress) {
  return std::make_unique<RestorePointHook>(std::move(settings), progress);
}

SafetyChoice chooseSafety(const ConnectionSettings& database, const PitrSettings& pitr, ByteSize maxSnapshotSize) {
  auto session = PgSession::open(database, "sluice deploy (safety auto)");
  if (!session) return {config::Safety::Snapshot, "auto: the database could not be sized"};
  SqlResult size = session->exec("SELECT pg_database_size(current_database())");
  if (!size.ok()) return {config::Safety::Snapshot, "auto: the database could not be sized"};
  ByteSize bytes(std::stoull(size.value(0, 0)));
  std::string sized = formatByteSize(bytes) + (bytes > maxSnapshotSize ? " > " : " <= ") +
                      "[deploy] max_snapshot_size " + formatByteSize(maxSnapshotSize);
  if (bytes <= maxSnapshotSize) return {config::Safety::Snapshot, "auto: " + sized};
  if (!archiveHealthy(*session, pitr)) {
    return {config::Safety::Snapshot, "auto: " + sized + ", but the WAL archive is not ready for a restore point"};
  }
  return {config::Safety::RestorePoint, "auto: " + sized + " and the WAL archive is healthy"};
}

}  // namespace sluice
