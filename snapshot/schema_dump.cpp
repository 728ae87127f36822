#include "snapshot/schema_dump.hpp"

#include <cstdlib>
#include <vector>

#include "common/child_connection.hpp"
#include "common/ephemeral_cluster.hpp"
#include "common/subprocess.hpp"
#include "common/text.hpp"

namespace sluice::snapshot {
namespace fs = std::filesystem;

namespace {

Expected<PgDump> probe(const fs::path& path) {
  auto result = runProcess({path.string(), "--version"});
  if (!result) return result.takeError();
  if (!result->success()) return Error(ErrorCode::Input, path.string() + " --version failed");
  PgDump dump;
  dump.path = path;
  dump.version = std::string(trim(result->out));
  // "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
  std::size_t paren = dump.version.find(") ");
  if (paren != std::string::npos)
    dump.major = static_cast<int>(std::strtol(dump.version.c_str() + paren + 2, nullptr, 10));
  return dump;
}

}  // namespace

Expected<PgDump> findPgDump(int serverVersionNum) {
  int serverMajor = serverVersionNum / 10000;
  std::vector<fs::path> candidates;
  if (const char* dir = std::getenv("SLUICE_PG_BINDIR"); dir != nullptr && *dir != '\0') {
    candidates.push_back(fs::path(dir) / "pg_dump");
  }
  candidates.push_back(fs::path("/usr/lib/postgresql") / std::to_string(serverMajor) / "bin" / "pg_dump");
  if (auto onPath = findExecutable("pg_dump")) candidates.push_back(*onPath);
  if (auto bin = findPostgresBinDir()) candidates.push_back(*bin / "pg_dump");
  std::string seen;
  std::error_code ec;
  for (const fs::path& candidate : candidates) {
    if (!fs::exists(candidate, ec)) continue;
    auto dump = probe(candidate);
    if (!dump) continue;
    if (dump->major >= serverMajor) return dump;
    seen += (seen.empty() ? "" : ", ") + candidate.string() + " is version " + std::to_string(dump->major);
  }
  return Error(ErrorCode::Input,
               "no pg_dump for PostgreSQL " + std::to_string(serverMajor) + " found" +
                   (seen.empty() ? std::string() : " (" + seen + ")"),
               "install the PostgreSQL " + std::to_string(serverMajor) +
                   " client tools, or point SLUICE_PG_BINDIR at their bin directory");
}

Expected<std::string> dumpSchemaSection(const PgDump& pgDump, const ConnectionSettings& settings,
                                        const std::string& exportedSnapshot, const std::string& section,
                                        Duration lockWait) {
  auto connection = ChildConnection::create(settings);
  if (!connection) return connection.takeError();
  std::vector<std::string> argv{pgDump.path.string(),
                                "--section=" + section,
                                "--snapshot=" + exportedSnapshot,
                                "--no-password",
                                "--no-subscriptions",
                                "--lock-wait-timeout=" + std::to_string(lockWait.milliseconds()),
                                "--dbname=" + connection->conninfo()};
  auto result = runProcess(argv);
  if (!result) return result.takeError();
  if (!result->success()) {
    std::string message = settings.scrub(std::string(trim(result->err)));
    ErrorCode code =
        message.find("could not obtain lock") != std::string::npos ? ErrorCode::LockNotObtained : ErrorCode::Input;
    return Error(
        code, "pg_dump --section=" + section + " failed: " + message,
        code == ErrorCode::LockNotObtained ? "another session holds a conflicting lock; retry when it is done" : "");
  }
  return stripMetaCommands(result->out);
}

std::string stripMetaCommands(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t start = 0;
  while (start < sql.size()) {
    std::size_t end = sql.find('\n', start);
    std::size_t next = end == std::string_view::npos ? sql.size() : end + 1;
    std::string_view line = sql.substr(start, next - start);
    if (!line.starts_with("\\restrict ") && !line.starts_with("\\unrestrict ")) out.append(line);
    start = next;
  }
  return out;
}

}  // namespace sluice::snapshot
