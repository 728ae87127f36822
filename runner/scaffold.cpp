#include "runner/scaffold.hpp"

#include <ctime>

#include "common/file_io.hpp"
#include "linter/layout.hpp"

namespace sluice {
namespace fs = std::filesystem;

namespace {

bool dieselVersion(std::string_view version) {
  // 2019-02-26-002946
  if (version.size() != 17) return false;
  for (std::size_t i = 0; i < version.size(); ++i) {
    bool dash = i == 4 || i == 7 || i == 10;
    if (dash ? version[i] != '-' : (version[i] < '0' || version[i] > '9')) return false;
  }
  return true;
}

std::string formatVersion(std::time_t seconds, bool diesel) {
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, diesel ? "%Y-%m-%d-%H%M%S" : "%Y%m%d%H%M%S", &utc);
  return buffer;
}

std::string forwardTemplate(const std::string& id, std::string_view layout) {
  std::string text = "-- Migration " + id + "\n";
  if (layout == "prisma") {
    text += "-- sluice deploy runs this file in one transaction with its history row.\n";
  } else {
    text +=
        "-- sluice deploy runs this file in one transaction with its history record; a statement that cannot run\n"
        "-- in a transaction (CREATE INDEX CONCURRENTLY, ...) makes it run statement by statement instead.\n";
  }
  return text + "\n";
}

std::string rollbackTemplate(const std::string& id) {
  return "-- Rollback of " + id + ": undo every change of the migration, newest first.\n\n";
}

}  // namespace

Status validateMigrationName(const std::string& name) {
  bool valid = !name.empty() && name.size() <= 100 && std::isalnum(static_cast<unsigned char>(name[0])) != 0;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-') valid = false;
  }
  if (valid) return {};
  std::string suggestion;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      suggestion.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!suggestion.empty() && suggestion.back() != '_') {
      suggestion.push_back('_');
    }
  }
  while (!suggestion.empty() && suggestion.back() == '_') suggestion.pop_back();
  return Error(ErrorCode::Usage, "`" + name + "` is not a valid migration name",
               "use letters, digits, '_' and '-' (at most 100 characters)" +
                   (suggestion.empty() ? std::string() : ", e.g. `" + suggestion.substr(0, 100) + "`"));
}

Expected<ScaffoldResult> scaffoldMigration(const fs::path& dir, const std::string& name, const MigrationFormat* layout,
                                           std::chrono::system_clock::time_point now, const ScaffoldContent* content) {
  if (auto valid = validateMigrationName(name); !valid) return valid.takeError();
  ScaffoldResult result;
  const MigrationFormat* detected = detectLayout(dir);
  result.layoutDetected = detected != nullptr || layout != nullptr;
  std::string dirName = dir.lexically_normal().filename().string();
  bool prismaPath = dir.lexically_normal().parent_path().filename() == "prisma" && dirName == "migrations";
  result.layout = layout != nullptr     ? layout
                  : detected != nullptr ? detected
                                        : findFormat(prismaPath ? "prisma" : "paired");
  std::string_view format = result.layout->name();
  if (format == "file") {
    return Error(ErrorCode::Usage, "--layout file holds one loose file; choose a migrations layout");
  }
  if (format == "flyway" || format == "drizzle" || format == "sqitch") {
    return Error(ErrorCode::Usage, "sluice new does not write " + std::string(format) + " migrations",
                 format == "drizzle"  ? "generate them with `drizzle-kit generate`"
                 : format == "sqitch" ? "add them with `sqitch add`"
                                      : "name the next file V<version>__<description>.sql by hand");
  }

  std::string newest;
  bool diesel = false;
  if (detected != nullptr) {
    auto set = loadMigrationSet(dir, result.layout);
    if (!set) return set.takeError();
    for (const Migration& migration : set->migrations) {
      if (newest.empty() || versionLess(newest, migration.version)) newest = migration.version;
    }
    diesel = format == "updown-folders" && dieselVersion(newest);
  }
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  std::string version = formatVersion(seconds, diesel);
  // Never before the newest migration, even with a clock behind the last author's: one
  // second after it.
  if (!newest.empty() && !versionLess(newest, version)) {
    std::tm parsed{};
    const char* pattern = dieselVersion(newest) ? "%Y-%m-%d-%H%M%S" : "%Y%m%d%H%M%S";
    const char* end = ::strptime(newest.c_str(), pattern, &parsed);
    if (end != nullptr && *end == '\0') {
      seconds = ::timegm(&parsed) + 1;
      version = formatVersion(seconds, diesel);
    }
    if (!versionLess(newest, version)) {
      return Error(ErrorCode::Input, "cannot choose a version after the newest migration " + newest,
                   "name the migration by hand in the folder's scheme");
    }
  }
  result.id = version + "_" + name;

  std::string forward = content != nullptr ? content->forwardSql : forwardTemplate(result.id, format);
  bool outside = content != nullptr && content->outsideTransaction;
  std::string rollback = content != nullptr ? content->rollbackSql : rollbackTemplate(result.id);
  std::vector<std::pair<fs::path, std::string>> files;
  if (format == "prisma") {
    files = {{dir / result.id / "migration.sql", forward}, {dir / result.id / "down.sql", rollback}};
    if (!fs::exists(dir / "migration_lock.toml")) {
      files.emplace_back(dir / "migration_lock.toml",
                         "# Written by sluice new; Prisma Migrate reads it too. Keep it in version control.\n"
                         "provider = \"postgresql\"\n");
    }
  } else if (format == "paired") {
    files = {{dir / (result.id + ".sql"), forward}, {dir / (result.id + "_rollback.sql"), rollback}};
  } else if (format == "updown-files" || format == "golang-migrate") {
    files = {{dir / (result.id + ".up.sql"), forward}, {dir / (result.id + ".down.sql"), rollback}};
  } else if (format == "updown-folders") {
    files = {{dir / result.id / "up.sql", forward}, {dir / result.id / "down.sql", rollback}};
  } else if (format == "goose") {
    files = {{dir / (result.id + ".sql"), std::string(outside ? "-- +goose NO TRANSACTION\n" : "") + "-- +goose Up\n" +
                                              forward + "-- +goose Down\n" + rollback}};
  } else if (format == "dbmate") {
    files = {
        {dir / (result.id + ".sql"), std::string(outside ? "-- migrate:up transaction:false\n" : "-- migrate:up\n") +
                                         forward + "-- migrate:down\n" + rollback}};
  } else {
    files = {{dir / (result.id + ".sql"), forward}};
  }
  for (const auto& [path, text] : files) {
    std::error_code ec;
    if (fs::exists(path, ec)) {
      return Error(ErrorCode::Input, path.string() + " already exists", "choose another name, or wait a second");
    }
  }
  for (const auto& [path, text] : files) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return Error(ErrorCode::Io, "cannot create " + path.parent_path().string() + ": " + ec.message());
    if (auto written = writeFileAtomically(path, text); !written) return written.takeError();
    result.created.push_back(path);
  }
  return result;
}

}  // namespace sluice
