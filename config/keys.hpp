#pragma once
// Every key `.sluice.toml` may hold, in one table: its type, default, environment
// variable, flags, and what it does. The loader validates against it, `sluice config`
// prints from it, and docs/configuration.md describes exactly these keys (a unit test
// checks that). Keys whose feature has not landed yet are `reserved`: they are
// validated like the others, and setting one is a warning, so that it never silently
// does nothing.
//
// Sections are the part of a key's name before its last dot ("deploy" for
// "deploy.lock_timeout", "" for top-level keys); `notify.webhook` is an array of tables
// (`[[notify.webhook]]`). `[rules]` is not in the table: its keys are the rules' names
// and options (config/catalog.hpp).

#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

namespace sluice::config {

enum class KeyType {
  String,
  Path,     // relative to the configuration file's folder (to the current directory for flags)
  Integer,  // within [min, max]
  Boolean,
  Duration,    // common/duration.hpp; within [min, max] milliseconds
  ByteSize,    // common/byte_size.hpp
  Choice,      // one of `choices`
  StringList,  // an array of strings
  ChoiceList,  // an array of `choices`
  Secret,      // common/secret.hpp: shown only as ***
  Layout,      // a migration layout's name (the linter's list, config/catalog.hpp)
};

struct KeySpec {
  std::string_view name{};  // "deploy.lock_timeout"
  KeyType type = KeyType::String;
  std::string_view defaultValue{};  // as TOML would write it, without quotes; "" when unset
  std::string_view description{};   // one line, for docs and `sluice config`
  std::string_view flag{};          // the command-line flag that sets it, if any
  std::string_view env{};           // the environment variable that sets it, if any
  std::span<const std::string_view> choices{};
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  bool reserved = false;         // its feature has not landed: setting it is a warning
  bool environmentOnly = false;  // credentials: never in the file
  bool computedDefault = false;  // defaultValue describes how the default is found
};

struct SectionSpec {
  std::string_view name{};  // "" for the top level
  bool arrayOfTables = false;
  bool reserved = false;
};

// In display order: sections as docs/configuration.md lists them, keys sorted within.
std::span<const KeySpec> keySpecs();
std::span<const SectionSpec> sectionSpecs();

const KeySpec* findKey(std::string_view name);
const SectionSpec* findSection(std::string_view name);

// "deploy" for "deploy.lock_timeout"; "" for top-level keys.
std::string_view sectionOf(std::string_view key);
// "lock_timeout" for "deploy.lock_timeout".
std::string_view leafOf(std::string_view key);

}  // namespace sluice::config
