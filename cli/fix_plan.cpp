#include "cli/fix_plan.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "cli/fix_new_migrations.hpp"
#include "common/file_io.hpp"
#include "common/temp_dir.hpp"
#include "linter/fix.hpp"
#include "linter/layout.hpp"
#include "runner/scaffold.hpp"

namespace sluice::cli {
namespace fs = std::filesystem;
namespace {

// Rules whose findings in a fixed file mean the fix broke it: it no longer parses, or a
// CONCURRENTLY it added or moved would run in a transaction.
constexpr std::string_view kAlwaysChecked[] = {"concurrently-in-transaction", "syntax-error"};

struct Candidate {
  const FileReport* file = nullptr;
  const Finding* finding = nullptr;
  std::string location;
};

// The fixes of one migrations folder (or one loose file), tried together.
struct Group {
  fs::path root;  // the folder; for a loose file, its parent
  bool looseFile = false;
  std::vector<Candidate> candidates;
};

std::string locationOf(const FileReport& file, const Finding& finding) {
  return file.source->path() + ":" + std::to_string(finding.start.line) + ":" + std::to_string(finding.start.column);
}

// The result of trying a group's fixes on a copy of its folder.
struct Trial {
  std::vector<FileChange> changes;
  std::vector<std::string> problems;     // findings the fixed copy still has, as "path:line: rule: message"
  std::set<const Finding*> failedFixes;  // the fixes those findings belong to
};

// The offset just after the part's last line in its file: where SQL is added at the end of
// a rollback section (goose, dbmate), or of the whole file.
std::size_t endOfPart(std::string_view text, const MigrationPart& part) {
  if (part.lines.end == 0) return text.size();
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && line++ == part.lines.end) return i + 1;
  }
  return text.size();
}

// The fixes' rollback additions, at the end of their migration's rollback in the copy,
// recorded as changes of the real files (on top of the edits already made to them).
Status addToRollbacks(const fs::path& copy, const fs::path& root, const std::vector<Candidate>& chosen,
                      const MigrationFormat* layout, std::vector<FileChange>& changes) {
  std::map<std::string, std::string> additions;  // migration id -> SQL
  for (const Candidate& candidate : chosen) {
    const std::string& addition = candidate.finding->fix->rollbackAddition;
    if (!addition.empty() && !candidate.file->migrationId.empty()) additions[candidate.file->migrationId] += addition;
  }
  if (additions.empty()) return {};
  auto set = loadMigrationSet(copy, layout);
  if (!set) return set.takeError();
  for (const Migration& migration : set->migrations) {
    auto addition = additions.find(migration.id);
    if (addition == additions.end() || !migration.rollback) continue;
    auto part = readMigrationPart(migration, FileRole::Rollback);
    if (!part) return part.takeError();
    auto text = readFile(*migration.rollback);
    if (!text) return text.takeError();
    std::size_t at = endOfPart(*text, *part);
    std::string after =
        text->substr(0, at) + (at == 0 || (*text)[at - 1] == '\n' ? "" : "\n") + addition->second + text->substr(at);
    if (auto written = writeFileAtomically(*migration.rollback, after); !written) return written.takeError();
    fs::path real = root / migration.rollback->lexically_relative(copy);
    auto known =
        std::find_if(changes.begin(), changes.end(), [&](const FileChange& change) { return change.path == real; });
    if (known != changes.end()) {
      known->after = after;
    } else {
      changes.push_back({real, *text, after, false});
    }
  }
  return {};
}

Expected<Trial> tryGroup(const Group& group, const std::vector<Candidate>& chosen, const LintRequest& request,
                         const RuleList& registry) {
  auto temp = TempDir::create("sluice-fix-");
  if (!temp) return temp.takeError();
  fs::path copy = temp->path() / (group.looseFile ? fs::path("files") : group.root.filename());
  std::error_code ec;
  if (group.looseFile) {
    fs::create_directories(copy, ec);
  } else {
    fs::copy(group.root, copy, fs::copy_options::recursive, ec);
  }
  if (ec) return Error(ErrorCode::Io, "cannot copy " + group.root.string() + " to try the fixes: " + ec.message());

  // Edits per file, then the new migrations in finding order (each sorts after the last).
  // A file with sections (goose, dbmate) is reported once per part, each part's text with
  // the other parts blanked: the edits, in file offsets, apply to the file as it is.
  std::map<const FileReport*, std::vector<const Candidate*>> byFile;
  std::map<fs::path, std::vector<const Candidate*>> byPath;
  for (const Candidate& candidate : chosen) {
    byFile[candidate.file].push_back(&candidate);
    byPath[candidate.file->source->path()].push_back(&candidate);
  }
  Trial trial;
  std::map<fs::path, const Finding*> owner;  // copied path -> the fix that wrote it
  std::set<fs::path> created;                // new migrations' files
  auto copiedPath = [&](const fs::path& real) {
    return group.looseFile ? copy / real.filename() : copy / real.lexically_relative(group.root);
  };
  for (const auto& [real, candidates] : byPath) {
    std::vector<TextEdit> edits;
    for (const Candidate* candidate : candidates) {
      for (const TextEdit& edit : candidate->finding->fix->edits) edits.push_back(edit);
    }
    auto before = readFile(real);
    if (!before) return before.takeError();
    std::string after = applyEdits(*before, edits);
    if (auto written = writeFileAtomically(copiedPath(real), after); !written) return written.takeError();
    owner[copiedPath(real).lexically_normal()] = candidates.front()->finding;
    trial.changes.push_back({real, *before, after, false});
  }
  if (!group.looseFile) {
    if (auto added = addToRollbacks(copy, group.root, chosen, request.layout, trial.changes); !added) {
      return added.takeError();
    }
  }
  // Lint the copy with the rules that were fixed: a fixed file must have fewer findings of
  // each, by the findings fixed, and no new syntax error or CONCURRENTLY in a transaction.
  LintRequest check = request;
  check.paths = {copy.string()};
  if (group.looseFile) {
    // Loose files stay loose: linted as files, not as a folder of migrations.
    check.paths.clear();
    for (const auto& [file, candidates] : byFile) check.paths.push_back(copiedPath(file->source->path()).string());
  }
  check.onlyFiles.reset();
  check.historyEdits.clear();
  check.since.reset();
  std::set<std::string> rules;
  for (std::string_view rule : kAlwaysChecked) rules.emplace(rule);
  for (const Candidate& candidate : chosen) rules.insert(std::string(candidate.finding->rule->name));
  check.onlyRules.assign(rules.begin(), rules.end());
  check.excludeRules.clear();

  std::map<std::string, std::string> followed;  // new migration id -> the fixed migration's
  std::vector<fs::path> createdInOrder;
  for (const Candidate& candidate : chosen) {
    for (const FollowingMigration& following : candidate.finding->fix->following) {
      // The rollback is written once the migration exists (fix_new_migrations).
      ScaffoldContent content{following.sql, "", following.outsideTransaction};
      auto scaffolded =
          scaffoldMigration(copy, following.name, request.layout, std::chrono::system_clock::now(), &content);
      if (!scaffolded) return scaffolded.takeError();
      followed[scaffolded->id] = candidate.file->migrationId;
      for (const fs::path& path : scaffolded->created) {
        owner[path.lexically_normal()] = candidate.finding;
        created.insert(path.lexically_normal());
        createdInOrder.push_back(path);
      }
    }
  }
  if (auto finished = finishNewMigrations(copy, followed, check, registry); !finished) return finished.takeError();
  for (const fs::path& path : createdInOrder) {
    auto text = readFile(path);
    if (!text) return text.takeError();
    trial.changes.push_back({group.root / path.lexically_relative(copy), "", *text, true});
  }

  using Key = std::pair<fs::path, std::string>;  // copied file, rule
  std::map<Key, int> expected;
  for (const auto& [file, candidates] : byFile) {
    fs::path path = copiedPath(file->source->path()).lexically_normal();
    for (const Finding& finding : file->findings) {
      if (rules.contains(std::string(finding.rule->name))) ++expected[{path, std::string(finding.rule->name)}];
    }
    for (const Candidate* candidate : candidates) --expected[{path, std::string(candidate->finding->rule->name)}];
  }
  auto report = lint(check, registry);
  if (!report) return report.takeError();
  for (const FileReport& file : report->files) {
    fs::path path = fs::path(file.source->path()).lexically_normal();
    auto found = owner.find(path);
    if (found == owner.end()) continue;
    std::map<std::string, int> seen;
    for (const Finding& finding : file.findings) {
      std::string rule(finding.rule->name);
      // A new migration answers only for the rule that wrote it (and parsing): it need
      // not also satisfy the other rules being fixed, which did not look at it.
      bool always = std::find(std::begin(kAlwaysChecked), std::end(kAlwaysChecked), rule) != std::end(kAlwaysChecked);
      if (created.contains(path) && !always && rule != found->second->rule->name) continue;
      if (++seen[rule] <= expected[{path, rule}]) continue;
      trial.problems.push_back(path.lexically_relative(copy).string() + ":" + std::to_string(finding.start.line) +
                               ": " + rule + ": " + finding.message);
      // Blame the fixes of this file for this rule, else (a new file, a syntax error) the one that wrote it.
      bool blamed = false;
      for (const Candidate& candidate : chosen) {
        if (copiedPath(candidate.file->source->path()).lexically_normal() == path &&
            candidate.finding->rule->name == rule) {
          trial.failedFixes.insert(candidate.finding);
          blamed = true;
        }
      }
      if (!blamed) trial.failedFixes.insert(found->second);
    }
  }
  for (const Error& error : report->errors) trial.problems.push_back(error.location + ": " + error.message);
  return trial;
}

}  // namespace

Expected<FixPlan> planFixes(const LintRequest& request, const std::vector<std::string>& onlyRules,
                            const RuleList& registry) {
  // The always-checked rules run here too, so that the trial compares like with like.
  LintRequest first = request;
  first.onlyRules = onlyRules;
  if (!onlyRules.empty())
    first.onlyRules.insert(first.onlyRules.end(), std::begin(kAlwaysChecked), std::end(kAlwaysChecked));
  auto report = lint(first, registry);
  if (!report) return report.takeError();
  if (!report->errors.empty()) {
    const Error& error = report->errors.front();
    return Error(ErrorCode::Input, error.location + ": " + error.message,
                 "sluice fix rewrites only what it can read; fix this first (`sluice lint` shows every problem)");
  }
  FixPlan plan;
  std::map<fs::path, Group> groups;
  for (const FileReport& file : report->files) {
    std::optional<fs::path> root = migrationRootOf(file.source->path());
    for (const Finding& finding : file.findings) {
      if (!finding.fix) continue;
      if (!onlyRules.empty() && std::find(onlyRules.begin(), onlyRules.end(), finding.rule->name) == onlyRules.end()) {
        continue;
      }
      Candidate candidate{&file, &finding, locationOf(file, finding)};
      fs::path key = root ? *root : fs::path(file.source->path()).parent_path();
      Group& group = groups[key];
      group.root = key;
      group.looseFile = !root;
      if (!finding.fix->following.empty()) {
        // The new migration sorts after every migration of the folder: it must follow
        // the fixed one directly.
        std::string newest;
        if (root) {
          auto set = loadMigrationSet(*root, request.layout);
          if (set && !set->migrations.empty()) newest = set->migrations.back().id;
        }
        if (!root || newest != file.migrationId || file.role != FileRole::Forward) {
          plan.skipped.push_back({candidate.location, std::string(finding.rule->name),
                                  "needs a new migration right after " +
                                      (file.migrationId.empty() ? file.source->path() : file.migrationId) +
                                      ", which is not the newest migration of its folder: apply it by hand (" +
                                      finding.fix->description + ")"});
          continue;
        }
      }
      bool clash = std::any_of(group.candidates.begin(), group.candidates.end(), [&](const Candidate& other) {
        return other.file->source->path() == file.source->path() && fixesOverlap(*other.finding->fix, *finding.fix);
      });
      if (clash) {
        plan.skipped.push_back({candidate.location, std::string(finding.rule->name),
                                "overlaps another fix of the same text; run `sluice fix` again afterwards"});
        continue;
      }
      group.candidates.push_back(candidate);
    }
  }

  for (auto& [key, group] : groups) {
    std::vector<Candidate> chosen = group.candidates;
    // A fix that leaves its rule's finding, or breaks the file, is dropped and the rest
    // tried again once.
    for (int attempt = 0; attempt < 2 && !chosen.empty(); ++attempt) {
      auto trial = tryGroup(group, chosen, request, registry);
      if (!trial) return trial.takeError();
      if (trial->problems.empty()) {
        for (FileChange& change : trial->changes) plan.changes.push_back(std::move(change));
        for (const Candidate& candidate : chosen) {
          plan.applied.push_back(
              {candidate.location, std::string(candidate.finding->rule->name), candidate.finding->fix->description});
        }
        chosen.clear();
        break;
      }
      std::string why = "the fixed migration does not lint clean: " + trial->problems.front();
      std::vector<Candidate> kept;
      for (const Candidate& candidate : chosen) {
        bool failed = trial->failedFixes.contains(candidate.finding) || attempt == 1 || trial->failedFixes.empty();
        if (failed) {
          plan.skipped.push_back({candidate.location, std::string(candidate.finding->rule->name), why});
        } else {
          kept.push_back(candidate);
        }
      }
      chosen = std::move(kept);
    }
  }
  return plan;
}

Status writeFixPlan(const FixPlan& plan) {
  for (const FileChange& change : plan.changes) {
    std::error_code ec;
    if (change.created) {
      if (fs::exists(change.path, ec)) {
        return Error(ErrorCode::Input, change.path.string() + " already exists", "run `sluice fix` again");
      }
      fs::create_directories(change.path.parent_path(), ec);
      if (ec) return Error(ErrorCode::Io, "cannot create " + change.path.parent_path().string() + ": " + ec.message());
    }
    if (auto written = writeFileAtomically(change.path, change.after); !written) return written.takeError();
  }
  return {};
}

}  // namespace sluice::cli
