#pragma once
// A TCP proxy in front of the test server that loses one connection on cue, as a network
// failure or a server restart would, at a moment no signal can hit reliably: just after
// the server answered a COMMIT (the transaction is committed, the answer is lost), or just
// before a COMMIT reaches the server (it rolls the transaction back).

#include <atomic>
#include <string>
#include <thread>

namespace sluice::testing {

class CuttingProxy {
 public:
  enum class Cut {
    AfterCommitAnswered,  // drop the server's "COMMIT" command-complete and close
    BeforeCommitArrives,  // drop the client's message holding COMMIT and close
  };

  // Forwards 127.0.0.1:port() to 127.0.0.1:serverPort. The cut happens once, on the first
  // connection whose client has sent `marker` (a name in the migration under test).
  CuttingProxy(int serverPort, std::string marker, Cut cut);
  ~CuttingProxy();
  CuttingProxy(const CuttingProxy&) = delete;
  CuttingProxy& operator=(const CuttingProxy&) = delete;

  [[nodiscard]] int port() const { return port_; }
  // From the cut on, every new connection is closed as soon as it is accepted: a server
  // that does not come back.
  void refuseAfterCut() { refuseAfterCut_ = true; }
  [[nodiscard]] bool didCut() const { return cutDone_; }

 private:
  void serve();

  int serverPort_;
  std::string marker_;
  Cut cut_;
  int listener_ = -1;
  int port_ = 0;
  int stopPipe_[2] = {-1, -1};
  std::atomic<bool> refuseAfterCut_{false};
  std::atomic<bool> cutDone_{false};
  std::thread thread_;
};

}  // namespace sluice::testing
