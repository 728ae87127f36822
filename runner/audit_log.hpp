#pragma once
// `--audit-log PATH`: one JSON line appended (and fsynced) per runner operation, with
// who (OS user and host, database user), what (command, migrations and their results),
// when (UTC), how long and the outcome. The connection target is written with its
// password masked; no password is ever written.

#include <filesystem>
#include <optional>
#include <string>

#include "common/error.hpp"
#include "runner/report.hpp"
#include "runner/status.hpp"

namespace sluice {

std::string auditLine(const RunReport& report);
Status appendAuditLog(const std::filesystem::path& path, const RunReport& report);

// The newest restore point (`--safety restore-point`) recorded in the audit log, for
// `sluice status`; nullopt when there is none or the log cannot be read.
std::optional<RestorePointRecord> lastRestorePoint(const std::filesystem::path& path);

}  // namespace sluice
