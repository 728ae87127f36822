#include "runner/history/sqitch_changes.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <optional>

#include "common/file_io.hpp"
#include "common/text.hpp"
#include "runner/history/tool_checksums.hpp"

namespace sluice {
namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::string(value) : std::string();
}

// One key of a git-style config file as Config::GitLike reads it ("user.name"): the last
// value wins; `[section]` headers, `key = value`, `#` and `;` comments, "quoted" values.
std::optional<std::string> configValue(const std::filesystem::path& file, std::string_view wanted) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) return std::nullopt;
  auto text = readFile(file);
  if (!text) return std::nullopt;
  std::optional<std::string> found;
  std::string section;
  for (std::string_view line : split(*text, '\n')) {
    line = trim(line);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      std::size_t close = line.find(']');
      section = toLower(trim(line.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1)));
      continue;
    }
    std::size_t equals = line.find('=');
    std::string key = section + "." + toLower(trim(line.substr(0, equals)));
    if (key != wanted) continue;
    std::string_view value =
        equals == std::string_view::npos ? std::string_view("true") : trim(line.substr(equals + 1));
    std::string out;
    bool quoted = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && i + 1 < value.size()) {
        char next = value[++i];
        out += next == 'n' ? '\n' : next == 't' ? '\t' : next;
      } else if (!quoted && (c == '#' || c == ';')) {
        break;
      } else {
        out += c;
      }
    }
    found = std::string(quoted ? std::string_view(out) : trim(out));
  }
  return found;
}

std::filesystem::path configFile(const char* variable, const std::filesystem::path& fallback) {
  std::string set = environment(variable);
  return set.empty() ? fallback : std::filesystem::path(set);
}

// user.name or user.email from the local, user and system config files, the first that sets it.
std::string configured(const std::filesystem::path& projectDir, std::string_view key) {
  std::string home = environment("HOME");
  for (const std::filesystem::path& file :
       {configFile("SQITCH_CONFIG", projectDir / "sqitch.conf"),
        configFile("SQITCH_USER_CONFIG", std::filesystem::path(home) / ".sqitch" / "sqitch.conf"),
        configFile("SQITCH_SYSTEM_CONFIG", "/etc/sqitch/sqitch.conf")}) {
    if (auto value = configValue(file, key); value && !value->empty()) return *value;
  }
  return {};
}

// The OS user sqitch falls back to: $SQITCH_ORIG_SYSUSER, else the login name.
std::string systemUser() {
  if (std::string user = environment("SQITCH_ORIG_SYSUSER"); !user.empty()) return user;
  if (const char* login = ::getlogin(); login != nullptr && *login != '\0') return login;
  if (const struct passwd* entry = ::getpwuid(::geteuid()); entry != nullptr) return entry->pw_name;
  for (const char* variable : {"LOGNAME", "USER", "USERNAME"}) {
    if (std::string user = environment(variable); !user.empty()) return user;
  }
  return {};
}

// The change a requirement names, as Plan::Depend and ChangeList::index_of find it:
// `name` is its only occurrence (a reworked name is ambiguous to sqitch: the latest one
// before `before` here), `name@tag` its version as of that tag, `name@HEAD` its latest.
std::optional<std::size_t> resolveRequirement(const std::vector<MigrationFile>& files, const std::string& project,
                                              std::string name, std::size_t before) {
  if (std::size_t colon = name.find(':'); colon != std::string::npos) {
    if (name.substr(0, colon) != project) return std::nullopt;  // another project's change
    name = name.substr(colon + 1);
  }
  std::string tag;
  if (std::size_t at = name.find('@'); at != std::string::npos) {
    tag = name.substr(at + 1);
    name = name.substr(0, at);
  }
  std::size_t last = before;
  if (!tag.empty() && tag != "HEAD") {
    for (std::size_t i = 0; i < before; ++i) {
      for (const SqitchTag& planned : files[i].migration->sqitchPlan->tags) {
        if (planned.name == tag) last = i + 1;
      }
    }
  }
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < last && i < files.size(); ++i) {
    if (files[i].migration->name == name) found = i;
  }
  return found;
}

}  // namespace

SqitchCommitter sqitchCommitter(const std::filesystem::path& projectDir) {
  SqitchCommitter committer;
  committer.name = environment("SQITCH_FULLNAME");
  if (committer.name.empty()) committer.name = configured(projectDir, "user.name");
  if (committer.name.empty()) committer.name = environment("SQITCH_ORIG_FULLNAME");
  if (committer.name.empty()) {
    std::string user = systemUser();
    const struct passwd* entry = user.empty() ? nullptr : ::getpwnam(user.c_str());
    committer.name =
        entry != nullptr && entry->pw_gecos != nullptr && *entry->pw_gecos != '\0' ? entry->pw_gecos : user;
  }
  committer.email = environment("SQITCH_EMAIL");
  if (committer.email.empty()) committer.email = configured(projectDir, "user.email");
  if (committer.email.empty()) committer.email = environment("SQITCH_ORIG_EMAIL");
  if (committer.email.empty()) {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    committer.email = systemUser() + "@" + host;
  }
  return committer;
}

Expected<std::string> addSqitchChanges(std::vector<MigrationFile>& files, const SqitchCommitter& committer) {
  if (files.empty() || !files.front().migration->sqitchPlan) return std::string();
  const SqitchPlanEntry& first = *files.front().migration->sqitchPlan;
  if (first.project.empty()) {
    return Error(ErrorCode::Input,
                 "sqitch.plan has no %project pragma (" +
                     files.front().migration->forward.parent_path().parent_path().string() +
                     "): sqitch refuses such a plan, and its registry records changes per project",
                 "add `%project=<name>` near the top of sqitch.plan, as `sqitch init` writes it");
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    const Migration& migration = *files[i].migration;
    const SqitchPlanEntry& entry = *migration.sqitchPlan;
    SqitchChange change;
    change.project = entry.project;
    change.uri = entry.uri;
    change.name = migration.name;
    if (i > 0) change.parentId = sqitchChangeId(*files[i - 1].sqitch);
    change.plannerName = entry.plannerName;
    change.plannerEmail = entry.plannerEmail;
    change.plannedAt = entry.plannedAt;
    change.note = entry.note;
    change.tags = entry.tags;
    for (const std::string& required : migration.dependencies) {
      SqitchDependency dependency{required, false, ""};
      if (auto index = resolveRequirement(files, entry.project, required, i)) {
        dependency.resolvedId = sqitchChangeId(*files[*index].sqitch);
      }
      change.dependencies.push_back(std::move(dependency));
    }
    for (const std::string& conflict : migration.conflicts) change.dependencies.push_back({conflict, true, ""});
    change.committerName = committer.name;
    change.committerEmail = committer.email;
    files[i].sqitch = std::move(change);
  }
  return first.project;
}

}  // namespace sluice
