#include "notify/event.hpp"

#include <unistd.h>

#include <array>

namespace sluice::notify {

std::string hostName() {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) return {};
  return host.data();
}

}  // namespace sluice::notify
