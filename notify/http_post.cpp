#include "notify/http_post.hpp"

#include <curl/curl.h>

#include <array>
#include <memory>
#include <mutex>
#include <string>

#include "common/libcurl_info.hpp"

namespace sluice::notify {
namespace {

// curl_global_init is not thread-safe on every libcurl; once per process is enough.
void initialiseCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t discard(char* /*data*/, std::size_t size, std::size_t count, void* /*user*/) { return size * count; }

}  // namespace

PostResult postOnce(const Secret& url, const std::string& body, const std::vector<std::string>& headers,
                    std::chrono::milliseconds timeout) {
  initialiseCurl();
  PostResult result;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    std::string problem = libcurlProblem();
    result.error = "libcurl could not start a request" + (problem.empty() ? std::string() : ": " + problem);
    return result;
  }
  curl_slist* list = nullptr;
  for (const std::string& header : headers) list = curl_slist_append(list, header.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headerList(list, curl_slist_free_all);
  std::array<char, CURL_ERROR_SIZE> errorBuffer{};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.reveal().c_str());
  curl_easy_setopt(handle, CURLOPT_POST, 1L);
  curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headerList.get());
  curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  // Only http and https: a webhook URL is not a way to read local files.
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, errorBuffer.data());
  CURLcode code = curl_easy_perform(handle);
  if (code != CURLE_OK) {
    // curl's own messages name the host at most, never the path or query where tokens live.
    result.error = errorBuffer[0] != '\0' ? std::string(errorBuffer.data()) : std::string(curl_easy_strerror(code));
    return result;
  }
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &result.status);
  if (!result.delivered()) result.error = "the receiver answered HTTP " + std::to_string(result.status);
  return result;
}

}  // namespace sluice::notify
