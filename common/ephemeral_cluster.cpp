#include "common/ephemeral_cluster.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <fstream>
#include <thread>

#include "common/connection.hpp"
#include "common/local_port.hpp"
#include "common/subprocess.hpp"
#include "common/temp_dir.hpp"

namespace sluice {
namespace fs = std::filesystem;

namespace {

// The unprivileged account the server runs as when sluice runs as root (initdb and
// postgres refuse to run as root).
std::optional<std::string> serverUser() {
  if (::geteuid() != 0) return std::nullopt;
  for (const char* candidate : {"postgres", "nobody"}) {
    if (::getpwnam(candidate) != nullptr) return std::string(candidate);
  }
  return std::string("nobody");
}

Status chownRecursive(const fs::path& path, const std::string& user) {
  struct passwd* entry = ::getpwnam(user.c_str());
  if (entry == nullptr) return Error(ErrorCode::Io, "no such user: " + user);
  if (::chown(path.c_str(), entry->pw_uid, entry->pw_gid) != 0) {
    return Error(ErrorCode::Io, "cannot hand " + path.string() + " to user " + user + ": " + std::strerror(errno));
  }
  return {};
}

std::string tail(const std::string& text, std::size_t lines) {
  std::size_t at = text.size();
  for (std::size_t seen = 0; at > 0 && seen <= lines; --at) {
    if (text[at - 1] == '\n') ++seen;
  }
  return text.substr(at);
}

// Waits for EOF on stdin (sluice closed the pipe or died), then stops the postmaster
// whose pid is in the data directory and removes the cluster directory. A shell script
// because it must outlive sluice and must not depend on sluice's state.
constexpr const char* kWatchdogScript = R"sh(
cat >/dev/null
pid=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  kill -QUIT "$pid" 2>/dev/null
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
  kill -KILL "$pid" 2>/dev/null
fi
rm -rf "$1"
)sh";

}  // namespace

Expected<fs::path> findPostgresBinDir() {
  auto hasInitdb = [](const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "initdb", ec) && fs::exists(dir / "pg_ctl", ec);
  };
  if (const char* dir = std::getenv("SLUICE_PG_BINDIR"); dir != nullptr && *dir != '\0') {
    if (hasInitdb(dir)) return fs::path(dir);
    return Error(ErrorCode::Input, std::string("SLUICE_PG_BINDIR=") + dir + " has no initdb/pg_ctl");
  }
  if (findExecutable("pg_config")) {
    auto result = runProcess({"pg_config", "--bindir"});
    if (result && result->success()) {
      std::string dir = result->out;
      while (!dir.empty() && (dir.back() == '\n' || dir.back() == '\r')) dir.pop_back();
      if (hasInitdb(dir)) return fs::path(dir);
    }
  }
  std::optional<fs::path> best;
  int bestVersion = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    // Version directories are plain numbers ("15"); anything else parses as 0 and is skipped.
    int version = 0;
    const std::string name = entry.path().filename().string();
    std::from_chars(name.data(), name.data() + name.size(), version);
    if (version > bestVersion && hasInitdb(entry.path() / "bin")) {
      bestVersion = version;
      best = entry.path() / "bin";
    }
  }
  if (best) return *best;
  return Error(ErrorCode::Input, "cannot find the PostgreSQL server binaries (initdb, pg_ctl)",
               "install postgresql-15 (ci/setup does) or set SLUICE_PG_BINDIR");
}

Expected<EphemeralCluster> EphemeralCluster::start(const EphemeralClusterOptions& options) {
  EphemeralCluster cluster;
  if (options.binDir) {
    cluster.binDir_ = *options.binDir;
  } else {
    auto bin = findPostgresBinDir();
    if (!bin) return bin.takeError();
    cluster.binDir_ = *bin;
  }
  auto temp = TempDir::create("sluice-pg-", options.parent);
  if (!temp) return temp.takeError();
  cluster.directory_ = temp->path();
  cluster.socketDir_ = cluster.directory_ / "socket";
  fs::path data = cluster.directory_ / "data";
  std::error_code ec;
  fs::create_directories(cluster.socketDir_, ec);

  // From here on the watchdog owns the directory's removal.
  int pipeFds[2];
  if (::pipe2(pipeFds, O_CLOEXEC) != 0) return Error(ErrorCode::Io, "cannot create a pipe for the cluster watchdog");
  {
    pid_t pid = ::fork();
    if (pid < 0) return Error(ErrorCode::Io, "cannot fork the cluster watchdog");
    if (pid == 0) {
      // Own process group: a Ctrl-C on the terminal must not kill the watchdog.
      ::setpgid(0, 0);
      ::dup2(pipeFds[0], STDIN_FILENO);
      int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0) {
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
      }
      // The watchdog outlives sluice: it must hold none of sluice's other descriptors.
      ::close_range(3, ~0U, 0);
      ::execl("/bin/sh", "sh", "-c", kWatchdogScript, "sluice-cluster-watchdog", cluster.directory_.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(pipeFds[0]);
    cluster.watchdogPid_ = pid;
    cluster.watchdogPipe_ = pipeFds[1];
    temp->keep();
  }

  std::optional<std::string> user = serverUser();
  if (user) {
    for (const fs::path& dir : {cluster.directory_, cluster.socketDir_}) {
      if (auto status = chownRecursive(dir, *user); !status) return status.takeError();
    }
  }
  cluster.superuser_ = user.value_or([] {
    struct passwd* entry = ::getpwuid(::geteuid());
    return std::string(entry != nullptr ? entry->pw_name : "postgres");
  }());

  SpawnOptions spawn;
  spawn.runAsUser = user;
  spawn.cwd = cluster.directory_;
  spawn.newProcessGroup = true;
  spawn.unsetEnv = {"PGDATA", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSWORD"};
  auto initdb = runProcess(
      {(cluster.binDir_ / "initdb").string(), "-D", data.string(), "--auth-local=trust",
       "--auth-host=" + options.hostAuth, "--no-sync", "-U", cluster.superuser_, "--encoding=UTF8", "--locale=C.UTF-8"},
      spawn);
  if (!initdb) return initdb.takeError();
  if (!initdb->success()) {
    return Error(ErrorCode::Io, "initdb failed: " + tail(initdb->err + initdb->out, 5),
                 "check that the PostgreSQL server package is installed and the temp directory is writable");
  }

  std::string serverOptions =
      "-c listen_addresses=localhost -c unix_socket_directories='" + cluster.socketDir_.string() + "'";
  if (options.fast) serverOptions += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  for (const auto& [name, value] : options.settings) serverOptions += " -c " + name + "=" + value;

  // A port can be taken between choosing and binding it; try a few.
  std::string lastError;
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto port = freeLocalPort();
    if (!port) return port.takeError();
    cluster.port_ = *port;
    auto started = runProcess({(cluster.binDir_ / "pg_ctl").string(), "-D", data.string(), "-w", "-t", "60", "-l",
                               (cluster.directory_ / "server.log").string(), "-o",
                               serverOptions + " -p " + std::to_string(cluster.port_), "start"},
                              spawn);
    if (!started) return started.takeError();
    if (started->success()) {
      std::ifstream pidFile(data / "postmaster.pid");
      pidFile >> cluster.postmasterPid_;
      return cluster;
    }
    std::ifstream log(cluster.directory_ / "server.log");
    std::string logText((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    lastError = tail(logText, 5) + tail(started->err, 3);
    if (lastError.find("could not bind") == std::string::npos && lastError.find("in use") == std::string::npos) break;
  }
  return Error(ErrorCode::Io, "the throwaway PostgreSQL server did not start: " + lastError,
               "see the server log above; a full disk or missing shared memory are common causes");
}

EphemeralCluster::EphemeralCluster(EphemeralCluster&& other) noexcept
    : directory_(std::exchange(other.directory_, {})),
      socketDir_(std::exchange(other.socketDir_, {})),
      binDir_(std::exchange(other.binDir_, {})),
      superuser_(std::exchange(other.superuser_, {})),
      port_(std::exchange(other.port_, 0)),
      postmasterPid_(std::exchange(other.postmasterPid_, -1)),
      watchdogPid_(std::exchange(other.watchdogPid_, -1)),
      watchdogPipe_(std::exchange(other.watchdogPipe_, -1)) {}

EphemeralCluster& EphemeralCluster::operator=(EphemeralCluster&& other) noexcept {
  if (this != &other) {
    stop();
    directory_ = std::exchange(other.directory_, {});
    socketDir_ = std::exchange(other.socketDir_, {});
    binDir_ = std::exchange(other.binDir_, {});
    superuser_ = std::exchange(other.superuser_, {});
    port_ = std::exchange(other.port_, 0);
    postmasterPid_ = std::exchange(other.postmasterPid_, -1);
    watchdogPid_ = std::exchange(other.watchdogPid_, -1);
    watchdogPipe_ = std::exchange(other.watchdogPipe_, -1);
  }
  return *this;
}

EphemeralCluster::~EphemeralCluster() { stop(); }

void EphemeralCluster::stop() {
  if (watchdogPipe_ >= 0) {
    ::close(watchdogPipe_);
    watchdogPipe_ = -1;
  }
  if (watchdogPid_ > 0) {
    while (::waitpid(watchdogPid_, nullptr, 0) < 0 && errno == EINTR) {
    }
    watchdogPid_ = -1;
  }
  postmasterPid_ = -1;
}

std::string EphemeralCluster::conninfo(const std::string& database) const {
  return "host=" + quoteConninfoValue(socketDir_.string()) + " port=" + std::to_string(port_) +
         " user=" + quoteConninfoValue(superuser_) + " dbname=" + quoteConninfoValue(database);
}

Status EphemeralCluster::createDatabase(const std::string& name, const std::string& templateDatabase) const {
  std::vector<std::string> argv{(binDir_ / "createdb").string(), "-h", socketDir_.string(), "-p",
                                std::to_string(port_),           "-U", superuser_};
  if (!templateDatabase.empty()) {
    argv.emplace_back("-T");
    argv.push_back(templateDatabase);
  }
  argv.push_back(name);
  auto result = runProcess(argv);
  if (!result) return result.takeError();
  if (!result->success()) return Error(ErrorCode::Io, "createdb " + name + " failed: " + result->err);
  return {};
}

}  // namespace sluice
