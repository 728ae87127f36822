#pragma once
// Child processes (initdb, pg_ctl, pg_dump, git) without a shell: argv is passed as is,
// so no argument is ever interpreted by /bin/sh. A child inherits sluice's environment
// except the variables that hold secrets (kSecretVariables): a child that needs a
// password gets it in a password file (common/child_connection.hpp).

#include <sys/types.h>

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"

namespace sluice {

// Environment variables that hold secrets sluice reads (passwords, connection URLs with
// their password, the snapshot key): removed from every child's environment.
inline constexpr std::array<std::string_view, 4> kSecretVariables{"DATABASE_PASSWORD", "DATABASE_URL", "PGPASSWORD",
                                                                  "SLUICE_SNAPSHOT_KEY"};
bool isSecretVariable(std::string_view name);
// Adds a variable that holds a secret only this run knows of (the one a configuration
// names for the database URL): it is kept from children too. Call before spawning.
void treatAsSecretVariable(std::string name);

enum class StreamMode { Inherit, Pipe, Null };

struct SpawnOptions {
  std::optional<std::filesystem::path> cwd;
  // Added to / replacing the parent's (explicitly: a secret variable set here does reach
  // the child; sluice itself never sets one, tests do to run sluice).
  std::vector<std::pair<std::string, std::string>> setEnv;
  std::vector<std::string> unsetEnv;
  StreamMode stdinMode = StreamMode::Null;
  StreamMode stdoutMode = StreamMode::Pipe;
  StreamMode stderrMode = StreamMode::Pipe;
  // Run as this user (switching uid/gid in the child); only possible as root.
  std::optional<std::string> runAsUser;
  // Put the child in its own process group so that a Ctrl-C on the terminal reaches
  // sluice first, which then stops the child deliberately.
  bool newProcessGroup = false;
};

class ChildProcess {
 public:
  static Expected<ChildProcess> spawn(const std::vector<std::string>& argv, const SpawnOptions& options);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  [[nodiscard]] pid_t pid() const { return pid_; }
  // Pipe ends; -1 when the stream is not a pipe. The caller may take ownership
  // (release*) to stream data; otherwise they are closed by wait().
  [[nodiscard]] int stdinFd() const { return stdin_; }
  [[nodiscard]] int stdoutFd() const { return stdout_; }
  [[nodiscard]] int stderrFd() const { return stderr_; }
  int releaseStdin();
  int releaseStdout();

  struct Outcome {
    int exitCode = -1;  // -1 when killed by a signal
    int signal = 0;
    std::string out;
    std::string err;
    [[nodiscard]] bool success() const { return exitCode == 0; }
  };
  // Writes `input` to stdin (if piped), reads stdout/stderr (if piped) to the end and
  // waits for the child to exit.
  Outcome communicate(const std::string& input = {});
  void kill(int signal);

 private:
  ChildProcess() = default;
  void closeAll();
  pid_t pid_ = -1;
  int stdin_ = -1;
  int stdout_ = -1;
  int stderr_ = -1;
};

using ProcessResult = ChildProcess::Outcome;

// Runs argv to completion and captures its output.
Expected<ProcessResult> runProcess(const std::vector<std::string>& argv, const SpawnOptions& options = {},
                                   const std::string& input = {});

// Looks up an executable on PATH; nullopt when it is not there.
std::optional<std::filesystem::path> findExecutable(const std::string& name);

}  // namespace sluice
