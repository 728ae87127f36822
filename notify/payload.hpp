#pragma once
// The body a webhook receives. One format per file behind this interface, chosen by
// `payload` in [[notify.webhook]]; the list is payloads.cpp.

#include <string>
#include <string_view>

#include "config/choices.hpp"
#include "notify/event.hpp"

namespace sluice::notify {

class PayloadFormat {
 public:
  virtual ~PayloadFormat() = default;
  [[nodiscard]] virtual std::string body(const Event& event) const = 0;
};

const PayloadFormat& jsonPayload();
const PayloadFormat& slackPayload();

const PayloadFormat& payloadFormat(config::Payload payload);

}  // namespace sluice::notify
