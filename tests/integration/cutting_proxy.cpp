#include "tests/integration/cutting_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace sluice::testing {
namespace {

// The server's CommandComplete tag for COMMIT ends in a NUL; the client's message holds
// the word in its query text.
constexpr std::string_view kCommitAnswer{"COMMIT\0", 7};
constexpr std::string_view kCommitSent{"COMMIT"};

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  return address;
}

// One client connection and its connection to the server. `seen` keeps the last bytes of
// each direction, so that a word split over two reads is still found.
struct Pair {
  int client = -1;
  int server = -1;
  bool armed = false;  // the client sent the marker
  std::string seenFromClient;
  std::string seenFromServer;

  void close() {
    if (client >= 0) ::close(client);
    if (server >= 0) ::close(server);
    client = server = -1;
  }
};

bool sendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

// `window` (the tail of earlier reads) followed by `chunk`, trimmed back to a tail.
bool contains(std::string& window, std::string_view chunk, std::string_view word, std::size_t keep) {
  window.append(chunk);
  bool found = window.find(word) != std::string::npos;
  if (window.size() > keep) window.erase(0, window.size() - keep);
  return found;
}

}  // namespace

CuttingProxy::CuttingProxy(int serverPort, std::string marker, Cut cut)
    : serverPort_(serverPort), marker_(std::move(marker)), cut_(cut) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address = loopback(0);
  socklen_t length = sizeof address;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 16) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
      ::pipe2(stopPipe_, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("cutting proxy: ") + std::strerror(errno));
  }
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { serve(); });
}

CuttingProxy::~CuttingProxy() {
  (void)::write(stopPipe_[1], "x", 1);
  thread_.join();
  ::close(listener_);
  ::close(stopPipe_[0]);
  ::close(stopPipe_[1]);
}

void CuttingProxy::serve() {
  std::vector<Pair> pairs;
  std::vector<char> buffer(std::size_t{64} * 1024);
  const std::size_t keep = marker_.size() + kCommitAnswer.size();
  while (true) {
    std::vector<pollfd> polled{{stopPipe_[0], POLLIN, 0}, {listener_, POLLIN, 0}};
    for (const Pair& pair : pairs) {
      polled.push_back({pair.client, POLLIN, 0});
      polled.push_back({pair.server, POLLIN, 0});
    }
    if (::poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (polled[0].revents != 0) break;
    // Only the pairs that were polled have results; one accepted below waits for the next round.
    const std::size_t polledPairs = pairs.size();
    if (polled[1].revents & POLLIN) {
      int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0 && cutDone_ && refuseAfterCut_) {
        ::close(client);
      } else if (client >= 0) {
        Pair pair;
        pair.client = client;
        pair.server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in server = loopback(serverPort_);
        if (::connect(pair.server, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
          pair.close();
        } else {
          pairs.push_back(std::move(pair));
        }
      }
    }
    for (std::size_t i = 0; i < polledPairs; ++i) {
      Pair& pair = pairs[i];
      for (bool fromClient : {true, false}) {
        if (pair.client < 0 || (polled[2 + 2 * i + (fromClient ? 0 : 1)].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
          continue;
        int from = fromClient ? pair.client : pair.server;
        int to = fromClient ? pair.server : pair.client;
        ssize_t got = ::recv(from, buffer.data(), buffer.size(), 0);
        if (got <= 0) {
          pair.close();
          break;
        }
        std::string_view chunk(buffer.data(), static_cast<std::size_t>(got));
        bool cutNow = false;
        if (fromClient) {
          bool hadMarker = pair.armed;
          std::string window = pair.seenFromClient;
          if (!pair.armed && contains(pair.seenFromClient, chunk, marker_, keep)) pair.armed = true;
          cutNow =
              !cutDone_ && hadMarker && cut_ == Cut::BeforeCommitArrives && contains(window, chunk, kCommitSent, keep);
        } else {
          cutNow = !cutDone_ && pair.armed && cut_ == Cut::AfterCommitAnswered &&
                   contains(pair.seenFromServer, chunk, kCommitAnswer, keep);
        }
        if (cutNow) {
          cutDone_ = true;
          pair.close();
          break;
        }
        if (!sendAll(to, chunk.data(), chunk.size())) {
          pair.close();
          break;
        }
      }
    }
    std::erase_if(pairs, [](const Pair& pair) { return pair.client < 0; });
  }
  for (Pair& pair : pairs) pair.close();
}

}  // namespace sluice::testing
