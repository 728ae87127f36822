#pragma once
// Paths kept as strings where thousands are handled: a std::filesystem::path splits
// itself into components on every construction.

#include <string>
#include <string_view>

namespace sluice {

// Appends `name` (relative, no leading slash) to `path` as std::filesystem's operator/
// spells the result: with a slash between them unless `path` is empty or ends with one.
inline void appendPathName(std::string& path, std::string_view name) {
  if (!path.empty() && path.back() != '/') path += '/';
  path += name;
}

}  // namespace sluice
