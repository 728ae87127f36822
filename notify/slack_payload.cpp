// A Slack incoming-webhook message: `text` in Slack's mrkdwn (also what Mattermost and
// Rocket.Chat accept). Slack needs only `text`; the fields are for people, so the line
// says what happened and what to look at.

#include <nlohmann/json.hpp>

#include "common/text.hpp"
#include "notify/payload.hpp"

namespace sluice::notify {
namespace {

// Slack's mrkdwn treats these three as markup; escaping them keeps a message intact.
std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

bool failed(EventKind kind) {
  return kind == EventKind::DeployFailed || kind == EventKind::RestoreFailed || kind == EventKind::SnapshotFailed;
}

class SlackPayload : public PayloadFormat {
 public:
  [[nodiscard]] std::string body(const Event& event) const override {
    std::string text = std::string(failed(event.kind) ? ":red_circle:" : ":large_green_circle:") + " *" +
                       escape(event.project) + "*: " + std::string(spell(event.kind));
    if (!event.database.empty()) text += " on `" + escape(event.database) + "`";
    if (!event.host.empty()) text += " (" + escape(event.host) + ")";
    if (!event.summary.empty()) text += "\n" + escape(event.summary);
    if (!event.migration.empty()) text += "\nmigration: `" + escape(event.migration) + "`";
    if (!event.snapshot.empty()) text += "\nsnapshot: `" + escape(event.snapshot) + "`";
    if (!event.error.empty()) text += "\nerror: " + escape(event.error);
    text += "\nexit code " + std::to_string(event.exitCode) + ", " + humanDuration(event.durationSeconds);
    return nlohmann::json{{"text", text}}.dump();
  }
};

}  // namespace

const PayloadFormat& slackPayload() {
  static const SlackPayload format;
  return format;
}

}  // namespace sluice::notify
