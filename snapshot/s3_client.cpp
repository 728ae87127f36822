#include "snapshot/s3_client.hpp"

#include <curl/curl.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>

#include "common/libcurl_info.hpp"
#include "common/text.hpp"

namespace sluice::snapshot {

namespace {

constexpr std::string_view kScheme = "s3://";

// CURLOPT_AWS_SIGV4 arrived in libcurl 7.75.
static_assert(LIBCURL_VERSION_NUM >= 0x074b00, "libcurl 7.75 or later is needed for CURLOPT_AWS_SIGV4");

void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// RFC 3986 unreserved characters stay; '/' separates the key's segments.
std::string encodeKey(std::string_view key, bool keepSlash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~' || (keepSlash && c == '/')) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4U];
      out += kHex[u & 15U];
    }
  }
  return out;
}

std::string unescapeXml(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    std::size_t end = text.find(';', i);
    if (end == std::string_view::npos) {
      out += text.substr(i);
      break;
    }
    std::string_view entity = text.substr(i + 1, end - i - 1);
    if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else
      out += "&" + std::string(entity) + ";";
    i = end;
  }
  return out;
}

// The text of every <tag>...</tag> in order (S3's replies are flat enough for this).
std::vector<std::string> xmlValues(std::string_view xml, std::string_view tag) {
  std::vector<std::string> out;
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  std::size_t at = 0;
  while ((at = xml.find(open, at)) != std::string_view::npos) {
    std::size_t start = at + open.size();
    std::size_t end = xml.find(close, start);
    if (end == std::string_view::npos) break;
    out.push_back(unescapeXml(xml.substr(start, end - start)));
    at = end + close.size();
  }
  return out;
}

std::string xmlValue(std::string_view xml, std::string_view tag) {
  auto values = xmlValues(xml, tag);
  return values.empty() ? std::string() : values.front();
}

std::string trim(std::string_view text) {
  std::size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  std::size_t last = text.find_last_not_of(" \t\r");
  return std::string(text.substr(first, last - first + 1));
}

struct Transfer {
  const std::function<Status(std::string_view)>* consume = nullptr;
  std::string body;  // errors, and replies read whole
  std::optional<Error> failed;
  bool streaming = false;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* context) {
  auto* transfer = static_cast<Transfer*>(context);
  std::string_view chunk(data, size * count);
  if (transfer->streaming) {
    if (auto status = (*transfer->consume)(chunk); !status) {
      transfer->failed = status.takeError();
      return 0;  // stops the transfer
    }
  } else {
    transfer->body.append(chunk);
  }
  return chunk.size();
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* context) {
  auto* etag = static_cast<std::string*>(context);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "etag:";
  if (line.size() > kName.size()) {
    std::string lower = toLower(line.substr(0, kName.size()));
    if (lower == kName) *etag = trim(line.substr(kName.size()));
  }
  return size * count;
}

struct CurlDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct HeaderListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

bool isS3Url(std::string_view text) { return text.starts_with(kScheme); }

Expected<S3Location> parseS3Location(std::string_view url) {
  if (!isS3Url(url)) return Error(ErrorCode::Usage, "not an s3:// location: " + std::string(url));
  std::string_view rest = url.substr(kScheme.size());
  std::size_t slash = rest.find('/');
  S3Location location;
  location.bucket = std::string(rest.substr(0, slash));
  std::string_view prefix = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  location.prefix = std::string(prefix);
  if (location.bucket.empty() || location.prefix.find("//") != std::string::npos) {
    return Error(ErrorCode::Usage, "invalid snapshot location `" + std::string(url) + "`",
                 "write s3://BUCKET or s3://BUCKET/PREFIX");
  }
  return location;
}

Expected<S3Credentials> findS3Credentials(const config::S3Section& settings) {
  S3Credentials credentials;
  if (settings.accessKeyId && settings.secretAccessKey) {
    credentials.accessKeyId = *settings.accessKeyId;
    credentials.secretAccessKey = *settings.secretAccessKey;
    credentials.sessionToken = settings.sessionToken;
    return credentials;
  }
  std::string profile = settings.profile.value_or("default");
  std::string file;
  if (settings.credentialsFile) {
    file = settings.credentialsFile->string();
  } else if (const char* home = std::getenv("HOME"); home != nullptr) {  // NOLINT(concurrency-mt-unsafe)
    file = std::string(home) + "/.aws/credentials";
  }
  std::ifstream in(file);
  std::string line;
  bool inProfile = false;
  while (in && std::getline(in, line)) {
    std::string text = trim(line);
    if (text.empty() || text[0] == '#' || text[0] == ';') continue;
    if (text.front() == '[' && text.back() == ']') {
      inProfile = trim(std::string_view(text).substr(1, text.size() - 2)) == profile;
      continue;
    }
    std::size_t equals = text.find('=');
    if (!inProfile || equals == std::string::npos) continue;
    std::string name = toLower(trim(std::string_view(text).substr(0, equals)));
    std::string value = trim(std::string_view(text).substr(equals + 1));
    if (name == "aws_access_key_id") credentials.accessKeyId = value;
    if (name == "aws_secret_access_key") credentials.secretAccessKey = Secret(value);
    if (name == "aws_session_token") credentials.sessionToken = Secret(value);
  }
  if (credentials.accessKeyId.empty() || credentials.secretAccessKey.reveal().empty()) {
    return Error(ErrorCode::Config, "no S3 credentials",
                 "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile `" + profile +
                     "` in the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials)");
  }
  return credentials;
}

S3Client::S3Client(config::S3Section settings, S3Credentials credentials, std::string bucket)
    : settings_(std::move(settings)), credentials_(std::move(credentials)), bucket_(std::move(bucket)) {
  initCurlOnce();
}

std::string S3Client::urlFor(const std::string& key, const std::string& query) const {
  std::string region = settings_.region.value_or("us-east-1");
  std::string endpoint = settings_.endpoint.value_or("https://s3." + region + ".amazonaws.com");
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  std::string url;
  if (settings_.pathStyle) {
    url = endpoint + "/" + bucket_;
  } else {
    std::size_t scheme = endpoint.find("://");
    std::size_t hostAt = scheme == std::string::npos ? 0 : scheme + 3;
    url = endpoint.substr(0, hostAt) + bucket_ + "." + endpoint.substr(hostAt);
  }
  if (!key.empty()) url += "/" + encodeKey(key, true);
  if (!query.empty()) url += "?" + query;
  return url;
}

Expected<S3Client::Reply> S3Client::send(const std::string& method, const std::string& key, const std::string& query,
                                         std::string_view body,
                                         const std::function<Status(std::string_view)>* consume) const {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) {
    std::string problem = libcurlProblem();
    if (!problem.empty()) return Error(ErrorCode::Config, "S3 needs libcurl: " + problem);
    return Error(ErrorCode::Internal, "libcurl could not start a request");
  }
  CURL* handle = curl.get();
  std::string url = urlFor(key, query);
  std::string sigv4 = "aws:amz:" + settings_.region.value_or("us-east-1") + ":s3";
  std::string userpwd = credentials_.accessKeyId + ":" + credentials_.secretAccessKey.reveal();
  curl_slist* headers = nullptr;
  // libcurl signs the request but does not send the payload hash S3 requires.
  headers = curl_slist_append(headers, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
  headers = curl_slist_append(headers, "Expect:");
  headers = curl_slist_append(headers, "Content-Type:");
  std::string token;
  if (credentials_.sessionToken) {
    token = "x-amz-security-token: " + credentials_.sessionToken->reveal();
    headers = curl_slist_append(headers, token.c_str());
  }
  std::unique_ptr<curl_slist, HeaderListDeleter> headerList(headers);

  Transfer transfer;
  Reply reply;
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_AWS_SIGV4, sigv4.c_str());
  curl_easy_setopt(handle, CURLOPT_USERPWD, userpwd.c_str());
  curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 30L);
  // A stalled connection fails instead of hanging a deploy: under 1 kB/s for a minute.
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &reply.etag);
  if (method == "PUT" || method == "POST") {
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    // Never a null pointer: libcurl would then read the body from standard input.
    static const char kEmpty[] = "";
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.empty() ? kEmpty : body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    if (method == "PUT") curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, "PUT");
  } else if (method != "GET") {
    curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  // The body is streamed only once the status says it is the object, not an error.
  struct Switch {
    Transfer* transfer;
    const std::function<Status(std::string_view)>* consume;
    CURL* handle;
  } context{&transfer, consume, handle};
  if (consume != nullptr) {
    curl_easy_setopt(
        handle, CURLOPT_WRITEFUNCTION, +[](char* data, std::size_t size, std::size_t count, void* raw) -> std::size_t {
          auto* self = static_cast<Switch*>(raw);
          long status = 0;
          curl_easy_getinfo(self->handle, CURLINFO_RESPONSE_CODE, &status);
          self->transfer->streaming = status >= 200 && status < 300;
          self->transfer->consume = self->consume;
          return onBody(data, size, count, self->transfer);
        });
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &context);
  }
  CURLcode result = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &reply.status);
  if (transfer.failed) return std::move(*transfer.failed);
  if (result != CURLE_OK) {
    return Error(ErrorCode::Unreachable,
                 "cannot reach the S3 endpoint for " + describe(key) + ": " + curl_easy_strerror(result),
                 "check [snapshot.s3] endpoint and region, and the network");
  }
  reply.body = std::move(transfer.body);
  return reply;
}

Error S3Client::failure(const std::string& what, const std::string& key, const Reply& reply) const {
  std::string code = xmlValue(reply.body, "Code");
  std::string message = xmlValue(reply.body, "Message");
  std::string detail = "HTTP " + std::to_string(reply.status) + (code.empty() ? "" : " " + code) +
                       (message.empty() ? "" : ": " + message);
  std::string where = describe(key);
  if (code == "NoSuchBucket") {
    return Error(ErrorCode::Input, "the bucket `" + bucket_ + "` does not exist (" + detail + ")",
                 "create it, or correct the bucket in --snapshot-dir / [snapshot] dir or offsite");
  }
  if (reply.status == 401 || reply.status == 403 || code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch" ||
      code == "AccessDenied") {
    return Error(ErrorCode::Unreachable, "S3 refused the credentials to " + what + " " + where + " (" + detail + ")",
                 "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the credentials file's profile), "
                 "[snapshot.s3] region, and the bucket's permissions");
  }
  return Error(ErrorCode::Io, "cannot " + what + " " + where + " (" + detail + ")");
}

Status S3Client::put(const std::string& key, std::string_view body) const {
  auto reply = send("PUT", key, "", body, nullptr);
  if (!reply) return reply.takeError();
  if (reply->status / 100 != 2) return failure("write", key, *reply);
  return {};
}

Status S3Client::get(const std::string& key, const std::function<Status(std::string_view)>& consume,
                     bool* missing) const {
  auto reply = send("GET", key, "", {}, &consume);
  if (!reply) return reply.takeError();
  if (reply->status == 404 && xmlValue(reply->body, "Code") != "NoSuchBucket") {
    if (missing != nullptr) *missing = true;
    return Error(ErrorCode::Input, describe(key) + " does not exist");
  }
  if (reply->status / 100 != 2) return failure("read", key, *reply);
  return {};
}

Status S3Client::remove(const std::string& key) const {
  auto reply = send("DELETE", key, "", {}, nullptr);
  if (!reply) return reply.takeError();
  if (reply->status / 100 != 2 && reply->status != 404) return failure("delete", key, *reply);
  return {};
}

Expected<std::vector<S3Object>> S3Client::list(const std::string& prefix) const {
  std::vector<S3Object> out;
  std::string token;
  while (true) {
    // Parameters in byte order: SigV4 signs the canonical (sorted) query.
    std::string query = (token.empty() ? "" : "continuation-token=" + encodeKey(token, false) + "&") +
                        "list-type=2&prefix=" + encodeKey(prefix, false);
    auto reply = send("GET", "", query, {}, nullptr);
    if (!reply) return reply.takeError();
    if (reply->status / 100 != 2) return failure("list", prefix, *reply);
    auto keys = xmlValues(reply->body, "Key");
    auto sizes = xmlValues(reply->body, "Size");
    for (std::size_t i = 0; i < keys.size(); ++i) {
      out.push_back({keys[i], i < sizes.size() ? std::strtoull(sizes[i].c_str(), nullptr, 10) : 0});
    }
    if (xmlValue(reply->body, "IsTruncated") != "true") break;
    token = xmlValue(reply->body, "NextContinuationToken");
    if (token.empty()) break;
  }
  return out;
}

Expected<std::string> S3Client::startMultipart(const std::string& key) const {
  auto reply = send("POST", key, "uploads=", {}, nullptr);
  if (!reply) return reply.takeError();
  if (reply->status / 100 != 2) return failure("start an upload to", key, *reply);
  std::string id = xmlValue(reply->body, "UploadId");
  if (id.empty()) return Error(ErrorCode::Io, "the S3 endpoint returned no upload id for " + describe(key));
  return id;
}

Expected<std::string> S3Client::uploadPart(const std::string& key, const std::string& uploadId, int number,
                                           std::string_view body) const {
  std::string query = "partNumber=" + std::to_string(number) + "&uploadId=" + encodeKey(uploadId, false);
  auto reply = send("PUT", key, query, body, nullptr);
  if (!reply) return reply.takeError();
  if (reply->status / 100 != 2) return failure("upload part " + std::to_string(number) + " of", key, *reply);
  return reply->etag;
}

Status S3Client::completeMultipart(const std::string& key, const std::string& uploadId,
                                   const std::vector<std::string>& etags) const {
  std::string xml = "<CompleteMultipartUpload>";
  for (std::size_t i = 0; i < etags.size(); ++i) {
    xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + etags[i] + "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  auto reply = send("POST", key, "uploadId=" + encodeKey(uploadId, false), xml, nullptr);
  if (!reply) return reply.takeError();
  // S3 may report a failure inside a 200 reply.
  if (reply->status / 100 != 2 || reply->body.find("<Error>") != std::string::npos) {
    return failure("complete the upload of", key, *reply);
  }
  return {};
}

void S3Client::abortMultipart(const std::string& key, const std::string& uploadId) const {
  (void)send("DELETE", key, "uploadId=" + encodeKey(uploadId, false), {}, nullptr);
}

}  // namespace sluice::snapshot
