#include "notify/http_post.hpp"

namespace sluice::notify {

PostResult postOnce(const Secret&, const std::string&, const std::vector<std::string>&, std::chrono::milliseconds) {
  PostResult result;
  result.cannotSend = true;
  result.error =
      "this self-contained sluice binary sends no webhooks (it is built without libcurl); use the Debian "
      "package, the container image or a build from source for notifications";
  return result;
}

}  // namespace sluice::notify
