#include "config/loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "common/file_io.hpp"
#include "common/text.hpp"
#include "common/toml.hpp"
#include "config/prisma_config.hpp"
#include "config/sections.hpp"
#include "config/values.hpp"

namespace sluice::config {
namespace fs = std::filesystem;
namespace {

int rank(Origin::Kind kind) { return static_cast<int>(kind); }

// Sections in display order, [rules] last.
std::size_t displayRank(const Entry& entry) {
  if (entry.spec == nullptr) return sectionSpecs().size();
  std::string_view section = sectionOf(entry.spec->name);
  for (std::size_t i = 0; i < sectionSpecs().size(); ++i) {
    if (sectionSpecs()[i].name == section) return i;
  }
  return sectionSpecs().size();
}

class Loader {
 public:
  Loader(const LoadRequest& request, Settings& settings)
      : request_(request),
        settings_(settings),
        environment_(request.environment ? request.environment : processEnvironment()) {}

  Status run() {
    fs::path start = request_.searchFrom.empty() ? fs::current_path() : request_.searchFrom;
    std::optional<fs::path> file = request_.file ? request_.file : findConfigFile(start);
    settings_.baseDir = fs::current_path();
    if (file) {
      settings_.file = *file;
      fileShown_ = shownPath(*file);
      settings_.baseDir = file->parent_path().empty() ? fs::current_path() : fs::absolute(file->parent_path());
    }
    for (const KeySpec& spec : keySpecs()) {
      if (!inArray(spec.name)) settings_.entries.push_back({std::string(spec.name), &spec, defaultValue(spec), {}});
    }
    if (file) {
      if (auto status = readFile(*file); !status) return status;
    }
    if (auto status = readEnvironment(); !status) return status;
    if (auto status = applyFlags(); !status) return status;
    readPrismaConfigFile(fs::current_path());
    fillComputedDefaults();
    warnAboutReserved();
    std::stable_sort(settings_.entries.begin(), settings_.entries.end(),
                     [](const Entry& a, const Entry& b) { return displayRank(a) < displayRank(b); });
    return buildSections(settings_, std::move(rules_));
  }

 private:
  static bool inArray(std::string_view key) {
    const SectionSpec* section = findSection(sectionOf(key));
    return section != nullptr && section->arrayOfTables;
  }

  std::string at(TextPosition position) const {
    return fileShown_ + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
  }

  void set(const std::string& key, const KeySpec* spec, Value value, Origin origin) {
    if (spec != nullptr && spec->type == KeyType::Path && origin.kind == Origin::Kind::File) {
      // Paths in the file are relative to the file's folder, wherever sluice runs.
      if (auto* text = std::get_if<std::string>(&value)) {
        fs::path path = *text;
        // A URL (s3://BUCKET/PREFIX for snapshot.dir) is not relative to anything.
        if (!path.is_absolute() && text->find("://") == std::string::npos)
          *text = (settings_.baseDir / path).lexically_normal().string();
      }
    }
    for (Entry& entry : settings_.entries) {
      if (entry.key != key) continue;
      // Layers are applied in precedence order, so a later one always ranks at least as high.
      if (rank(origin.kind) >= rank(entry.origin.kind)) {
        entry.value = std::move(value);
        entry.origin = std::move(origin);
      }
      return;
    }
    settings_.entries.push_back({key, spec, std::move(value), std::move(origin)});
  }

  Status readFile(const fs::path& file) {
    auto text = sluice::readFile(file);
    if (!text) {
      Error error = text.takeError();
      error.code = ErrorCode::Config;
      return error;
    }
    auto document = parseToml(*text, fileShown_);
    if (!document) return document.takeError();
    return readTable(*document, "", "");
  }

  // The keys and sections that may appear in `section`, for suggestions.
  static std::vector<std::string> namesIn(std::string_view section, bool sections) {
    std::vector<std::string> names;
    if (sections) {
      for (const SectionSpec& spec : sectionSpecs()) {
        if (!spec.name.empty() && sectionOf(spec.name) == section) names.emplace_back(leafOf(spec.name));
      }
    }
    for (const KeySpec& spec : keySpecs()) {
      if (sectionOf(spec.name) == section && !spec.environmentOnly) names.emplace_back(leafOf(spec.name));
    }
    return names;
  }

  Status unknown(const TomlEntry& entry, const std::string& section, const std::string& qualified) {
    bool isTable = entry.value.kind == TomlValue::Kind::Table;
    std::vector<std::string> candidates = namesIn(section, true);
    std::string hint = didYouMean(entry.key, candidates);
    if (hint.empty()) hint = "known here: " + join(candidates, ", ") + " (docs/configuration.md lists every key)";
    return Error(ErrorCode::Config,
                 std::string(isTable ? "unknown section `[" : "unknown key `") + qualified + (isTable ? "]`" : "`"),
                 hint, at(entry.keyPosition));
  }

  Status readTable(const TomlValue& table, const std::string& section, const std::string& prefix) {
    for (const TomlEntry& entry : table.table) {
      std::string qualified = section.empty() ? entry.key : section + "." + entry.key;
      std::string entryKey = prefix.empty() ? entry.key : prefix + "." + entry.key;
      if (qualified == "rules") {
        if (entry.value.kind != TomlValue::Kind::Table) {
          return Error(ErrorCode::Config, "`rules` must be a table", "write [rules] and one line per rule",
                       at(entry.keyPosition));
        }
        if (auto status = readRules(entry.value); !status) return status;
        continue;
      }
      if (const SectionSpec* sub = findSection(qualified)) {
        if (sub->arrayOfTables) {
          bool tables = entry.value.kind == TomlValue::Kind::Array &&
                        std::all_of(entry.value.array.begin(), entry.value.array.end(),
                                    [](const TomlValue& item) { return item.kind == TomlValue::Kind::Table; });
          if (!tables) {
            return Error(ErrorCode::Config, "`" + qualified + "` is a list of tables",
                         "write each one as [[" + qualified + "]]", at(entry.keyPosition));
          }
          for (std::size_t i = 0; i < entry.value.array.size(); ++i) {
            std::string element = qualified + "[" + std::to_string(i + 1) + "]";
            for (const KeySpec& spec : keySpecs()) {
              if (sectionOf(spec.name) == qualified) {
                set(element + "." + std::string(leafOf(spec.name)), &spec, defaultValue(spec), {});
              }
            }
            if (auto status = readTable(entry.value.array[i], qualified, element); !status) return status;
          }
          continue;
        }
        if (entry.value.kind != TomlValue::Kind::Table) {
          return Error(ErrorCode::Config, "`" + qualified + "` must be a table", "write [" + qualified + "]",
                       at(entry.keyPosition));
        }
        settings_.fileSections.push_back(qualified);
        if (auto status = readTable(entry.value, qualified, qualified); !status) return status;
        continue;
      }
      const KeySpec* spec = findKey(qualified);
      if (spec == nullptr) return unknown(entry, section, qualified);
      if (spec->environmentOnly) {
        return Error(ErrorCode::Config, "`" + qualified + "` cannot be written in the file",
                     "set " + std::string(spec->env) + " in the environment instead (it is a credential)",
                     at(entry.keyPosition));
      }
      auto value = valueFromToml(*spec, entry.value, request_.catalog);
      if (!value) {
        Error error = value.takeError();
        error.message = "`" + qualified + "`" + (error.message.starts_with("must") ? " " : ": ") + error.message;
        error.code = ErrorCode::Config;
        error.location = at(entry.value.position);
        return error;
      }
      set(entryKey, spec, std::move(*value), {Origin::Kind::File, at(entry.value.position)});
    }
    return {};
  }

  Status readSeverity(const TomlValue& value, const std::string& key, RuleSetting& target) {
    const auto& names = severityNames();
    if (value.kind != TomlValue::Kind::String || std::find(names.begin(), names.end(), value.string) == names.end()) {
      std::string shown =
          value.kind == TomlValue::Kind::String ? "\"" + value.string + "\"" : "a " + std::string(value.kindName());
      return Error(ErrorCode::Config, "unknown severity " + shown + " for `" + key + "`",
                   "use \"error\", \"warning\" or \"off\"", at(value.position));
    }
    target.severity = value.string;
    set(key, nullptr, Value(value.string), {Origin::Kind::File, at(value.position)});
    return {};
  }

  Status readRules(const TomlValue& rules) {
    std::vector<std::string> names;
    for (const RuleInfo& rule : request_.catalog.rules) names.push_back(rule.name);
    for (const TomlEntry& entry : rules.table) {
      const RuleInfo* rule = nullptr;
      for (const RuleInfo& candidate : request_.catalog.rules) {
        if (candidate.name == entry.key || candidate.code == entry.key) rule = &candidate;
      }
      if (rule == nullptr) {
        std::string hint = didYouMean(entry.key, names);
        if (hint.empty()) hint = "`sluice rules` lists every rule";
        return Error(ErrorCode::Config, "unknown rule `" + entry.key + "`", hint, at(entry.keyPosition));
      }
      std::string key = "rules." + rule->name;
      RuleSetting& target = rules_[rule->name];
      if (entry.value.kind == TomlValue::Kind::String) {
        if (auto status = readSeverity(entry.value, key, target); !status) return status;
        continue;
      }
      if (entry.value.kind != TomlValue::Kind::Table) {
        return Error(ErrorCode::Config,
                     "`" + key + "` must be a severity (\"error\", \"warning\", \"off\") or a table, not " +
                         std::string(entry.value.kindName()),
                     {}, at(entry.value.position));
      }
      std::vector<std::string> optionNames{"severity"};
      for (const RuleOptionInfo& option : rule->options) optionNames.push_back(option.name);
      for (const TomlEntry& setting : entry.value.table) {
        if (setting.key == "severity") {
          if (auto status = readSeverity(setting.value, key, target); !status) return status;
          continue;
        }
        const RuleOptionInfo* option = nullptr;
        for (const RuleOptionInfo& candidate : rule->options) {
          if (candidate.name == setting.key) option = &candidate;
        }
        if (option == nullptr) {
          std::string hint = didYouMean(setting.key, optionNames);
          if (hint.empty()) hint = "`" + rule->name + "` takes: " + join(optionNames, ", ");
          return Error(ErrorCode::Config, "unknown option `" + setting.key + "` for rule `" + rule->name + "`", hint,
                       at(setting.keyPosition));
        }
        auto value = optionFromToml(*option, setting.value);
        if (!value) {
          Error error = value.takeError();
          error.location = at(setting.value.position);
          return error;
        }
        set(key + "." + option->name, nullptr, toValue(*value), {Origin::Kind::File, at(setting.value.position)});
        target.options.emplace_back(option->name, std::move(*value));
      }
    }
    return {};
  }

  Status readEnvironment() {
    for (const KeySpec& spec : keySpecs()) {
      if (spec.env.empty() || inArray(spec.name)) continue;
      std::optional<std::string> text = environment_(spec.env);
      if (!text || text->empty()) continue;
      auto value = valueFromText(spec, *text, request_.catalog);
      if (!value) {
        Error error = value.takeError();
        error.message = std::string(spec.env) + ": " + error.message;
        error.code = ErrorCode::Config;
        error.location = "environment variable " + std::string(spec.env);
        return error;
      }
      set(std::string(spec.name), &spec, std::move(*value), {Origin::Kind::Environment, std::string(spec.env)});
    }
    return {};
  }

  Status applyFlags() {
    for (const FlagValue& flag : request_.flags) {
      const KeySpec* spec = findKey(flag.key);
      if (spec == nullptr || inArray(spec->name)) {
        return Error(ErrorCode::Internal, "the flag " + flag.flag + " sets an unknown setting `" + flag.key + "`");
      }
      auto value = valueFromText(*spec, flag.text, request_.catalog);
      if (!value) {
        Error error = value.takeError();
        error.message = flag.flag + ": " + error.message;
        error.code = ErrorCode::Usage;
        return error;
      }
      set(flag.key, spec, std::move(*value), {Origin::Kind::Flag, flag.flag});
    }
    return {};
  }

  // Prisma 7's prisma.config.ts, looked up where Prisma looks (the current directory),
  // fills what nothing above set: the migrations folder and the URL's variable. What it
  // computes at run time is not guessed; the section says what to set instead.
  void readPrismaConfigFile(const fs::path& root) {
    std::optional<fs::path> file = findPrismaConfig(root);
    if (!file) return;
    auto unset = [&](std::string_view key) {
      const Entry* entry = settings_.entry(key);
      return entry != nullptr && std::holds_alternative<std::monostate>(entry->value);
    };
    bool needDir = unset("migrations.dir");
    bool needUrl = unset("migrations.database_url_env");
    if (!needDir && !needUrl) return;
    auto config = readPrismaConfig(*file);
    if (!config) {
      if (needDir) settings_.migrations.dirProblem = config.error();
      if (needUrl) settings_.migrations.databaseUrlProblem = config.error();
      return;
    }
    std::string shown = shownPath(*file);
    if (const PrismaConfigValue* source = config->migrationsSource(); needDir && source != nullptr) {
      if (auto dir = config->migrationsDir()) {
        set("migrations.dir", findKey("migrations.dir"), dir->string(), {Origin::Kind::Tool, source->location});
      } else {
        settings_.migrations.dirProblem =
            Error(ErrorCode::Config,
                  shown + " computes the migrations folder when it runs (`" + source->text +
                      "`), and sluice reads the file without running it",
                  "pass --dir, or set [migrations] dir in .sluice.toml", source->location);
      }
    }
    if (!needUrl) return;
    if (config->urlVariable && !config->urlVariable->computed) {
      set("migrations.database_url_env", findKey("migrations.database_url_env"), config->urlVariable->text,
          {Origin::Kind::Tool, config->urlVariable->location});
    } else if (config->urlVariable) {
      settings_.migrations.databaseUrlProblem =
          Error(ErrorCode::Usage,
                shown + " computes the database URL when it runs (`" + config->urlVariable->text +
                    "`), and sluice reads the file without running it",
                "pass --database-url, or set [migrations] database_url_env in .sluice.toml to the variable that "
                "holds the URL",
                config->urlVariable->location);
    } else if (config->urlLiteral) {
      settings_.migrations.databaseUrlProblem =
          Error(ErrorCode::Usage, shown + " writes the database URL in the file, which sluice does not read",
                "pass --database-url, or keep the URL in a variable (url: env(\"DATABASE_URL\")) for both tools",
                config->urlLiteral->location);
    }
  }

  void fillComputedDefaults() {
    for (Entry& entry : settings_.entries) {
      if (!std::holds_alternative<std::monostate>(entry.value)) continue;
      if (entry.key == "migrations.dir") {
        // A tool's config that names the folder in a way sluice cannot read wins over a
        // folder found by convention: the project may keep its migrations elsewhere.
        if (settings_.migrations.dirProblem) continue;
        for (const char* candidate : {"prisma/migrations", "migrations", "db/migrations"}) {
          std::error_code ec;
          if (fs::is_directory(candidate, ec)) {
            entry.value = std::string(candidate);
            break;
          }
        }
      } else if (entry.key == "snapshot.dir") {
        entry.value = (settings_.baseDir / ".sluice" / "snapshots").string();
      }
    }
  }

  void warnAboutReserved() {
    std::vector<std::string> warned;
    for (const Entry& entry : settings_.entries) {
      if (entry.spec == nullptr || !entry.spec->reserved) continue;
      if (entry.origin.kind != Origin::Kind::File && entry.origin.kind != Origin::Kind::Flag) continue;
      // One warning per reserved section (the outermost), or per reserved key of a section in use.
      std::string unit(entry.spec->name);
      for (std::string_view section = sectionOf(entry.spec->name); !section.empty(); section = sectionOf(section)) {
        const SectionSpec* spec = findSection(section);
        if (spec != nullptr && spec->reserved) unit = "[" + std::string(section) + "]";
      }
      if (std::find(warned.begin(), warned.end(), unit) != warned.end()) continue;
      warned.push_back(unit);
      settings_.warnings.emplace_back(
          ErrorCode::Config, "`" + unit + "` is reserved for a coming release and has no effect yet",
          "remove it for now; docs/configuration.md lists the reserved keys", entry.origin.name);
    }
  }

  const LoadRequest& request_;
  Settings& settings_;
  Environment environment_;
  std::string fileShown_;
  std::map<std::string, RuleSetting, std::less<>> rules_;
};

}  // namespace

Environment processEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Expected<Settings> loadSettings(const LoadRequest& request) {
  Settings settings;
  Loader loader(request, settings);
  if (auto status = loader.run(); !status) return status.takeError();
  return settings;
}

std::optional<fs::path> findConfigFile(const fs::path& start) {
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

Expected<OptionValue> parseOptionDefault(OptionKind kind, std::string_view toml) {
  auto document = parseToml("value = " + std::string(toml), "<default>");
  if (!document) return document.takeError();
  RuleOptionInfo option{"value", kind, {}};
  return optionFromToml(option, *document->find("value"));
}

}  // namespace sluice::config
