// sqitch: DIR/sqitch.plan orders the changes; DIR/deploy/<change>.sql deploys one,
// DIR/revert/<change>.sql reverts it, DIR/verify/<change>.sql checks it. Facts from
// sqitch's documentation (sqitch-plan, sqitch-pg): a plan line is
// `change [dependencies] timestamp planner <email> # note`, a tag line starts with `@`,
// `%` lines are pragmas; dependencies are `[a b !c]`, `!` marks a conflict and `proj:x`
// a change of another project; a change may appear again after a tag (reworked): its
// earlier scripts are then `<change>@<tag>.sql`. sqitch runs each script with psql, which
// sends statement after statement in autocommit mode unless the script has its own
// BEGIN/COMMIT (as sqitch's templates do).
#include "common/file_io.hpp"
#include "common/text.hpp"
#include "linter/formats/format_support.hpp"
#include "linter/formats/registry.hpp"

namespace sluice::formats {
namespace {

struct PlannedChange {
  std::string name;
  std::vector<std::string> requires_;
  std::vector<std::string> conflicts;
  std::size_t offset = 0;  // of its line in the plan
  std::string scriptName;  // `name` or `name@tag` for an earlier version of a reworked change
  SqitchPlanEntry entry;   // planner, time, note, tags; the project and uri are added at the end
};

struct Plan {
  std::vector<PlannedChange> changes;
  std::string project;  // %project
  std::string uri;      // %uri
};

// A note as App::Sqitch::Plan::Line keeps it: trimmed, `\n`, `\r` and `\\` unescaped.
std::string unescapedNote(std::string_view text) {
  text = trim(text);
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 'r' || text[i + 1] == '\\')) {
      out += text[i + 1] == 'n' ? '\n' : text[i + 1] == 'r' ? '\r' : '\\';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// `2024-01-01T10:00:00Z Ada Lovelace <ada@example.com>`: the end of a change or tag line.
void readPlanned(std::string_view rest, std::string& plannedAt, std::string& plannerName, std::string& plannerEmail) {
  rest = trim(rest);
  std::size_t space = rest.find_first_of(" \t");
  plannedAt = std::string(rest.substr(0, space));
  if (space == std::string_view::npos) return;
  rest = trim(rest.substr(space));
  std::size_t open = rest.find('<');
  std::size_t close = rest.find('>', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) return;
  plannerName = std::string(trim(rest.substr(0, open)));
  plannerEmail = std::string(rest.substr(open + 1, close - open - 1));
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
    std::size_t start = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

Expected<Plan> readPlan(const std::filesystem::path& path, std::string_view text) {
  Plan plan;
  std::vector<PlannedChange>& changes = plan.changes;
  std::vector<std::string> tags;              // tags seen after each change: index = change
  std::map<std::string, std::size_t> latest;  // change name -> index of its latest occurrence
  for (const Line& line : linesOf(text)) {
    std::string_view content = text.substr(line.begin, line.end - line.begin);
    std::string_view note;
    if (std::size_t hash = content.find('#'); hash != std::string_view::npos) {
      note = content.substr(hash + 1);
      content = content.substr(0, hash);
    }
    std::vector<std::string> parts = words(content);
    if (parts.empty()) continue;
    std::string first = parts.front();
    if (first.starts_with("%")) {
      std::string_view pragma = trim(content).substr(1);
      std::size_t equals = pragma.find('=');
      if (equals == std::string_view::npos) continue;
      std::string_view key = trim(pragma.substr(0, equals));
      std::string value(trim(pragma.substr(equals + 1)));
      if (key == "project") plan.project = value;
      if (key == "uri") plan.uri = value;
      continue;
    }
    if (first.starts_with("@")) {
      // A tag names the earlier versions of every change reworked after it.
      for (PlannedChange& change : changes) {
        if (change.scriptName.empty()) change.scriptName = change.name + first;
      }
      if (!changes.empty()) {
        SqitchTag tag;
        tag.name = first.substr(1);
        tag.note = unescapedNote(note);
        std::string_view rest = trim(content);
        readPlanned(rest.substr(std::min(rest.size(), first.size())), tag.plannedAt, tag.plannerName, tag.plannerEmail);
        changes.back().entry.tags.push_back(std::move(tag));
      }
      continue;
    }
    if (first.starts_with("-") || first.starts_with("+")) {
      return refusal(path, text, line.begin,
                     "sqitch plan lines with `+`/`-` (deploy/revert in one plan) are not supported",
                     "rework the change instead (sqitch rework)");
    }
    PlannedChange change;
    change.name = first;
    change.offset = line.begin;
    change.entry.note = unescapedNote(note);
    std::string_view afterName = trim(content);
    afterName = afterName.substr(std::min(afterName.size(), first.size()));
    std::size_t open = content.find('[');
    if (open != std::string_view::npos) {
      std::size_t close = content.find(']', open);
      if (close == std::string_view::npos) {
        return refusal(path, text, line.begin + open, "unclosed `[` in the dependencies of " + change.name,
                       "close the list with `]`");
      }
      afterName = content.substr(close + 1);
      for (const std::string& dependency : words(content.substr(open + 1, close - open - 1))) {
        if (dependency.starts_with("!")) {
          change.conflicts.push_back(dependency.substr(1));
        } else {
          change.requires_.push_back(dependency);
        }
      }
    }
    readPlanned(afterName, change.entry.plannedAt, change.entry.plannerName, change.entry.plannerEmail);
    for (const std::string& required : change.requires_) {
      if (required.find(':') != std::string::npos) continue;  // another project's change
      std::string base = required.substr(0, required.find('@'));
      if (!latest.contains(base)) {
        return refusal(
            path, text, line.begin,
            "sqitch refuses the plan: " + change.name + " requires " + required + ", which is not planned before it",
            "plan " + required + " before " + change.name + ", or fix the name");
      }
    }
    if (auto it = latest.find(change.name); it != latest.end() && changes[it->second].scriptName.empty()) {
      return refusal(path, text, line.begin,
                     "sqitch refuses the plan: " + change.name + " is planned twice without a tag between",
                     "tag the plan before reworking a change (sqitch tag, sqitch rework)");
    }
    latest[change.name] = changes.size();
    changes.push_back(std::move(change));
  }
  // The latest version of each change has the plain script name.
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (latest[changes[i].name] == i || changes[i].scriptName.empty()) changes[i].scriptName = changes[i].name;
    changes[i].entry.project = plan.project;
    changes[i].entry.uri = plan.uri;
  }
  return plan;
}

class Sqitch final : public MigrationFormat {
 public:
  Sqitch()
      : MigrationFormat({.name = "sqitch",
                         .tool = "sqitch",
                         .historyTool = "sqitch",
                         .summary = "sqitch: sqitch.plan with deploy/, revert/ and verify/ scripts",
                         .ownsSubfolders = true,
                         .expectsRollback = true,
                         .orderFromNames = false,
                         .detectionStrength = 100}) {}

  Detection detect(const FolderListing& folder) const override {
    if (!folder.hasFile("sqitch.plan")) return {};
    return {100, "sqitch.plan"};
  }

  Expected<MigrationSet> load(const std::filesystem::path& dir) const override {
    std::filesystem::path planPath = dir / "sqitch.plan";
    auto text = readFile(planPath);
    if (!text) return text.takeError();
    auto plan = readPlan(planPath, *text);
    if (!plan) return plan.takeError();
    MigrationSet set = emptySet(dir, *this);
    for (const PlannedChange& change : plan->changes) {
      std::filesystem::path deploy = dir / "deploy" / (change.scriptName + ".sql");
      if (!isRegularFile(deploy)) {
        return refusal(
            planPath, *text, change.offset,
            "sqitch plans " + change.name + ", but " + ("deploy/" + change.scriptName + ".sql") + " does not exist",
            "add the script (sqitch add), or remove the change from the plan");
      }
      Migration migration;
      migration.format = this;
      migration.id = change.scriptName;
      migration.name = change.name;
      migration.forward = deploy;
      migration.dependencies = change.requires_;
      migration.conflicts = change.conflicts;
      migration.sqitchPlan = change.entry;
      if (std::filesystem::path revert = dir / "revert" / (change.scriptName + ".sql"); isRegularFile(revert)) {
        migration.rollback = revert;
      }
      if (std::filesystem::path verify = dir / "verify" / (change.scriptName + ".sql"); isRegularFile(verify)) {
        migration.verifyScript = verify;
      }
      set.migrations.push_back(std::move(migration));
    }
    return set;
  }

  Expected<MigrationPart> part(const Migration& migration, FileRole role, std::string text) const override {
    const std::filesystem::path& path =
        role == FileRole::Rollback && migration.rollback ? *migration.rollback : migration.forward;
    for (const Line& line : linesOf(text)) {
      std::string_view content = std::string_view(text).substr(line.begin, line.end - line.begin);
      std::size_t first = content.find_first_not_of(" \t");
      if (first != std::string_view::npos && content[first] == '\\') {
        return refusal(path, text, line.begin + first,
                       "psql meta-command `" + std::string(content.substr(first)) +
                           "`: sqitch runs scripts with psql, which runs it; sluice runs SQL only",
                       "write it as SQL, or keep deploying this project with sqitch");
      }
    }
    auto part = MigrationFormat::part(migration, role, std::move(text));
    if (part) {
      part->execution.mode = TransactionMode::None;
      part->execution.reason = "sqitch runs scripts with psql, which sends each statement on its own";
    }
    return part;
  }

  bool versionLess(std::string_view a, std::string_view b) const override { return a < b; }

  std::filesystem::path rollbackPathFor(const Migration& migration) const override {
    if (migration.rollback) return *migration.rollback;
    return migration.forward.parent_path().parent_path() / "revert" / migration.forward.filename();
  }

  std::string rollbackPlace(const Migration& migration) const override {
    return "`revert/" + migration.forward.filename().string() + "`";
  }

  bool isForwardFile(const std::filesystem::path& relative) const override {
    return relative.parent_path() == "deploy" && relative.filename().string().ends_with(".sql");
  }
};

}  // namespace

const MigrationFormat& sqitchFormat() {
  static const Sqitch format;
  return format;
}

}  // namespace sluice::formats
