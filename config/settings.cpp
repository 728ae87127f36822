#include "config/settings.hpp"

namespace sluice::config {

std::string Origin::describe() const {
  switch (kind) {
    case Kind::Default: return "default";
    case Kind::Tool:
    case Kind::File: return name;
    case Kind::Environment: return "env " + name;
    case Kind::Flag: return "flag " + name;
  }
  return "default";
}

std::string_view Origin::kindName() const {
  switch (kind) {
    case Kind::Default: return "default";
    case Kind::Tool: return "tool";
    case Kind::File: return "file";
    case Kind::Environment: return "env";
    case Kind::Flag: return "flag";
  }
  return "default";
}

std::string shownPath(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return path.string();
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  if (ec) return path.string();
  fs::path relative = absolute.lexically_relative(cwd);
  if (relative.empty() || *relative.begin() == "..") return path.string();
  return relative.string();
}

const Entry* Settings::entry(std::string_view key) const {
  for (const Entry& candidate : entries) {
    if (candidate.key == key) return &candidate;
  }
  return nullptr;
}

std::string Settings::where(std::string_view key) const {
  const Entry* found = entry(key);
  return found == nullptr || found->origin.kind == Origin::Kind::Default ? std::string() : found->origin.describe();
}

}  // namespace sluice::config
