// The generic payload: one JSON object whose fields are documented in
// docs/operations.md ("Notifications"). Empty fields are present as null, so that a
// receiver's schema does not depend on the event.

#include <nlohmann/json.hpp>

#include "common/version.hpp"
#include "notify/payload.hpp"

namespace sluice::notify {
namespace {

nlohmann::json orNull(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

class JsonPayload : public PayloadFormat {
 public:
  [[nodiscard]] std::string body(const Event& event) const override {
    nlohmann::json out = {
        {"event", spell(event.kind)},
        {"project", event.project},
        {"database", orNull(event.database)},
        {"migration", orNull(event.migration)},
        {"error", orNull(event.error)},
        {"duration_seconds", event.durationSeconds},
        {"snapshot", orNull(event.snapshot)},
        {"exit_code", event.exitCode},
        {"host", event.host},
        {"summary", event.summary},
        {"at", event.at},
        {"sluice_version", std::string(kVersion)},
    };
    return out.dump();
  }
};

}  // namespace

const PayloadFormat& jsonPayload() {
  static const JsonPayload format;
  return format;
}

}  // namespace sluice::notify
