#pragma once

#include <string>

namespace sluice::cli {

// `sluice --version`: the first line is "sluice <version>" (scripts and help2man read
// it); the lines after it name every library the binary carries or loads, with its
// version and how it is linked.
std::string versionText();

}  // namespace sluice::cli
