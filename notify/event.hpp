#pragma once
// What a notification tells: one event of a deploy or snapshot command, settled (the
// restore, if any, is over) before anything is sent. The database is named, never its
// connection string.

#include <optional>
#include <string>
#include <string_view>

#include "common/spelling.hpp"

namespace sluice::notify {

enum class EventKind {
  DeployFailed,
  DeploySucceeded,
  Prune,
  RestoreFailed,
  SnapshotCreated,
  SnapshotFailed,
  SnapshotRestored,
};
// The same words as `events` in [[notify.webhook]] (config/keys.cpp).
inline constexpr Spellings<EventKind, 7> kEventNames{{
    {EventKind::DeployFailed, "deploy-failed"},
    {EventKind::DeploySucceeded, "deploy-succeeded"},
    {EventKind::Prune, "prune"},
    {EventKind::RestoreFailed, "restore-failed"},
    {EventKind::SnapshotCreated, "snapshot-created"},
    {EventKind::SnapshotFailed, "snapshot-failed"},
    {EventKind::SnapshotRestored, "snapshot-restored"},
}};
inline std::string_view spell(EventKind value) { return sluice::spell(value, kEventNames); }

struct Event {
  EventKind kind = EventKind::DeploySucceeded;
  std::string project;
  std::string database;   // the database's name only
  std::string migration;  // the failed one, else the last applied; empty when none
  std::string error;      // the error message (secrets scrubbed by whoever made it)
  double durationSeconds = 0;
  std::string snapshot;  // the snapshot's id, when one was taken, restored or pruned
  int exitCode = 0;
  std::string host;
  std::string summary;  // one line for people: "applied 3 migrations", "removed 2 snapshots"
  std::string at;       // UTC, ISO 8601
};

// This machine's name, for Event::host.
std::string hostName();

}  // namespace sluice::notify
