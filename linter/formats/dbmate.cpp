// dbmate: <version>_<name>.sql files with `-- migrate:up` and `-- migrate:down` blocks.
// Facts from dbmate's source (pkg/dbmate/migration.go, db.go): a migration file matches
// `^(\d+).*\.sql$` and its version is those digits; files run in the order of their
// names; a file needs an up block and a down block, up first, and nothing but comments
// before it; options follow the marker (`-- migrate:up transaction:false`). A block is
// sent in one Exec, inside a transaction unless its marker says `transaction:false`, in
// which case PostgreSQL runs the message as one implicit transaction when it holds
// several statements.

#include "common/file_io.hpp"
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

struct Block {
  std::size_t marker = 0;  // offset of the marker line
  Span body;               // after the marker line
  bool transaction = true;
};

struct DbmateFile {
  Block up;
  Block down;
};

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) text.remove_suffix(1);
  return text;
}

// `-- migrate:up [options]` -> "up" and the options; empty when the line is no marker.
std::string_view markerOf(std::string_view line, std::string_view& options) {
  if (!line.starts_with("--")) return {};
  std::string_view rest = line.substr(2);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())) != 0) rest.remove_prefix(1);
  for (std::string_view kind : {"up", "down"}) {
    std::string marker = "migrate:" + std::string(kind);
    if (!rest.starts_with(marker)) continue;
    std::string_view after = rest.substr(marker.size());
    if (!after.empty() && std::isspace(static_cast<unsigned char>(after.front())) == 0) return {};
    options = trimmed(after);
    return kind;
  }
  return {};
}

bool transactionOption(std::string_view options) {
  std::size_t i = 0;
  while (i < options.size()) {
    while (i < options.size() && std::isspace(static_cast<unsigned char>(options[i])) != 0) ++i;
    std::size_t start = i;
    while (i < options.size() && std::isspace(static_cast<unsigned char>(options[i])) == 0) ++i;
    if (options.substr(start, i - start) == "transaction:false") return false;
  }
  return true;
}

Expected<DbmateFile> parseDbmate(const std::filesystem::path& path, std::string_view text) {
  std::optional<Block> up;
  std::optional<Block> down;
  bool statementBefore = false;
  std::size_t firstStatement = 0;
  auto fail = [&](std::size_t offset, const std::string& message, std::string hint) {
    return refusal(path, text, offset, "dbmate refuses this file: " + message, std::move(hint));
  };
  for (const Line& line : linesOf(text)) {
    std::string_view content = text.substr(line.begin, line.end - line.begin);
    std::string_view options;
    std::string_view kind = markerOf(content, options);
    if (kind.empty()) {
      if (!up && !trimmed(content).empty() && !trimmed(content).starts_with("--") && !statementBefore) {
        statementBefore = true;
        firstStatement = line.begin;
      }
      continue;
    }
    std::optional<Block>& block = kind == "up" ? up : down;
    if (block) {
      return fail(line.begin, "a second `-- migrate:" + std::string(kind) + "`",
                  "keep one up block and one down block per file");
    }
    block = Block{line.begin, {line.next, text.size()}, transactionOption(options)};
    if (kind == "down" && up) up->body.end = line.begin;
  }
  if (!up) return fail(0, "no `-- migrate:up` block", "start the migration with `-- migrate:up`");
  if (!down) {
    return fail(text.size(), "no `-- migrate:down` block",
                "add `-- migrate:down` after the up block (dbmate requires it, even empty)");
  }
  if (down->marker < up->marker) {
    return fail(down->marker, "`-- migrate:down` before `-- migrate:up`", "put the up block first");
  }
  if (statementBefore) {
    return fail(firstStatement, "SQL before `-- migrate:up`", "move it into the up block");
  }
  return DbmateFile{*up, *down};
}

bool hasDbmateMarker(std::string_view text) {
  std::string_view options;
  for (const Line& line : linesOf(text)) {
    if (!markerOf(text.substr(line.begin, line.end - line.begin), options).empty()) return true;
  }
  return false;
}

class Dbmate final : public MigrationFormat {
 public:
  Dbmate()
      : MigrationFormat({.name = "dbmate",
                         .tool = "dbmate",
                         .historyTool = "dbmate",
                         .summary = "dbmate: <version>_<name>.sql with -- migrate:up / -- migrate:down",
                         .expectsRollback = true,
                         .detectionStrength = kMarkedStrength}) {}

  Detection detect(const FolderListing& folder) const override {
    return detectMarkedSqlFiles(folder, hasDbmateMarker, "`-- migrate:up`");
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    MigrationSet set = emptySet(dir, *this);
    std::map<std::string, std::filesystem::path> versions;
    for (const auto& entry : sqlFilesOf(dir)) {
      std::string name(entry.name());
      std::size_t digits = 0;
      while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
      if (digits == 0) {
        set.notRun.emplace_back(entry.path(), "dbmate runs only files whose names start with a version");
        continue;
      }
      std::string version = name.substr(0, digits);
      if (auto [it, inserted] = versions.emplace(version, entry.path()); !inserted) {
        return Error(ErrorCode::Input,
                     "two dbmate migrations have the version " + version + ": " + it->second.filename().string() +
                         " and " + name + "; dbmate records versions, so it would take the second as applied",
                     "give one of them a version of its own (before it is applied anywhere)",
                     entry.path().lexically_normal().string() + ":1:1");
      }
      auto text = readFile(entry.path());
      if (!text) return text.takeError();
      if (auto parsed = parseDbmate(entry.path(), *text); !parsed) return parsed.takeError();
      Migration migration = makeMigration(name.substr(0, name.size() - 4), *this, entry.path());
      migration.version = version;
      std::size_t nameStart = digits < migration.id.size() && migration.id[digits] == '_' ? digits + 1 : digits;
      migration.name = migration.id.substr(std::min(nameStart, migration.id.size()));
      migration.rollback = entry.path();
      set.migrations.push_back(std::move(migration));
    }
    // dbmate applies files in the order of their names (entriesOf sorts them so).
    return set;
  }

  Expected<MigrationPart> part(const Migration& migration, FileRole role, std::string text) const override {
    auto parsed = parseDbmate(migration.forward, text);
    if (!parsed) return parsed.takeError();
    if (auto refused = refuseForeignMarkers(migration.forward, text, name()); !refused) return refused.takeError();
    const Block& block = role == FileRole::Rollback ? parsed->down : parsed->up;
    MigrationPart part;
    part.text = std::make_shared<const std::string>(keepOnly(text, block.body.begin, block.body.end));
    part.lines = lineRange(text, block.body.begin, block.body.end);
    part.execution.tool = "dbmate";
    if (block.transaction) {
      part.execution.mode = TransactionMode::Wrapped;
    } else {
      part.execution.mode = TransactionMode::SimpleQuery;
      part.execution.reason = std::string("the marker says `-- migrate:") +
                              (role == FileRole::Rollback ? "down" : "up") + " transaction:false`";
    }
    return part;
  }

  bool versionLess(std::string_view a, std::string_view b) const override { return a < b; }

  std::filesystem::path rollbackPathFor(const Migration& migration) const override { return migration.forward; }

  std::string rollbackPlace(const Migration& migration) const override {
    return "the `-- migrate:down` block of `" + migration.forward.filename().string() + "`";
  }
};

}  // namespace

const MigrationFormat& dbmateFormat() {
  static const Dbmate format;
  return format;
}

}  // namespace sluice::formats
