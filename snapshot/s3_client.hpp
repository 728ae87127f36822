#pragma once
// A small S3 client on libcurl: requests are signed by libcurl's own AWS Signature
// Version 4 (CURLOPT_AWS_SIGV4), never by hand. It speaks the few calls snapshots
// need: PUT, GET (streamed), DELETE, ListObjectsV2 and multipart uploads. Every call
// opens its own curl handle, so one client may be used from several threads.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/secret.hpp"
#include "config/settings.hpp"

namespace sluice::snapshot {

// "s3://BUCKET/PREFIX": the bucket and the prefix (without slashes at either end).
struct S3Location {
  std::string bucket;
  std::string prefix;
  [[nodiscard]] std::string url() const { return "s3://" + bucket + (prefix.empty() ? "" : "/" + prefix); }
};

bool isS3Url(std::string_view text);
Expected<S3Location> parseS3Location(std::string_view url);

struct S3Credentials {
  std::string accessKeyId;
  Secret secretAccessKey;
  std::optional<Secret> sessionToken;
};

// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (through the
// configuration), else the profile (AWS_PROFILE, "default") of the shared credentials
// file (AWS_SHARED_CREDENTIALS_FILE, ~/.aws/credentials).
Expected<S3Credentials> findS3Credentials(const config::S3Section& settings);

struct S3Object {
  std::string key;
  std::uint64_t size = 0;
};

class S3Client {
 public:
  S3Client(config::S3Section settings, S3Credentials credentials, std::string bucket);

  Status put(const std::string& key, std::string_view body) const;
  // Streams the object into `consume`; a missing object is ErrorCode::Input with
  // `missing` set when given.
  Status get(const std::string& key, const std::function<Status(std::string_view)>& consume,
             bool* missing = nullptr) const;
  Status remove(const std::string& key) const;
  Expected<std::vector<S3Object>> list(const std::string& prefix) const;

  Expected<std::string> startMultipart(const std::string& key) const;  // the upload id
  Expected<std::string> uploadPart(const std::string& key, const std::string& uploadId, int number,
                                   std::string_view body) const;  // the part's ETag
  Status completeMultipart(const std::string& key, const std::string& uploadId,
                           const std::vector<std::string>& etags) const;
  void abortMultipart(const std::string& key, const std::string& uploadId) const;

  // "s3://bucket/key", for messages.
  [[nodiscard]] std::string describe(const std::string& key) const { return "s3://" + bucket_ + "/" + key; }

  struct Reply {
    long status = 0;
    std::string body;
    std::string etag;
  };
  // One request; `consume` receives the body of a successful reply when set.
  Expected<Reply> send(const std::string& method, const std::string& key, const std::string& query,
                       std::string_view body, const std::function<Status(std::string_view)>* consume) const;

 private:
  [[nodiscard]] std::string urlFor(const std::string& key, const std::string& query) const;
  [[nodiscard]] Error failure(const std::string& what, const std::string& key, const Reply& reply) const;

  config::S3Section settings_;
  S3Credentials credentials_;
  std::string bucket_;
};

}  // namespace sluice::snapshot
