#pragma once

#include <string>

namespace sluice {

// How this build reaches libpq and which version it gets, for `sluice --version`:
// linked in (the self-contained binary) or loaded on first use (libpq_loader.cpp). Never
// exits: a missing shared libpq is reported, not fatal.
std::string libpqDescription();

}  // namespace sluice
