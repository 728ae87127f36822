#include "notify/notifier.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <thread>

#include "common/file_io.hpp"
#include "common/text.hpp"
#include "common/version.hpp"
#include "notify/http_post.hpp"
#include "notify/payload.hpp"
#include "notify/signature.hpp"

namespace sluice::notify {
namespace {

std::string utcNow() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text.data();
}

Expected<std::optional<Secret>> secretOf(const config::Webhook& webhook, std::size_t number) {
  std::string which = "webhook " + std::to_string(number) + " of [notify]";
  if (webhook.secretFile) {
    auto text = readFile(*webhook.secretFile);
    if (!text) return Error(ErrorCode::Config, "cannot read the signing secret of " + which, text.error().message);
    std::string value(trim(*text));
    if (value.empty()) {
      return Error(ErrorCode::Config, "the signing secret file of " + which + " is empty",
                   "write the secret into " + webhook.secretFile->string() + ", or remove secret_file");
    }
    return std::optional<Secret>(Secret(std::move(value)));
  }
  if (webhook.secretEnv) {
    const char* value = std::getenv(webhook.secretEnv->c_str());
    if (value == nullptr || *value == '\0') {
      return Error(ErrorCode::Config,
                   "the signing secret of " + which + " is missing: " + *webhook.secretEnv + " is not set",
                   "export " + *webhook.secretEnv + "=..., or remove secret_env to send unsigned");
    }
    return std::optional<Secret>(Secret(value));
  }
  return std::optional<Secret>();
}

}  // namespace

std::chrono::milliseconds backoff(int attempt) {
  std::chrono::milliseconds delay(500LL << std::min(attempt - 1, 4));
  return std::min(delay, std::chrono::milliseconds(8000));
}

Expected<Notifier> Notifier::create(const config::NotifySection& section, const std::filesystem::path& baseDir) {
  Notifier notifier;
  notifier.project_ = section.project.value_or(baseDir.filename().string());
  std::size_t number = 0;
  for (const config::Webhook& webhook : section.webhooks) {
    ++number;
    auto secret = secretOf(webhook, number);
    if (!secret) return secret.takeError();
    notifier.targets_.push_back({webhook, std::move(*secret), number});
  }
  return notifier;
}

bool Notifier::Target::wants(EventKind kind) const {
  const auto& events = webhook.events;
  return events.empty() || std::find(events.begin(), events.end(), spell(kind)) != events.end();
}

bool Notifier::wants(EventKind kind) const {
  return std::any_of(targets_.begin(), targets_.end(), [kind](const Target& target) { return target.wants(kind); });
}

std::vector<std::string> Notifier::send(Event event) const {
  std::vector<std::string> warnings;
  if (!wants(event.kind)) return warnings;
  event.project = project_;
  if (event.host.empty()) event.host = hostName();
  if (event.at.empty()) event.at = utcNow();
  for (const Target& target : targets_) {
    if (!target.wants(event.kind)) continue;
    std::string body = payloadFormat(target.webhook.payload).body(event);
    std::vector<std::string> headers{"Content-Type: application/json", "User-Agent: sluice/" + std::string(kVersion),
                                     "X-Sluice-Event: " + std::string(spell(event.kind))};
    if (target.secret) headers.push_back(std::string(kSignatureHeader) + ": " + signatureOf(*target.secret, body));
    PostResult result;
    int attempts = 1 + std::max(target.webhook.retries, 0);
    for (int attempt = 1; attempt <= attempts; ++attempt) {
      if (attempt > 1) std::this_thread::sleep_for(backoff(attempt - 1));
      result = postOnce(target.webhook.url, body, headers, target.webhook.timeout.chrono());
      if (result.delivered() || !result.worthRetrying()) break;
    }
    if (!result.delivered()) {
      warnings.push_back("notification " + std::string(spell(event.kind)) + " to webhook " +
                         std::to_string(target.number) + " of [notify] failed after " + std::to_string(attempts) +
                         (attempts == 1 ? " attempt: " : " attempts: ") + result.error);
    }
  }
  return warnings;
}

}  // namespace sluice::notify
