// Flyway: V<version>__<description>.sql (versioned), U<version>__<description>.sql (its
// undo), R__<description>.sql (repeatable). Facts from Flyway's source
// (MigrationVersion, the SQL migration resolver and the PostgreSQL parser): only `.sql`
// files are migrations; `_` in a version is a `.`, versions compare part by part as
// numbers, trailing zero parts do not count (1.0 is 1), and two migrations of one version
// are an error; repeatables run after the versioned ones, ordered by description, again
// whenever their checksum changes. Each migration runs in its own transaction, unless all
// its statements refuse one (then each runs on its own) or `<file>.conf` says
// `executeInTransaction=false`; a migration that mixes both kinds is refused (Flyway's
// `mixed` is false by default). `${...}` placeholders are replaced before running.
#include "common/file_io.hpp"
#include "common/text.hpp"
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

struct FlywayName {
  char prefix = 'V';
  std::string version;  // as written: "17.1", "2_1"
  std::string description;
};

std::optional<FlywayName> parseName(std::string_view name) {
  if (!name.ends_with(".sql") || name.size() < 4) return std::nullopt;
  std::string_view stem = name.substr(0, name.size() - 4);
  if (stem.empty() || (stem[0] != 'V' && stem[0] != 'U' && stem[0] != 'R')) return std::nullopt;
  std::size_t separator = stem.find("__", 1);
  if (separator == std::string_view::npos) return std::nullopt;
  FlywayName parsed;
  parsed.prefix = stem[0];
  parsed.version = std::string(stem.substr(1, separator - 1));
  parsed.description = std::string(stem.substr(separator + 2));
  if (parsed.prefix == 'R' ? !parsed.version.empty() : parsed.version.empty()) return std::nullopt;
  return parsed;
}

// The version's numeric parts, without trailing zero parts; empty if not numeric.
std::vector<std::string> versionParts(std::string_view version) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : version) {
    if (c == '.' || c == '_') {
      if (current.empty()) return {};
      parts.emplace_back(withoutLeadingZeros(current));
      current.clear();
    } else if (c >= '0' && c <= '9') {
      current.push_back(c);
    } else {
      return {};
    }
  }
  if (current.empty()) return {};
  parts.emplace_back(withoutLeadingZeros(current));
  while (parts.size() > 1 && parts.back() == "0") parts.pop_back();
  return parts;
}

std::optional<bool> executeInTransaction(const std::filesystem::path& script) {
  std::filesystem::path conf = script;
  conf += ".conf";
  if (!isRegularFile(conf)) return std::nullopt;
  auto text = readFile(conf);
  if (!text) return std::nullopt;
  for (std::string_view line : split(*text, '\n')) {
    std::string compact;
    for (char c : line) {
      if (c != ' ' && c != '\t' && c != '\r') compact.push_back(c);
    }
    if (compact == "executeInTransaction=false") return false;
    if (compact == "executeInTransaction=true") return true;
  }
  return std::nullopt;
}

class Flyway final : public MigrationFormat {
 public:
  Flyway()
      : MigrationFormat({.name = "flyway",
                         .tool = "Flyway",
                         .historyTool = "flyway",
                         .summary = "Flyway: V<version>__<desc>.sql, U<version>__ undo, R__ repeatable",
                         .expectsRollback = false,
                         .numericVersions = true,
                         .detectionStrength = 80}) {}

  Detection detect(const FolderListing& folder) const override {
    std::size_t sql = 0;
    std::size_t named = 0;
    for (const std::string& name : folder.files()) {
      if (!name.ends_with(".sql")) continue;
      ++sql;
      if (auto parsed = parseName(name); parsed && (parsed->prefix == 'R' || !versionParts(parsed->version).empty())) {
        ++named;
      }
    }
    if (named == 0 || named * 2 < sql) return {};
    return {80, std::to_string(named) + " of " + std::to_string(sql) +
                    " .sql files named V<version>__, U<version>__ or R__"};
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    MigrationSet set = emptySet(dir, *this);
    std::vector<std::pair<FlywayName, std::filesystem::path>> undos;
    for (const auto& entry : entriesOf(dir)) {
      std::string name(entry.name());
      if (!isRegularFile(entry)) continue;
      if (!name.ends_with(".sql")) {
        if (name.ends_with(".sql.conf")) continue;
        if (parseName(name.substr(0, name.rfind('.') == std::string::npos ? name.size() : name.rfind('.')) + ".sql")) {
          set.notRun.emplace_back(entry.path(), "Flyway reads only .sql files");
        }
        continue;
      }
      auto parsed = parseName(name);
      if (!parsed) {
        set.notRun.emplace_back(entry.path(), "not named V<version>__, U<version>__ or R__: Flyway ignores it");
        continue;
      }
      if (parsed->prefix != 'R' && versionParts(parsed->version).empty()) {
        return Error(ErrorCode::Input,
                     "Flyway refuses the version `" + parsed->version + "` of " + name +
                         ": only digits, `.` and `_` are allowed",
                     "rename the file (V1_2__name.sql, V1.2__name.sql)", entry.path().lexically_normal().string());
      }
      if (parsed->prefix == 'U') {
        undos.emplace_back(*parsed, entry.path());
        continue;
      }
      Migration migration;
      migration.format = this;
      migration.id = name.substr(0, name.size() - 4);
      migration.forward = entry.path();
      migration.version = parsed->version;
      migration.name = parsed->description;
      migration.repeatable = parsed->prefix == 'R';
      migration.runInTransaction = executeInTransaction(entry.path());
      set.migrations.push_back(std::move(migration));
    }
    // Repeatables after the versioned ones, by description (sortUniqueVersions keeps ids' order for them).
    if (auto sorted = sortUniqueVersions(set.migrations, *this); !sorted) return sorted.takeError();
    std::stable_sort(set.migrations.begin(), set.migrations.end(), [](const Migration& a, const Migration& b) {
      if (a.repeatable != b.repeatable) return b.repeatable;
      return a.repeatable && a.name < b.name;
    });
    for (auto& [undo, path] : undos) {
      // A named copy: lambdas may not capture structured bindings before clang 16.
      const auto undoVersion = versionParts(undo.version);
      auto it = std::find_if(set.migrations.begin(), set.migrations.end(), [&](const Migration& migration) {
        return !migration.repeatable && versionParts(migration.version) == undoVersion;
      });
      if (it == set.migrations.end() || it->rollback) {
        set.orphanRollbacks.push_back(path);
      } else {
        it->rollback = path;
      }
    }
    return set;
  }

  Expected<MigrationPart> part(const Migration& migration, FileRole role, std::string text) const override {
    const std::filesystem::path& path =
        role == FileRole::Rollback && migration.rollback ? *migration.rollback : migration.forward;
    if (auto placeholder = findPlaceholder(text)) {
      return refusal(path, text, *placeholder,
                     "Flyway replaces `${...}` placeholders before it runs the file; sluice does not know their values",
                     "write the value into the migration, or lint and deploy this folder with --layout plain if the "
                     "text is not meant for Flyway");
    }
    auto part = MigrationFormat::part(migration, role, std::move(text));
    if (part) part->execution.refusesMixed = part->execution.mode == TransactionMode::Runner;
    return part;
  }

  bool versionLess(std::string_view a, std::string_view b) const override {
    std::vector<std::string> x = versionParts(a);
    std::vector<std::string> y = versionParts(b);
    if (x.empty() || y.empty()) return a < b;
    for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
      int compared = compareNumbers(i < x.size() ? x[i] : "0", i < y.size() ? y[i] : "0");
      if (compared != 0) return compared < 0;
    }
    return false;
  }

  std::filesystem::path rollbackPathFor(const Migration& migration) const override {
    if (migration.rollback) return *migration.rollback;
    return migration.forward.parent_path() /
           ("U" + migration.version + "__" +
            migration.forward.filename().string().substr(migration.version.size() + 3));
  }

  bool isForwardFile(const std::filesystem::path& relative) const override {
    auto parsed = parseName(relative.filename().string());
    return relative.parent_path().empty() && parsed && parsed->prefix != 'U';
  }

 protected:
  PartExecution execution(const Migration& migration, FileRole role) const override {
    PartExecution execution = MigrationFormat::execution(migration, role);
    if (execution.mode == TransactionMode::None) execution.reason = "its .conf file says `executeInTransaction=false`";
    return execution;
  }

 private:
  static std::optional<std::size_t> findPlaceholder(std::string_view text) {
    for (std::size_t at = text.find("${"); at != std::string_view::npos; at = text.find("${", at + 2)) {
      std::size_t close = text.find('}', at);
      std::size_t newline = text.find('\n', at);
      if (close != std::string_view::npos && (newline == std::string_view::npos || close < newline)) return at;
    }
    return std::nullopt;
  }
};

}  // namespace

const MigrationFormat& flywayFormat() {
  static const Flyway format;
  return format;
}

}  // namespace sluice::formats
