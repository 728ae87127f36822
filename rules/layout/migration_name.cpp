#include <map>

#include "rules/rule_list.hpp"
#include "rules/rule_support.hpp"

namespace sluice::rules {
namespace {

namespace fs = std::filesystem;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The shape of a version: digits become 9 ("20240101000000" -> 99999999999999,
// "2019-02-26-002946" -> 9999-99-99-999999).
std::string shapeOf(std::string_view version) {
  std::string shape(version);
  for (char& c : shape) {
    if (isDigit(c)) c = '9';
  }
  return shape;
}

// "14 digits", "NNNN-NN-NN-NNNNNN".
std::string describeShape(std::string shape) {
  if (shape.find_first_not_of('9') == std::string::npos) return std::to_string(shape.size()) + " digits";
  for (char& c : shape) {
    if (c == '9') c = 'N';
  }
  return "`" + shape + "`";
}

bool allZeros(std::string_view version) { return version.find_first_not_of('0') == std::string_view::npos; }

// Whether a version's form makes it sort differently than its peers: a number of
// another length (20250625 among 14-digit timestamps sorts after the whole day; 00010
// sorts between 0001 and 0002 by name), or a date that does not start like the others.
// All-zero versions are the conventional "runs first" (Diesel's initial setup); longer
// versions that start like the others (2025-09-19-132648-0000 among
// 2019-02-26-002946) sort in place.
bool outOfShape(std::string_view version, const std::string& usual) {
  if (allZeros(version)) return false;
  std::string shape = shapeOf(version);
  bool usualDigits = usual.find_first_not_of('9') == std::string::npos;
  if (usualDigits) return shape != usual;
  return !shape.starts_with(usual);
}

// What is wrong with a YYYYMMDDHHMMSS timestamp, or empty.
std::string invalidTimestamp(std::string_view version) {
  auto field = [&](std::size_t at, std::size_t length) { return std::stoi(std::string(version.substr(at, length))); };
  int month = field(4, 2);
  int day = field(6, 2);
  int hour = field(8, 2);
  int minute = field(10, 2);
  int second = field(12, 2);
  if (month < 1 || month > 12) return "month " + std::to_string(month);
  if (day < 1 || day > 31) return "day " + std::to_string(day);
  if (hour > 23) return "hour " + std::to_string(hour);
  if (minute > 59) return "minute " + std::to_string(minute);
  if (second > 59) return "second " + std::to_string(second);
  return {};
}

// The file or folder whose name is the migration's name.
// The name a migration goes by: its folder's for folder-per-migration formats, else its
// file's. Read from the path's spelling: building paths for them was most of this
// rule's work on an 800-migration history.
std::string_view nameOf(const Migration& migration) {
  std::string_view path = migration.forward.native();
  auto lastPart = [](std::string_view text) {
    std::size_t slash = text.rfind('/');
    return slash == std::string_view::npos ? text : text.substr(slash + 1);
  };
  if (migration.format->traits().forwardFileName.empty()) return lastPart(path);
  std::size_t slash = path.rfind('/');
  return lastPart(slash == std::string_view::npos ? std::string_view() : path.substr(0, slash));
}

class MigrationName final : public Rule {
 public:
  void checkSet(const MigrationSetContext& context, SetFindingSink& out) override {
    const MigrationSet& set = context.set();
    // A file on its own has no history; a plan or a journal (sqitch, Drizzle) names and
    // orders its migrations itself.
    if (set.format->name() == "file" || !set.format->traits().orderFromNames) return;
    // The versions' usual shape: a migration that does not have it sorts where nobody expects.
    std::map<std::string, std::size_t> shapes;
    for (const Migration& migration : set.migrations) {
      if (!migration.version.empty()) ++shapes[shapeOf(migration.version)];
    }
    std::string usual;
    std::size_t usualCount = 0;
    for (const auto& [shape, count] : shapes) {
      if (count > usualCount) {
        usual = shape;
        usualCount = count;
      }
    }
    std::size_t versioned = 0;
    for (const auto& [shape, count] : shapes) versioned += count;
    bool consistent = versioned >= 3 && usualCount * 5 >= versioned * 4;

    for (const Migration& migration : set.migrations) {
      std::string_view name = nameOf(migration);
      auto what = [name] { return quoted(name); };
      // The findings of a name that works but misleads: warnings at most.
      auto warn = [&out, &migration](const std::string& message) {
        out.report(migration.forward, std::nullopt, message).maxSeverity = Severity::Warning;
      };
      std::string bad;
      for (char c : name) {
        bool fine = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.';
        if (!fine && bad.find(c) == std::string::npos) bad.push_back(c);
      }
      if (!bad.empty()) {
        std::string shown = bad.find(' ') != std::string::npos ? "a space" : quoted(bad);
        out.report(migration.forward, std::nullopt,
                   "migration name " + what() + " contains " + shown +
                       ": shell scripts, xargs, Makefiles and CI globs split or mangle such names",
                   "Rename the migration with letters, digits, `_` and `-` only (before it is applied anywhere, "
                   "or together with its history row).");
        continue;
      }
      bool folder = !migration.format->traits().forwardFileName.empty();
      if (folder && name.ends_with(".sql")) {
        warn("migration folder " + what() +
             " is named like a SQL file: tools that look for `*.sql` files pick up the folder");
        continue;
      }
      // A plain folder of unversioned files (schema.sql, seed.sql) is not a versioned
      // history; one unversioned file among versioned ones is out of place.
      if (migration.version.empty() && set.format->traits().orderFromNames && !migration.repeatable &&
          (set.format->name() != "plain" || !shapes.empty())) {
        warn("migration " + what() +
             " has no version prefix: migrations run in the order of their names, so this one runs "
             "where its name happens to sort");
        continue;
      }
      if (consistent && !set.format->traits().numericVersions && outOfShape(migration.version, usual)) {
        warn("the version " + quoted(migration.version) + " of " + what() + " does not have the form of the others (" +
             describeShape(usual) + "): sorted by name, it runs out of its intended order");
        continue;
      }
      if (migration.version.size() == 14 && shapeOf(migration.version) == std::string(14, '9') &&
          !allZeros(migration.version)) {
        std::string invalid = invalidTimestamp(migration.version);
        if (!invalid.empty()) {
          warn("the version " + quoted(migration.version) + " of " + what() +
               " is not a valid YYYYMMDDHHMMSS timestamp (" + invalid +
               "): it was written by hand, and may not sort where it was meant to");
        }
      }
    }
  }
};

}  // namespace

const RuleDefinition& migrationNameRule() {
  static const RuleDefinition definition{
      {
          .name = "migration-name",
          .code = "M001",
          .category = Category::Layout,
          .defaultSeverity = Severity::Error,
          .summary = "A migration's name breaks tools or the layout's naming convention.",
          .rationale =
              "Migrations run in the order of their names (or version numbers), and scripts, CI steps and "
              "runners pass those names "
              "around. Reported as errors: names with spaces or characters other than letters, digits, `_`, `-` "
              "and `.` (a Finder copy such as `20240126184148_new_models copy` also runs as a second migration). "
              "Reported as warnings: folders named like SQL files (`20250517173700_x.sql/migration.sql`), "
              "names without a version prefix, versions that do not have the form most migrations of the folder "
              "have (`20250625_x` among `YYYYMMDDHHMMSS_x` sorts after every migration of that day; `00010-x` among "
              "`0001-x`, `0002-x` sorts second by name but tenth by number), and "
              "14-digit versions that are not valid timestamps (hour 27).",
          .safeAlternative = "Name migrations `<version>_<snake_case_name>` with the folder's version format "
                             "(`sluice new NAME` does it); rename a migration only before it is applied anywhere.",
          .badExample = "prisma/migrations/20240126184148_new_models copy/migration.sql",
          .goodExample = "prisma/migrations/20240126184148_new_models/migration.sql",
      },
      makeRule<MigrationName>};
  return definition;
}

}  // namespace sluice::rules
