#pragma once
// Loads the configuration once: defaults, then `.sluice.toml`, then the environment,
// then the flags, each later one winning (flag > environment > file > default). Every
// key and value is validated against config/keys.hpp (and the catalog for [rules] and
// layouts); an error names the file, line and column (or the variable or flag) and
// suggests the closest known key for a typo.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "config/catalog.hpp"
#include "config/settings.hpp"

namespace sluice::config {

inline constexpr const char* kConfigFileName = ".sluice.toml";

// A flag the user gave, as text, for the key it sets. Commands list the flags they
// were given; the loader parses them with the key's type and applies precedence.
struct FlagValue {
  std::string key;   // "deploy.lock_timeout"
  std::string text;  // "5s"
  std::string flag;  // "--lock-timeout", for messages and `--print-config`
};

// Looks up an environment variable; the process environment by default, a map in tests.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;
Environment processEnvironment();

struct LoadRequest {
  std::optional<std::filesystem::path> file;  // --config; else .sluice.toml found upward from searchFrom
  std::filesystem::path searchFrom;           // empty: the current directory
  std::vector<FlagValue> flags;
  Catalog catalog;
  Environment environment;  // empty: the process environment
};

Expected<Settings> loadSettings(const LoadRequest& request);

// The nearest .sluice.toml at or above `start` (a file or a directory).
std::optional<std::filesystem::path> findConfigFile(const std::filesystem::path& start);

// A rule option's default, written as TOML ("20", "true", "[\"prisma\"]") in the rule's
// metadata, as a value.
Expected<OptionValue> parseOptionDefault(OptionKind kind, std::string_view toml);

}  // namespace sluice::config
