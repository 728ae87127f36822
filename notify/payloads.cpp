#include <array>
#include <utility>

#include "notify/payload.hpp"

namespace sluice::notify {

const PayloadFormat& payloadFormat(config::Payload payload) {
  // Sorted by name; one line per format.
  static const std::array<std::pair<config::Payload, const PayloadFormat*>, 2> kFormats{{
      {config::Payload::Json, &jsonPayload()},
      {config::Payload::Slack, &slackPayload()},
  }};
  for (const auto& format : kFormats) {
    if (format.first == payload) return *format.second;
  }
  return jsonPayload();
}

}  // namespace sluice::notify
