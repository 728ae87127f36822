#include "linter/config.hpp"

#include <array>

#include "common/file_io.hpp"
#include "common/text.hpp"

namespace sluice {
namespace fs = std::filesystem;

namespace {

enum KindMask : unsigned {
  kString = 1U << 0U,
  kInteger = 1U << 1U,
  kBoolean = 1U << 2U,
  kArray = 1U << 3U,
  kTable = 1U << 4U,
};

struct KeySpec {
  std::string_view section;  // "" for top-level keys
  std::string_view key;
  unsigned kinds;
};

// Every key .sluice.toml may contain (docs/configuration.md describes them). Modules
// that read a section add their keys here, so that validation stays in one place.
constexpr std::array<KeySpec, 33> kKnownKeys{{
    {"", "pg_version", kInteger},
    {"", "fail_on", kString},
    {"", "exclude", kArray},
    {"", "rules", kTable},
    {"", "migrations", kTable},
    {"", "deploy", kTable},
    {"", "snapshot", kTable},
    {"", "verify", kTable},
    {"migrations", "dir", kString},
    {"migrations", "layout", kString},
    {"migrations", "history_schema", kString},
    {"migrations", "history_table", kString},
    {"deploy", "lock_timeout", kString | kInteger},
    {"deploy", "statement_timeout", kString | kInteger},
    {"deploy", "lock_wait", kString | kInteger},
    {"deploy", "tx_mode", kString},
    {"deploy", "on_failure", kString},
    {"deploy", "lint_gate", kBoolean},
    {"deploy", "audit_log", kString},
    {"deploy", "allow_out_of_order", kBoolean},
    {"deploy", "snapshot", kBoolean},
    {"snapshot", "dir", kString},
    {"snapshot", "key_file", kString},
    {"snapshot", "jobs", kInteger},
    {"snapshot", "compression_level", kInteger},
    {"snapshot", "keep_last", kInteger},
    {"snapshot", "keep_daily", kInteger},
    {"snapshot", "keep_weekly", kInteger},
    {"snapshot", "keep_monthly", kInteger},
    {"snapshot", "max_age", kString},
    {"verify", "scratch_url", kString},
    {"verify", "seed", kString},
    {"verify", "seed_after", kString},
}};

unsigned maskOf(const TomlValue& value) {
  switch (value.kind) {
    case TomlValue::Kind::String: return kString;
    case TomlValue::Kind::Integer: return kInteger;
    case TomlValue::Kind::Boolean: return kBoolean;
    case TomlValue::Kind::Array: return kArray;
    case TomlValue::Kind::Table: return kTable;
    default: return 0;
  }
}

std::string describeMask(unsigned kinds) {
  std::vector<std::string> names;
  if ((kinds & kString) != 0) names.emplace_back("a string");
  if ((kinds & kInteger) != 0) names.emplace_back("an integer");
  if ((kinds & kBoolean) != 0) names.emplace_back("true or false");
  if ((kinds & kArray) != 0) names.emplace_back("an array");
  if ((kinds & kTable) != 0) names.emplace_back("a table");
  return join(names, " or ");
}

class ConfigReader {
 public:
  ConfigReader(Config& config, const std::vector<const RuleMeta*>& rules) : config_(config), rules_(rules) {}

  Status read() {
    if (auto status = checkKeys(config_.document, ""); !status) return status;
    for (const auto& entry : config_.document.table) {
      if (entry.value.kind != TomlValue::Kind::Table || entry.key == "rules") continue;
      if (auto status = checkKeys(entry.value, entry.key); !status) return status;
    }
    if (const TomlValue* version = config_.document.find("pg_version")) {
      if (version->integer < 10 || version->integer > 18) {
        return Error(ErrorCode::Config, "pg_version must be between 10 and 18, not " + std::to_string(version->integer),
                     {}, config_.where(*version));
      }
      config_.pgVersion = static_cast<int>(version->integer);
    }
    if (const TomlValue* failOn = config_.document.find("fail_on")) {
      auto severity = parseSeverity(failOn->string);
      if (!severity || *severity == Severity::Off) {
        return Error(ErrorCode::Config, "fail_on must be \"error\" or \"warning\", not \"" + failOn->string + "\"", {},
                     config_.where(*failOn));
      }
      config_.failOn = *severity;
    }
    if (const TomlValue* exclude = config_.document.find("exclude")) {
      for (const auto& pattern : exclude->array) {
        if (pattern.kind != TomlValue::Kind::String) {
          return Error(ErrorCode::Config, "exclude holds path patterns (strings)", {}, config_.where(pattern));
        }
        config_.exclude.push_back(pattern.string);
      }
    }
    if (const TomlValue* rules = config_.document.find("rules")) return readRules(*rules);
    return {};
  }

 private:
  Status checkKeys(const TomlValue& table, std::string_view section) {
    std::vector<std::string> known;
    for (const auto& spec : kKnownKeys) {
      if (spec.section == section) known.emplace_back(spec.key);
    }
    for (const auto& entry : table.table) {
      const KeySpec* spec = nullptr;
      for (const auto& candidate : kKnownKeys) {
        if (candidate.section == section && candidate.key == entry.key) spec = &candidate;
      }
      std::string qualified = section.empty() ? entry.key : std::string(section) + "." + entry.key;
      if (spec == nullptr) {
        std::string hint = didYouMean(entry.key, known);
        if (hint.empty()) hint = "known keys here: " + join(known, ", ");
        return Error(ErrorCode::Config, "unknown key `" + qualified + "`", hint, at(entry.keyPosition));
      }
      if ((maskOf(entry.value) & spec->kinds) == 0) {
        return Error(
            ErrorCode::Config,
            "`" + qualified + "` must be " + describeMask(spec->kinds) + ", not " + std::string(entry.value.kindName()),
            {}, config_.where(entry.value));
      }
    }
    return {};
  }

  Status readRules(const TomlValue& rules) {
    std::vector<std::string> names;
    for (const RuleMeta* rule : rules_) names.emplace_back(rule->name);
    for (const auto& entry : rules.table) {
      const RuleMeta* rule = nullptr;
      for (const RuleMeta* candidate : rules_) {
        if (candidate->name == entry.key || candidate->code == entry.key) rule = candidate;
      }
      if (rule == nullptr) {
        std::string hint = didYouMean(entry.key, names);
        if (hint.empty()) hint = "`sluice rules` lists every rule";
        return Error(ErrorCode::Config, "unknown rule `" + entry.key + "`", hint, at(entry.keyPosition));
      }
      RuleConfig& target = config_.rules[std::string(rule->name)];
      if (entry.value.kind == TomlValue::Kind::String) {
        if (auto status = readSeverity(entry.value, target); !status) return status;
        continue;
      }
      if (entry.value.kind != TomlValue::Kind::Table) {
        return Error(ErrorCode::Config,
                     "rules." + entry.key + " must be a severity (\"error\", \"warning\", \"off\") or a table", {},
                     config_.where(entry.value));
      }
      std::vector<std::string> optionNames{"severity"};
      for (const auto& option : rule->options) optionNames.emplace_back(option.name);
      for (const auto& setting : entry.value.table) {
        if (setting.key == "severity") {
          if (setting.value.kind != TomlValue::Kind::String) {
            return Error(ErrorCode::Config, "severity must be \"error\", \"warning\" or \"off\"", {},
                         config_.where(setting.value));
          }
          if (auto status = readSeverity(setting.value, target); !status) return status;
          continue;
        }
        const RuleOptionSpec* spec = nullptr;
        for (const auto& option : rule->options) {
          if (option.name == setting.key) spec = &option;
        }
        if (spec == nullptr) {
          std::string hint = didYouMean(setting.key, optionNames);
          if (hint.empty()) hint = "`" + std::string(rule->name) + "` takes: " + join(optionNames, ", ");
          return Error(ErrorCode::Config,
                       "unknown option `" + setting.key + "` for rule `" + std::string(rule->name) + "`", hint,
                       at(setting.keyPosition));
        }
        auto value = ruleOptionValue(*spec, setting.value, config_.where(setting.value));
        if (!value) return value.takeError();
        target.options.set(std::string(spec->name), std::move(*value));
      }
    }
    return {};
  }

  Status readSeverity(const TomlValue& value, RuleConfig& target) {
    auto severity = parseSeverity(value.string);
    if (!severity) {
      return Error(ErrorCode::Config, "unknown severity \"" + value.string + "\"",
                   "use \"error\", \"warning\" or \"off\"", config_.where(value));
    }
    target.severity = severity;
    return {};
  }

  std::string at(TextPosition position) const {
    return (config_.file ? config_.file->string() : std::string(kConfigFileName)) + ":" +
           std::to_string(position.line) + ":" + std::to_string(position.column);
  }

  Config& config_;
  const std::vector<const RuleMeta*>& rules_;
};

}  // namespace

const TomlValue* Config::value(std::string_view section, std::string_view key) const {
  const TomlValue* table = section.empty() ? &document : document.find(section);
  if (table == nullptr || table->kind != TomlValue::Kind::Table) return nullptr;
  return table->find(key);
}

std::string Config::where(const TomlValue& value) const {
  return (file ? file->string() : std::string(kConfigFileName)) + ":" + std::to_string(value.position.line) + ":" +
         std::to_string(value.position.column);
}

std::optional<fs::path> findConfig(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec);
  if (ec) return std::nullopt;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (;;) {
    fs::path candidate = dir / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.root_path() || dir.empty()) return std::nullopt;
    dir = dir.parent_path();
  }
}

Expected<RuleOptionValue> ruleOptionValue(const RuleOptionSpec& spec, const TomlValue& value,
                                          const std::string& where) {
  auto wrong = [&](std::string_view expected) {
    return Error(ErrorCode::Config,
                 "option `" + std::string(spec.name) + "` must be " + std::string(expected) + ", not " +
                     std::string(value.kindName()),
                 std::string(spec.description), where);
  };
  switch (spec.type) {
    case RuleOptionSpec::Type::Integer:
      if (value.kind != TomlValue::Kind::Integer) return wrong("an integer");
      if (value.integer < 0) {
        return Error(ErrorCode::Config, "option `" + std::string(spec.name) + "` cannot be negative", {}, where);
      }
      return RuleOptionValue(value.integer);
    case RuleOptionSpec::Type::Boolean:
      if (value.kind != TomlValue::Kind::Boolean) return wrong("true or false");
      return RuleOptionValue(value.boolean);
    case RuleOptionSpec::Type::String:
      if (value.kind != TomlValue::Kind::String) return wrong("a string");
      return RuleOptionValue(value.string);
    case RuleOptionSpec::Type::StringList: {
      if (value.kind != TomlValue::Kind::Array) return wrong("an array of strings");
      std::vector<std::string> items;
      for (const auto& item : value.array) {
        if (item.kind != TomlValue::Kind::String) return wrong("an array of strings");
        items.push_back(item.string);
      }
      return RuleOptionValue(std::move(items));
    }
  }
  return wrong("a value");
}

Config defaultConfig(const std::vector<const RuleMeta*>& rules) {
  Config config;
  config.baseDir = fs::current_path();
  for (const RuleMeta* rule : rules) {
    RuleConfig& target = config.rules[std::string(rule->name)];
    for (const auto& option : rule->options) {
      // Defaults are written in TOML so that docs and code show the same text.
      auto document = parseToml("value = " + std::string(option.defaultValue), "<default>");
      if (!document) continue;
      auto value = ruleOptionValue(option, *document->find("value"), "<default>");
      if (value) target.options.set(std::string(option.name), std::move(*value));
    }
  }
  return config;
}

Expected<Config> loadConfig(const fs::path& file, const std::vector<const RuleMeta*>& rules) {
  auto text = readFile(file);
  if (!text) {
    Error error = text.takeError();
    error.code = ErrorCode::Config;
    return error;
  }
  auto document = parseToml(*text, file.string());
  if (!document) return document.takeError();
  Config config = defaultConfig(rules);
  config.file = file;
  config.baseDir = file.parent_path().empty() ? fs::current_path() : fs::absolute(file.parent_path());
  config.document = std::move(*document);
  ConfigReader reader(config, rules);
  if (auto status = reader.read(); !status) return status.takeError();
  return config;
}

}  // namespace sluice
