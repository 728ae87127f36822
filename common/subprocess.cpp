#include "common/subprocess.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace sluice {
namespace {

void closeFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

struct UserIds {
  uid_t uid;
  gid_t gid;
  std::string home;
};

std::optional<UserIds> lookupUser(const std::string& name) {
  struct passwd entry {};
  struct passwd* result = nullptr;
  std::vector<char> buffer(16384);
  if (::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &result) != 0 || result == nullptr) {
    return std::nullopt;
  }
  return UserIds{entry.pw_uid, entry.pw_gid, entry.pw_dir != nullptr ? entry.pw_dir : "/"};
}

// In the child between fork and exec only async-signal-safe calls are allowed, so
// every string is prepared before fork.
[[noreturn]] void childFail(int errorPipe, const char* what) {
  int saved = errno;
  (void)!::write(errorPipe, &saved, sizeof saved);
  (void)!::write(errorPipe, what, std::strlen(what));
  ::_exit(127);
}

}  // namespace

namespace {

std::mutex gNamedSecretsMutex;
std::vector<std::string>& namedSecrets() {
  static std::vector<std::string> names;
  return names;
}

}  // namespace

bool isSecretVariable(std::string_view name) {
  if (std::find(kSecretVariables.begin(), kSecretVariables.end(), name) != kSecretVariables.end()) return true;
  std::lock_guard lock(gNamedSecretsMutex);
  const std::vector<std::string>& named = namedSecrets();
  return std::find(named.begin(), named.end(), name) != named.end();
}

void treatAsSecretVariable(std::string name) {
  std::lock_guard lock(gNamedSecretsMutex);
  namedSecrets().push_back(std::move(name));
}

Expected<ChildProcess> ChildProcess::spawn(const std::vector<std::string>& argv, const SpawnOptions& options) {
  if (argv.empty()) return Error(ErrorCode::Internal, "spawn: empty argv");

  std::optional<UserIds> user;
  if (options.runAsUser) {
    user = lookupUser(*options.runAsUser);
    if (!user) {
      return Error(ErrorCode::Input, "user `" + *options.runAsUser + "` does not exist",
                   "create it or run sluice as an unprivileged user");
    }
  }

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  // The environment is computed before fork for the same reason.
  std::vector<std::string> envStrings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    std::string_view key = entry.substr(0, entry.find('='));
    // Secrets of sluice's own environment never reach a child, whatever it is.
    bool replaced = isSecretVariable(key);
    for (const auto& [k, v] : options.setEnv) replaced = replaced || key == k;
    for (const auto& k : options.unsetEnv) replaced = replaced || key == k;
    if (!replaced) envStrings.emplace_back(entry);
  }
  for (const auto& [k, v] : options.setEnv) envStrings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : envStrings) envp.push_back(s.data());
  envp.push_back(nullptr);

  int inPipe[2] = {-1, -1};
  int outPipe[2] = {-1, -1};
  int errPipe[2] = {-1, -1};
  int execPipe[2] = {-1, -1};
  auto makePipe = [](int fds[2]) { return ::pipe2(fds, O_CLOEXEC) == 0; };
  bool pipesOk = makePipe(execPipe) && (options.stdinMode != StreamMode::Pipe || makePipe(inPipe)) &&
                 (options.stdoutMode != StreamMode::Pipe || makePipe(outPipe)) &&
                 (options.stderrMode != StreamMode::Pipe || makePipe(errPipe));
  if (!pipesOk) {
    for (int* p : {inPipe, outPipe, errPipe, execPipe}) {
      closeFd(p[0]);
      closeFd(p[1]);
    }
    return Error(ErrorCode::Io, std::string("cannot create pipe: ") + std::strerror(errno));
  }
  const char* cwd = options.cwd ? options.cwd->c_str() : nullptr;
  std::string cwdStorage = options.cwd ? options.cwd->string() : std::string();
  if (cwd != nullptr) cwd = cwdStorage.c_str();

  pid_t pid = ::fork();
  if (pid < 0) return Error(ErrorCode::Io, std::string("cannot fork: ") + std::strerror(errno));
  if (pid == 0) {
    if (options.newProcessGroup) ::setpgid(0, 0);
    // Default signal dispositions for the child, whatever the parent installed.
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGPIPE, SIG_DFL);
    auto wire = [&](StreamMode mode, int pipeEnd, int target, int flags) {
      if (mode == StreamMode::Pipe) {
        if (::dup2(pipeEnd, target) < 0) childFail(execPipe[1], "dup2");
      } else if (mode == StreamMode::Null) {
        int fd = ::open("/dev/null", flags);
        if (fd < 0 || ::dup2(fd, target) < 0) childFail(execPipe[1], "open /dev/null");
      }
    };
    wire(options.stdinMode, inPipe[0], STDIN_FILENO, O_RDONLY);
    wire(options.stdoutMode, outPipe[1], STDOUT_FILENO, O_WRONLY);
    wire(options.stderrMode, errPipe[1], STDERR_FILENO, O_WRONLY);
    if (user) {
      if (::setgroups(0, nullptr) != 0 || ::setgid(user->gid) != 0 || ::setuid(user->uid) != 0) {
        childFail(execPipe[1], "switch user");
      }
    }
    if (cwd != nullptr && ::chdir(cwd) != 0) childFail(execPipe[1], "chdir");
    // Only stdin/stdout/stderr (and the exec-status pipe, closed by exec) reach the
    // child: a long-lived child (a server) must not keep the parent's pipes open.
    ::close_range(3, execPipe[1] > 3 ? static_cast<unsigned>(execPipe[1]) - 1 : 2, 0);
    ::close_range(static_cast<unsigned>(execPipe[1]) + 1, ~0U, 0);
    ::execvpe(args[0], args.data(), envp.data());
    childFail(execPipe[1], "exec");
  }

  ChildProcess child;
  child.pid_ = pid;
  closeFd(inPipe[0]);
  closeFd(outPipe[1]);
  closeFd(errPipe[1]);
  closeFd(execPipe[1]);
  child.stdin_ = inPipe[1];
  child.stdout_ = outPipe[0];
  child.stderr_ = errPipe[0];

  // The exec pipe closes on a successful exec; data on it means the child failed first.
  int childErrno = 0;
  char what[64] = {};
  ssize_t n = ::read(execPipe[0], &childErrno, sizeof childErrno);
  if (n == sizeof childErrno) {
    (void)!::read(execPipe[0], what, sizeof what - 1);
  }
  closeFd(execPipe[0]);
  if (n == sizeof childErrno) {
    ::waitpid(pid, nullptr, 0);
    child.pid_ = -1;
    std::string message = "cannot run `" + argv[0] + "` (" + what + "): " + std::strerror(childErrno);
    std::string hint =
        childErrno == ENOENT ? "is it installed and on PATH? ci/setup installs sluice's dependencies" : std::string();
    return Error(ErrorCode::Input, message, hint);
  }
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      stdin_(std::exchange(other.stdin_, -1)),
      stdout_(std::exchange(other.stdout_, -1)),
      stderr_(std::exchange(other.stderr_, -1)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    closeAll();
    pid_ = std::exchange(other.pid_, -1);
    stdin_ = std::exchange(other.stdin_, -1);
    stdout_ = std::exchange(other.stdout_, -1);
    stderr_ = std::exchange(other.stderr_, -1);
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  closeAll();
  if (pid_ > 0) {
    // A child that is still running when its owner goes away is stopped, not orphaned.
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

void ChildProcess::closeAll() {
  closeFd(stdin_);
  closeFd(stdout_);
  closeFd(stderr_);
}

int ChildProcess::releaseStdin() { return std::exchange(stdin_, -1); }
int ChildProcess::releaseStdout() { return std::exchange(stdout_, -1); }

void ChildProcess::kill(int signal) {
  if (pid_ > 0) ::kill(pid_, signal);
}

ChildProcess::Outcome ChildProcess::communicate(const std::string& input) {
  Outcome outcome;
  std::size_t written = 0;
  if (stdin_ >= 0 && input.empty()) closeFd(stdin_);
  // Ignore SIGPIPE while writing: a child that exits early must not kill sluice.
  struct sigaction ignore {};
  struct sigaction previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  while (stdin_ >= 0 || stdout_ >= 0 || stderr_ >= 0) {
    pollfd fds[3];
    nfds_t count = 0;
    if (stdin_ >= 0) fds[count++] = {stdin_, POLLOUT, 0};
    if (stdout_ >= 0) fds[count++] = {stdout_, POLLIN, 0};
    if (stderr_ >= 0) fds[count++] = {stderr_, POLLIN, 0};
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == stdin_) {
        ssize_t n = ::write(stdin_, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<std::size_t>(n);
        if (n < 0 && errno != EINTR && errno != EAGAIN) closeFd(stdin_);
        if (written == input.size()) closeFd(stdin_);
        continue;
      }
      char buffer[65536];
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        (fds[i].fd == stdout_ ? outcome.out : outcome.err).append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        closeFd(fds[i].fd == stdout_ ? stdout_ : stderr_);
      }
    }
  }
  ::sigaction(SIGPIPE, &previous, nullptr);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (WIFEXITED(status)) outcome.exitCode = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  return outcome;
}

Expected<ProcessResult> runProcess(const std::vector<std::string>& argv, const SpawnOptions& options,
                                   const std::string& input) {
  SpawnOptions effective = options;
  if (!input.empty()) effective.stdinMode = StreamMode::Pipe;
  auto child = ChildProcess::spawn(argv, effective);
  if (!child) return child.takeError();
  return child->communicate(input);
}

std::optional<std::filesystem::path> findExecutable(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (::access(name.c_str(), X_OK) == 0) return std::filesystem::path(name);
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view remaining = path != nullptr ? path : "/usr/bin:/bin";
  while (!remaining.empty()) {
    auto colon = remaining.find(':');
    std::string_view dir = remaining.substr(0, colon);
    std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    remaining.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

}  // namespace sluice
