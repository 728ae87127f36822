#pragma once
// Webhook signatures: HMAC-SHA256 of the exact body bytes with the webhook's secret, sent
// as `X-Sluice-Signature-256: sha256=<lowercase hex>` (the scheme GitHub's webhooks
// use, so existing receivers can check it). docs/operations.md shows a check.

#include <string>
#include <string_view>

#include "common/secret.hpp"

namespace sluice::notify {

inline constexpr std::string_view kSignatureHeader = "X-Sluice-Signature-256";

// "sha256=" followed by the lowercase hex HMAC-SHA256 of `body`.
std::string signatureOf(const Secret& secret, std::string_view body);

}  // namespace sluice::notify
