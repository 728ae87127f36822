// goose: <version>_<name>.sql files with `-- +goose Up` and `-- +goose Down` sections.
// Facts from goose's source (internal/sqlparser/parser.go, migration collection): the
// version is the integer before the first `_`, greater than zero, and migrations run in
// numeric order; two files of one version are an error. The parser reads line by line:
// `-- +goose Up` must come first (blank and comment lines aside), `-- +goose Down` after
// it; a statement ends at a line whose last word before any `--` ends with `;`, except
// between `-- +goose StatementBegin` and `-- +goose StatementEnd`, which make one
// statement of everything between them; each statement is one Exec. A migration runs
// in one transaction unless the file says `-- +goose NO TRANSACTION`.
#include "common/file_io.hpp"
#include "common/text.hpp"
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

// What goose's parser makes of one file.
struct GooseFile {
  Span up;  // the Up section: after its marker line, up to the Down marker (or the end)
  std::optional<Span> down;
  std::vector<Span> upStatements;  // as goose sends them
  std::vector<Span> downStatements;
  bool noTransaction = false;
};

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// goose's endsWithSemicolon: the last whitespace-separated word before a word that
// starts with `--` ends with `;`.
bool endsWithSemicolon(std::string_view line) {
  std::string_view previous;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])) != 0) ++i;
    std::size_t start = i;
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i])) == 0) ++i;
    if (start == i) break;
    std::string_view word = line.substr(start, i - start);
    if (word.starts_with("--")) break;
    previous = word;
  }
  return previous.ends_with(";");
}

Expected<GooseFile> parseGoose(const std::filesystem::path& path, std::string_view text) {
  enum class State { Start, Up, UpBlock, Down, DownBlock };
  State state = State::Start;
  GooseFile file;
  std::optional<std::size_t> statementStart;
  auto fail = [&](std::size_t offset, const std::string& message, std::string hint = {}) {
    if (hint.empty()) hint = "fix the annotation as goose documents it (https://pressly.github.io/goose/)";
    return refusal(path, text, offset, "goose refuses this file: " + message, std::move(hint));
  };
  auto store = [&](std::size_t end) {
    if (!statementStart) return;
    bool down = state == State::Down || state == State::DownBlock;
    (down ? file.downStatements : file.upStatements).push_back({*statementStart, end});
    statementStart.reset();
  };
  for (const Line& line : linesOf(text)) {
    std::string_view content = text.substr(line.begin, line.end - line.begin);
    if (state == State::Start && trimmed(content).empty()) continue;
    if (content.starts_with("--")) {
      std::string_view command = trimmed(content.substr(2));
      if (command.starts_with("+goose")) {
        if (command == "+goose Up") {
          if (state != State::Start) return fail(line.begin, "a second `-- +goose Up`");
          state = State::Up;
          file.up.begin = line.next;
          continue;
        }
        if (command == "+goose Down") {
          if (state == State::Start) return fail(line.begin, "`-- +goose Down` before `-- +goose Up`");
          if (state != State::Up) {
            return fail(line.begin, state == State::Down ? "a second `-- +goose Down`"
                                                         : "`-- +goose Down` inside a statement block");
          }
          if (statementStart) return fail(line.begin, "`-- +goose Down` after an unfinished statement: missing `;`?");
          state = State::Down;
          file.up.end = line.begin;
          file.down = Span{line.next, text.size()};
          continue;
        }
        if (command == "+goose StatementBegin") {
          if (state != State::Up && state != State::Down) {
            return fail(line.begin, state == State::Start ? "`-- +goose StatementBegin` before `-- +goose Up`"
                                                          : "`-- +goose StatementBegin` inside a statement block");
          }
          if (statementStart) {
            return fail(line.begin, "`-- +goose StatementBegin` after an unfinished statement: missing `;`?");
          }
          state = state == State::Up ? State::UpBlock : State::DownBlock;
          continue;
        }
        if (command == "+goose StatementEnd") {
          if (state != State::UpBlock && state != State::DownBlock) {
            return fail(line.begin, "`-- +goose StatementEnd` without `-- +goose StatementBegin`");
          }
          store(line.begin);
          state = state == State::UpBlock ? State::Up : State::Down;
          continue;
        }
        if (command == "+goose NO TRANSACTION") {
          file.noTransaction = true;
          continue;
        }
        return fail(line.begin, "unknown annotation `" + std::string(trimmed(content)) + "`",
                    "goose knows `-- +goose Up`, `Down`, `StatementBegin`, `StatementEnd` and `NO TRANSACTION` "
                    "(case matters); sluice does not run what it cannot place");
      }
    }
    // Blank and comment lines before a statement are not part of it.
    if (!statementStart && (content.empty() || trimmed(content).starts_with("--"))) continue;
    if (state == State::Start) {
      return fail(line.begin, "SQL before `-- +goose Up`", "put `-- +goose Up` on the first line of the file");
    }
    if (!statementStart) statementStart = line.begin;
    if ((state == State::Up || state == State::Down) && endsWithSemicolon(content)) store(line.end);
  }
  if (state == State::Start) {
    return fail(0, "no `-- +goose Up` annotation", "start the file with `-- +goose Up`");
  }
  if (state == State::UpBlock || state == State::DownBlock) {
    return fail(text.size(), "`-- +goose StatementBegin` without `-- +goose StatementEnd`");
  }
  if (statementStart && !trimmed(text.substr(*statementStart)).empty()) {
    return fail(*statementStart, "the last statement does not end with `;`", "end it with `;`");
  }
  if (!file.down) file.up.end = text.size();
  return file;
}

// The leading integer of `<version>_<name>.sql`, as goose reads it.
std::optional<std::string> gooseVersion(std::string_view name) {
  std::size_t underscore = name.find('_');
  if (underscore == std::string_view::npos || !allDigits(name.substr(0, underscore))) return std::nullopt;
  std::string version(name.substr(0, underscore));
  if (withoutLeadingZeros(version) == "0") return std::nullopt;
  return version;
}

bool hasGooseMarker(std::string_view text) {
  std::size_t at = text.find("+goose Up");
  while (at != std::string_view::npos) {
    std::size_t lineStart = text.rfind('\n', at);
    lineStart = lineStart == std::string_view::npos ? 0 : lineStart + 1;
    if (text.substr(lineStart).starts_with("--")) return true;
    at = text.find("+goose Up", at + 1);
  }
  return false;
}

class Goose final : public MigrationFormat {
 public:
  Goose()
      : MigrationFormat({.name = "goose",
                         .tool = "goose",
                         .historyTool = "goose",
                         .summary = "goose: <version>_<name>.sql with -- +goose Up / Down sections",
                         .expectsRollback = true,
                         .numericVersions = true,
                         .detectionStrength = kMarkedStrength}) {}

  Detection detect(const FolderListing& folder) const override {
    return detectMarkedSqlFiles(folder, hasGooseMarker, "`-- +goose Up`");
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    MigrationSet set = emptySet(dir, *this);
    for (const auto& entry : entriesOf(dir)) {
      std::string name(entry.name());
      if (!isRegularFile(entry)) continue;
      if (name.ends_with(".go")) {
        set.notRun.emplace_back(entry.path(), "a goose migration in Go: sluice runs only SQL migrations");
        continue;
      }
      if (!name.ends_with(".sql")) continue;
      auto version = gooseVersion(name);
      if (!version) {
        return Error(ErrorCode::Input,
                     "goose refuses the migration file name " + name +
                         ": it must start with a version greater than zero and `_` (00001_create_users.sql)",
                     "rename the file, or move it out of the migrations folder",
                     entry.path().lexically_normal().string());
      }
      auto text = readFile(entry.path());
      if (!text) return text.takeError();
      auto parsed = parseGoose(entry.path(), *text);
      if (!parsed) return parsed.takeError();
      Migration migration = makeMigration(name.substr(0, name.size() - 4), *this, entry.path());
      migration.version = *version;
      if (parsed->down) migration.rollback = entry.path();
      set.migrations.push_back(std::move(migration));
    }
    if (auto sorted = sortUniqueVersions(set.migrations, *this); !sorted) return sorted.takeError();
    return set;
  }

  Expected<MigrationPart> part(const Migration& migration, FileRole role, std::string text) const override {
    auto parsed = parseGoose(migration.forward, text);
    if (!parsed) return parsed.takeError();
    if (auto refused = refuseForeignMarkers(migration.forward, text, name()); !refused) return refused.takeError();
    bool down = role == FileRole::Rollback;
    Span section = down ? parsed->down.value_or(Span{text.size(), text.size()}) : parsed->up;
    const std::vector<Span>& statements = down ? parsed->downStatements : parsed->upStatements;
    MigrationPart part;
    part.text = std::make_shared<const std::string>(keepOnly(text, section.begin, section.end));
    part.lines = lineRange(text, section.begin, section.end);
    if (auto refused = refuseSplitStatements(
            migration.forward, *part.text, statements, "goose ends a statement here (the line ends with `;`)",
            "wrap the statement in `-- +goose StatementBegin` and `-- +goose StatementEnd`");
        !refused) {
      return refused.takeError();
    }
    part.execution.tool = "goose";
    if (parsed->noTransaction) {
      part.execution.mode = TransactionMode::None;
      part.execution.reason = "the file says `-- +goose NO TRANSACTION`";
      part.execution.messages = statements;
    } else {
      part.execution.mode = TransactionMode::Wrapped;
    }
    return part;
  }

  bool versionLess(std::string_view a, std::string_view b) const override {
    if (allDigits(a) && allDigits(b)) return compareNumbers(a, b) < 0;
    return a < b;
  }

  std::filesystem::path rollbackPathFor(const Migration& migration) const override { return migration.forward; }

  std::string rollbackPlace(const Migration& migration) const override {
    return "a `-- +goose Down` section in `" + migration.forward.filename().string() + "`";
  }
};

}  // namespace

const MigrationFormat& gooseFormat() {
  static const Goose format;
  return format;
}

}  // namespace sluice::formats
