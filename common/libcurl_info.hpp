#pragma once

#include <string>

namespace sluice {

// Why libcurl cannot be used, or "" when it can (common/libcurl_loader.cpp loads it on
// first use). Webhooks and S3 say this when their request cannot start.
std::string libcurlProblem();

}  // namespace sluice
