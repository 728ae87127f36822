#pragma once
// One HTTP POST with libcurl: the only place notify/ talks to the network.

#include <chrono>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "common/secret.hpp"

namespace sluice::notify {

struct PostResult {
  long status = 0;          // the HTTP status; 0 when no response came
  std::string error;        // why it failed, without the URL (which may carry a token)
  bool cannotSend = false;  // this build sends no HTTP at all: retrying cannot help
  [[nodiscard]] bool delivered() const { return status >= 200 && status < 300; }
  // A server error, a rate limit or no answer at all may pass; another 4xx will not.
  [[nodiscard]] bool worthRetrying() const { return !cannotSend && (status == 0 || status == 429 || status >= 500); }
};

// http_post.cpp with libcurl; http_post_unavailable.cpp in the self-contained binary,
// which links no libcurl (Debian's libcurl.a needs a dozen more static libraries).
PostResult postOnce(const Secret& url, const std::string& body, const std::vector<std::string>& headers,
                    std::chrono::milliseconds timeout);

}  // namespace sluice::notify
