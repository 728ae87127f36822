#include "linter/engine.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_set>

#include "common/file_io.hpp"
#include "common/help_board.hpp"
#include "common/large_stack.hpp"
#include "common/path_string.hpp"
#include "common/prefetch.hpp"
#include "common/sql_file.hpp"
#include "common/text.hpp"
#include "linter/active_rules.hpp"
#include "linter/file_linter.hpp"
#include "linter/formats/prisma_next.hpp"
#include "linter/layout.hpp"

namespace sluice {
namespace fs = std::filesystem;

namespace {

// A file named on the command line that selects from its set once the set is read. A set
// that turns out not to hold it leaves it to be linted on its own, in the place its
// argument gives it: before the job that had index `position` when it was named.
struct PendingSelection {
  std::string path;
  std::size_t position = 0;
  std::size_t order = 0;  // its rank among the files named
};

// One unit of parallel work: a migration set (history replayed in order) or a loose file.
struct Job {
  MigrationSet set;
  // A folder whose set is read later, by the workers, all at once (loadPendingSets).
  std::optional<fs::path> pendingRoot;
  // Files named on the command line that select from that set once it is read. Strings
  // and positions, not placeholder jobs and paths: a hook names thousands of files.
  std::vector<PendingSelection> pendingSelections;
  bool selectAll = true;
  // Forward or rollback files to report on, as the set spells them. Strings, not
  // fs::path: a path also stores its components, and hooks pass thousands of files.
  std::set<std::string, std::less<>> selected;
  std::map<fs::path, std::string> textOverride;  // standard input standing in for a file
  const Config* config = nullptr;
  unsigned parseHelpers = 0;       // threads that may read and parse the set's files ahead
  HelpBoard* helpBoard = nullptr;  // where workers left without sets join this one's reading ahead
  std::vector<ActiveRule> rules;
  LintSettings settings;
  std::optional<std::string> since;
  const std::set<fs::path>* onlyFiles = nullptr;  // normalPath spelling
  std::map<fs::path, const HistoryEdit*> edits;   // by normalPath
  // The set's files by normalPath, spelled as the set spells them (built on first use).
  std::map<std::string, const fs::path*, std::less<>> filesByNormalPath;
  // The set's files as it spells them (built on first use; no file system access).
  std::set<std::string, std::less<>> fileSpellings;
  // What detection said of pendingRoot when a named file's folder was looked up, so the
  // folder is not detected again when its set is read.
  std::optional<DetectedFormat> rootDetection;
  // The files of the set once it was read, kept while its list waits (releaseSetList).
  std::size_t weight = 0;
};

struct JobResult {
  LintedSet set;
  std::vector<FileReport> files;
  std::vector<Error> errors;
  std::vector<std::pair<std::string, std::string>> notRun;
};

std::string displayPath(const fs::path& path) { return path.lexically_normal().string(); }

// Every file of a set as the set spells it: forward files, rollbacks, orphan rollbacks.
template <typename Visit>
void forEachFileOf(const MigrationSet& set, Visit visit) {
  for (const Migration& migration : set.migrations) {
    visit(migration.forward);
    if (migration.rollback) visit(*migration.rollback);
  }
  for (const fs::path& orphan : set.orphanRollbacks) visit(orphan);
}

// Reads a migration file whole, or refuses it (common/sql_file.hpp).
Expected<std::string> readSql(const fs::path& path, const std::map<fs::path, std::string>& overrides) {
  if (auto it = overrides.find(path); it != overrides.end()) {
    if (auto checked = checkSqlText(it->second, path); !checked) return checked.takeError();
    return it->second;
  }
  return readSqlFile(path);
}

bool excluded(const Config& config, const fs::path& path) {
  if (config.exclude.empty()) return false;
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec).lexically_normal();
  std::string relative = absolute.lexically_relative(config.baseDir).string();
  for (const std::string& pattern : config.exclude) {
    if (::fnmatch(pattern.c_str(), relative.c_str(), 0) == 0) return true;
    // "dir/" or "dir" excludes everything below it.
    std::string prefix = pattern;
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    if (!prefix.empty() && (relative == prefix || relative.starts_with(prefix + "/"))) return true;
  }
  return false;
}

Migration looseFile(const fs::path& path) {
  Migration migration;
  migration.format = &looseFileFormat();
  migration.forward = path;
  migration.id = path.stem().string();
  splitVersionAndName(migration.id, migration.version, migration.name);
  migration.version.clear();  // a loose file has no history before it
  return migration;
}

// The migration id a forward file had: its folder for folder formats, else its stem.
std::string migrationIdOf(const MigrationFormat& format, const fs::path& relative) {
  if (!format.traits().forwardFileName.empty()) return relative.begin()->string();
  std::string stem = relative.filename().string();
  for (std::string_view suffix : {".up.sql", ".sql"}) {
    if (stem.ends_with(suffix)) return stem.substr(0, stem.size() - suffix.size());
  }
  return stem;
}

struct LoadedFile {
  SourceFilePtr source;
  ParsedSql parsed;
  PartExecution execution;
};

std::unique_ptr<Rule> instantiate(const ActiveRule& rule) {
  static const RuleOptions none;
  if (rule.definition->create == nullptr) return nullptr;
  return rule.definition->create(rule.options != nullptr ? *rule.options : none);
}

void runSetChecks(const Job& job, std::map<fs::path, std::vector<Finding>>& out) {
  MigrationSetContext context(job.set, job.settings);
  for (const ActiveRule& rule : job.rules) {
    auto check = instantiate(rule);
    if (!check) continue;
    SetFindingSink sink(rule.definition->meta, out);
    check->checkSet(context, sink);
  }
}

void runPairChecks(const Job& job, const Migration& migration, CheckedFile& forward, CheckedFile* rollback,
                   const std::vector<const LintedFile*>& groupRollbacks, MigrationSchemas schemas) {
  LintedFile forwardView = forward.view();
  std::optional<LintedFile> rollbackView;
  if (rollback != nullptr) rollbackView.emplace(rollback->view());
  MigrationPairContext context(job.set, migration, &forwardView, rollbackView ? &*rollbackView : nullptr, job.settings,
                               &groupRollbacks, schemas);
  PairFindingSink::Target forwardTarget{&forward.source->path(), &forward.findings};
  PairFindingSink::Target rollbackTarget;
  if (rollback != nullptr) rollbackTarget = {&rollback->source->path(), &rollback->findings};
  for (const ActiveRule& rule : job.rules) {
    auto check = instantiate(rule);
    if (!check) continue;
    PairFindingSink sink(rule.definition->meta, forwardTarget, rollbackTarget);
    check->checkMigration(context, sink);
  }
}

// How a job's set shows in reports: its folder and how it was read.
LintedSet lintedSetOf(const Job& job) {
  LintedSet set;
  set.root = job.set.root.empty() ? std::string() : displayPath(job.set.root);
  set.layout = std::string(job.set.format->name());
  set.layoutSource = job.set.root.empty() ? "a file on its own" : job.set.formatSource;
  return set;
}

void lintJob(const Job& job, JobResult& result) {
  result.set = lintedSetOf(job);
  SchemaModel model;
  PathNormalizer normalPath;
  // The part of a migration's file that its tool runs as `role`.
  auto readPart = [&](const Migration& migration, FileRole role) -> Expected<MigrationPart> {
    auto text = readSql(fileOf(migration, role), job.textOverride);
    if (!text) return text.takeError();
    return migrationPart(migration, role, std::move(*text));
  };
  // That part as a file to lint: its source (named as reports show it) and its parse.
  // Touches nothing of the job's but what it reads: helper threads call it too.
  auto loadPart = [&](const Migration& migration, FileRole role) -> Expected<LoadedFile> {
    const fs::path& path = fileOf(migration, role);
    Expected<MigrationPart> part = readPart(migration, role);
    if (!part) {
      Error error = part.takeError();
      if (error.location.empty()) error.location = displayPath(path);
      return error;
    }
    LoadedFile file{std::make_shared<SourceFile>(displayPath(path), std::string(*part->text)), ParsedSql(),
                    std::move(part->execution)};
    file.parsed = parseSql(file.source->text());
    return file;
  };
  auto loaded = [&](Expected<LoadedFile> file, bool reportErrors) -> std::optional<LoadedFile> {
    if (file) return std::move(*file);
    if (reportErrors) result.errors.push_back(file.takeError());
    return std::nullopt;
  };
  auto load = [&](const Migration& migration, FileRole role, bool reportErrors) {
    return loaded(loadPart(migration, role), reportErrors);
  };
  auto isSelected = [&](const fs::path& path, const Migration& migration) {
    if (job.since && !migration.version.empty() && !selectedSince(migration.version, *job.since)) return false;
    if (job.config != nullptr && excluded(*job.config, path)) return false;
    if (job.onlyFiles != nullptr && !job.onlyFiles->contains(normalPath(path))) return false;
    return job.selectAll || job.selected.contains(path.native());
  };
  auto anySelected = [&](const Migration& migration) {
    return isSelected(migration.forward, migration) ||
           (migration.rollback && isSelected(*migration.rollback, migration));
  };
  for (const auto& [path, reason] : job.set.notRun) {
    if (job.selectAll || job.selected.contains(path.native())) result.notRun.emplace_back(displayPath(path), reason);
  }
  // Set-level rules see names and metadata only; their findings wait for their file.
  std::map<fs::path, std::vector<Finding>> setFindings;
  runSetChecks(job, setFindings);
  auto finish = [&](CheckedFile& checked, const fs::path& path) {
    if (auto it = setFindings.find(path); it != setFindings.end()) {
      for (Finding& finding : it->second) checked.findings.push_back(std::move(finding));
      setFindings.erase(it);
    }
    result.files.push_back(finishFindings(checked, job.rules));
  };
  bool anyReported = false;

  const std::vector<Migration>& migrations = job.set.migrations;
  // Migrations after the last selected one cannot influence a verdict: not even read.
  std::size_t end = 0;
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    if (anySelected(migrations[i])) end = i + 1;
  }
  // Loose files (a plain folder's files without a version) have no history to replay.
  bool independent = !job.set.format->traits().versioned;
  // A migration, or the parts of a split one (Migration::group), is linted as a unit:
  // migrations [first, groupEnd(first)).
  auto groupEnd = [&](std::size_t first) {
    std::size_t last = first + 1;
    while (!migrations[first].group.empty() && last < migrations.size() &&
           migrations[last].group == migrations[first].group) {
      ++last;
    }
    return last;
  };
  // The forward files, in the order the loop below takes them. History before the files
  // reported on only teaches the model (replay), so it needs no source and no display
  // path, and its errors are not this lint's (its own lint reports them); a reported file
  // is linted. Both are read and parsed ahead, on helper threads when the lint has cores
  // to spare: parsing is most of linting a long history, or one file against it.
  struct Forward {
    const Migration* migration = nullptr;
    bool reported = false;
  };
  std::vector<Forward> forwards;
  for (std::size_t first = 0; first < end;) {
    std::size_t last = groupEnd(first);
    bool reported = std::any_of(migrations.begin() + static_cast<std::ptrdiff_t>(first),
                                migrations.begin() + static_cast<std::ptrdiff_t>(last), anySelected);
    bool skipped = independent && migrations[first].version.empty() && !reported;
    for (std::size_t k = first; k < last && !skipped; ++k) forwards.push_back({&migrations[k], reported});
    first = last;
  }
  struct ReadAhead {
    std::shared_ptr<const std::string> text;       // replayed: its text (null: it could not be read)
    ParsedSql parsed;                              // replayed: its parse
    std::optional<Expected<LoadedFile>> file;      // reported
    std::optional<Expected<LoadedFile>> rollback;  // reported, when the migration has one
  };
  constexpr std::size_t kWorthAHelper = 16;  // files; fewer are not worth starting a thread (not measured)
  constexpr std::size_t kParsedAhead = 16;   // files parsed and not yet taken, at most
  InOrderPrefetch<ReadAhead> ahead(forwards.size(), forwards.size() >= kWorthAHelper ? job.parseHelpers : 0,
                                   kParsedAhead, [&](std::size_t index) {
                                     const Forward& forward = forwards[index];
                                     ReadAhead read;
                                     if (forward.reported) {
                                       read.file.emplace(loadPart(*forward.migration, FileRole::Forward));
                                       if (forward.migration->rollback) {
                                         read.rollback.emplace(loadPart(*forward.migration, FileRole::Rollback));
                                       }
                                       return read;
                                     }
                                     Expected<MigrationPart> part = readPart(*forward.migration, FileRole::Forward);
                                     if (!part) return read;
                                     read.parsed = parseSql(*part->text);
                                     read.text = std::move(part->text);
                                     return read;
                                   });
  // Workers whose own sets are done join in (common/help_board.hpp).
  HelpBoard::Posting posting(job.helpBoard, ahead);
  std::size_t taken = 0;
  auto replay = [&] {
    ReadAhead next = ahead.take(taken++);
    if (next.text) replayFile(*next.text, next.parsed, model);
  };
  // A rollback read ahead is loaded, or its error reported, only where the loop below
  // would have read it: after its forward file was checked.
  auto takeReported = [&](std::optional<LoadedFile>& forward, std::optional<Expected<LoadedFile>>& rollback) {
    ReadAhead next = ahead.take(taken++);
    forward = loaded(std::move(*next.file), true);
    rollback = std::move(next.rollback);
  };
  struct Part {
    const Migration* migration = nullptr;
    bool forwardSelected = false;
    bool rollbackSelected = false;
    std::optional<LoadedFile> forward;
    std::optional<LoadedFile> rollback;
    std::optional<Expected<LoadedFile>> rollbackAhead;
    std::optional<CheckedFile> forwardChecked;
    std::optional<CheckedFile> rollbackChecked;
  };
  for (std::size_t first = 0; first < end;) {
    std::size_t last = groupEnd(first);
    std::vector<Part> parts(last - first);
    bool reported = false;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      Part& part = parts[k];
      part.migration = &migrations[first + k];
      part.forwardSelected = isSelected(part.migration->forward, *part.migration);
      part.rollbackSelected = part.migration->rollback && isSelected(*part.migration->rollback, *part.migration);
      reported = reported || part.forwardSelected || part.rollbackSelected;
    }
    if (independent && migrations[first].version.empty()) {
      if (!reported) {
        first = last;
        continue;
      }
      model = SchemaModel();
    }
    model.beginMigration(migrations[first].group.empty() ? migrations[first].id : migrations[first].group);
    // The schema before the migration, for rules that compare it with the schema after
    // the rollback (copies share what they do not change).
    std::optional<SchemaModel> before;
    bool anyRollback =
        std::any_of(parts.begin(), parts.end(), [](const Part& part) { return part.migration->rollback.has_value(); });
    if (reported && anyRollback) before = model;
    for (Part& part : parts) {
      // History that cannot be read is not this lint's failure (the file's own lint
      // reports it); the model simply does not learn from it.
      if (!reported) {
        replay();
        continue;
      }
      takeReported(part.forward, part.rollbackAhead);
      if (!part.forward) continue;
      FileLintInput input{part.forward->source, part.forward->parsed,    *part.migration,
                          FileRole::Forward,    part.forward->execution, job.rules,
                          job.settings};
      part.forwardChecked = checkFile(input, model);
    }
    first = last;
    if (!reported) continue;
    anyReported = true;
    // Rollbacks run in reverse order, each against the schema the forward migration
    // left (and the later parts' rollbacks restored), in which what the forward
    // migration created still counts as created by this migration. Without a rollback
    // the model is not copied: a copy per migration of a long Prisma history was a
    // quarter of its lint's instructions (docs/benchmarks.md).
    std::vector<LintedFile> rollbackViews;
    rollbackViews.reserve(parts.size());
    std::optional<SchemaModel> afterForward;
    if (anyRollback) afterForward = model;
    for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
      if (!part->migration->rollback || !part->forwardChecked) continue;
      part->rollback = loaded(std::move(*part->rollbackAhead), part->rollbackSelected);
      if (!part->rollback) continue;
      FileLintInput input{part->rollback->source,
                          part->rollback->parsed,
                          *part->migration,
                          FileRole::Rollback,
                          part->rollback->execution,
                          job.rules,
                          job.settings};
      part->rollbackChecked = checkFile(input, model);
      rollbackViews.push_back(part->rollbackChecked->view());
    }
    std::optional<SchemaModel> afterRollback;
    if (afterForward) {
      afterRollback = std::move(model);
      model = std::move(*afterForward);
    }
    std::vector<const LintedFile*> groupRollbacks;
    for (const LintedFile& view : rollbackViews) groupRollbacks.push_back(&view);
    MigrationSchemas schemas{before ? &*before : nullptr, rollbackViews.empty() ? nullptr : &*afterRollback};
    for (Part& part : parts) {
      if (!part.forwardChecked) continue;
      runPairChecks(job, *part.migration, *part.forwardChecked, part.rollbackChecked ? &*part.rollbackChecked : nullptr,
                    groupRollbacks, schemas);
      if (part.forwardSelected) {
        finish(*part.forwardChecked, part.migration->forward);
        if (!job.edits.empty()) {
          if (auto edit = job.edits.find(normalPath(part.migration->forward)); edit != job.edits.end()) {
            reportHistoryEdit(*edit->second, job.rules, result.files.back());
          }
        }
      }
      if (part.rollbackChecked && part.rollbackSelected) finish(*part.rollbackChecked, *part.migration->rollback);
    }
  }
  // A rollback without its forward migration is still SQL that someone may run.
  for (const fs::path& orphan : job.set.orphanRollbacks) {
    Migration migration = looseFile(orphan);
    migration.format = job.set.format;
    if (!isSelected(orphan, migration)) continue;
    anyReported = true;
    auto file = load(migration, FileRole::Forward, true);
    if (!file) continue;
    SchemaModel scratch;
    scratch.beginMigration(migration.id);
    FileLintInput input{file->source,    file->parsed, migration,   FileRole::Rollback,
                        file->execution, job.rules,    job.settings};
    CheckedFile checked = checkFile(input, scratch);
    finish(checked, orphan);
  }
  // A deleted migration has no file left to lint; the finding points at its old text.
  for (const auto& [path, edit] : job.edits) {
    if (edit->kind != HistoryEdit::Kind::Deleted) continue;
    fs::path shown = job.set.root / path.lexically_relative(normalPath(job.set.root));
    FileReport report;
    report.source = std::make_shared<SourceFile>(displayPath(shown), edit->baseText);
    report.migrationId = migrationIdOf(*job.set.format, path.lexically_relative(normalPath(job.set.root)));
    reportHistoryEdit(*edit, job.rules, report);
    if (!report.findings.empty()) result.files.push_back(std::move(report));
  }
  // Findings on files that are not migrations (migration_lock.toml), whenever anything
  // of the folder is reported on.
  if (!anyReported) return;
  bool anyLeft =
      std::any_of(setFindings.begin(), setFindings.end(), [](const auto& entry) { return !entry.second.empty(); });
  if (!anyLeft) return;
  // The set's own spellings, hashed as strings: set checks name files as the set spells
  // them. A tree of paths compared them part by part (6% of linting one file of an
  // 820-migration history), and a hash set of paths copied each with its components
  // (a tenth of that lint's page faults).
  std::unordered_set<std::string_view> migrationFiles;
  migrationFiles.reserve(job.set.migrations.size() * 2 + job.set.orphanRollbacks.size());
  forEachFileOf(job.set, [&](const fs::path& file) { migrationFiles.insert(file.native()); });
  for (auto& [path, findings] : setFindings) {
    if (findings.empty() || migrationFiles.contains(path.native())) continue;
    std::string text;
    if (auto contents = readFile(path)) text = std::move(*contents);
    CheckedFile checked;
    checked.source = std::make_shared<SourceFile>(displayPath(path), std::move(text));
    ParsedSql none;
    checked.parsed = &none;
    checked.findings = std::move(findings);
    result.files.push_back(finishFindings(checked, job.rules));
  }
  // Reports outlive the job until everything is printed; a file without findings needs
  // only its name, not its text and line index.
  for (FileReport& file : result.files) {
    if (file.findings.empty() && !file.source->text().empty()) {
      file.source = std::make_shared<SourceFile>(file.source->path(), std::string());
    }
  }
}

// The files a set's lint reads: its work, roughly.
std::size_t filesOf(const MigrationSet& set) {
  std::size_t files = set.orphanRollbacks.size();
  for (const Migration& migration : set.migrations) files += migration.rollback ? std::size_t{2} : std::size_t{1};
  return files;
}

// How many sets ahead a worker looks for the heaviest, when sets are linted in order.
std::size_t lookaheadOf(unsigned workers) { return std::size_t{4} * std::max(workers, 1U); }

// Whether sets are linted about in the order given: a streamed report takes the files in
// the sets' order, and with more sets than the lookahead each worker takes the heaviest
// of the next few (see lint()). Only those few sets are in hand at a time then: the
// others wait without their lists (releaseSetList), so memory stays flat however many
// sets there are (the corpus copied 16 times held 67 MB of lists before the first set
// was linted). Each list is still read once before the lint begins, so a folder that
// cannot be read stops it before anything is reported, as before.
bool lintedInOrder(bool streamed, std::size_t sets, unsigned workers) {
  return streamed && sets > lookaheadOf(workers);
}

// A whole folder's set that waits for its turn without its list of migrations (a path per
// file, with its components: about 1.3 KB a file), read again when a worker takes it
// (resumeSet). Sets that named files select from keep their lists: the selection points
// into them.
void releaseSetList(Job& job) {
  if (job.set.root.empty() || !job.selectAll || !job.pendingSelections.empty() || !job.filesByNormalPath.empty() ||
      !job.textOverride.empty()) {
    return;
  }
  job.pendingRoot = job.set.root;
  // A new set, not cleared lists: a cleared vector keeps its buffer (~0.5 KB a migration).
  MigrationSet waiting;
  waiting.root = std::move(job.set.root);
  waiting.format = job.set.format;
  waiting.formatSource = std::move(job.set.formatSource);
  job.set = std::move(waiting);
  job.fileSpellings.clear();
}

// Reads the set of a job whose folder was only noted (Job::pendingRoot).
Status loadPendingSet(Job& job, const MigrationFormat* layout) {
  auto set = layout == nullptr && job.rootDetection ? loadDetectedSet(*job.pendingRoot, *job.rootDetection)
                                                    : loadMigrationSet(*job.pendingRoot, layout);
  if (!set) return set.takeError();
  job.set = std::move(*set);
  job.pendingRoot.reset();
  return {};
}

// Reads again the list that releaseSetList let go (the folder may have changed since: the
// error is the set's own then).
Status resumeSet(Job& job, const MigrationFormat* layout) {
  if (!job.pendingRoot) return {};
  return loadPendingSet(job, layout);
}

// Reads every pending set, `workers` at a time: listing folders and detecting their
// layouts was a sixth of linting a corpus, done before the first worker started. The
// first error in job order wins, as when the sets were read one after another. The sets
// from job `releaseFrom` on wait for their turn without their lists (releaseSetList).
Status loadPendingSets(std::vector<Job>& jobs, const MigrationFormat* layout, unsigned workers,
                       std::size_t releaseFrom) {
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (jobs[i].pendingRoot) pending.push_back(i);
  }
  if (pending.empty()) return {};
  std::vector<std::optional<Error>> errors(jobs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < pending.size(); i = next++) {
      Job& job = jobs[pending[i]];
      if (auto loaded = loadPendingSet(job, layout); !loaded) {
        errors[pending[i]] = loaded.takeError();
        continue;
      }
      job.weight = filesOf(job.set);
      if (pending[i] >= releaseFrom) releaseSetList(job);
    }
  };
  workers = std::min<unsigned>(std::max(workers, 1U), static_cast<unsigned>(pending.size()));
  if (workers <= 1) {
    work();
  } else {
    runThreadsOnLargeStacks(workers, work);
  }
  for (std::optional<Error>& error : errors) {
    if (error) return std::move(*error);
  }
  return {};
}

class JobBuilder {
  // The job of each migrations folder, by the folder's normalPath spelling.
  using JobsByRoot = std::map<std::string, std::size_t, std::less<>>;
  // Whether a job's set is read when the job is made, or later with the others, in
  // parallel (standard input standing in for a file needs its set at once).
  enum class Loading { Now, Later };

 public:
  JobBuilder(const LintRequest& request, const RuleList& registry) : request_(request), registry_(registry) {}

  // The jobs of the request, every set read: first each argument becomes a job (a folder's
  // set only noted), then the noted sets are read `workers` at a time, then the files named
  // one by one select from them and the history edits find their sets.
  Expected<std::vector<Job>> build(unsigned workers, bool streamed) {
    auto jobs = jobsOfArguments();
    if (!jobs) return jobs.takeError();
    // The first few sets are taken at once: their lists stay. (Files named that their
    // sets turn out not to hold add jobs later; they only make the order matter more.)
    std::size_t releaseFrom = lintedInOrder(streamed, jobs->size(), workers) ? lookaheadOf(workers) : jobs->size();
    if (auto loaded = loadPendingSets(*jobs, request_.layout, workers, releaseFrom); !loaded) {
      return loaded.takeError();
    }
    if (auto resolved = resolveSelections(*jobs); !resolved) return resolved.takeError();
    assignHistoryEdits(*jobs);
    // What matched named files to their sets is not needed to lint them, and would stay
    // until the end (thousands of paths when a hook names every file).
    for (Job& job : *jobs) {
      job.fileSpellings.clear();
      job.filesByNormalPath.clear();
    }
    normalPath_ = PathNormalizer();
    layouts_.clear();
    return jobs;
  }

  Severity failOn() const {
    for (const auto& [key, config] : configs_) {
      if (config->failOn == Severity::Warning) return Severity::Warning;
    }
    return Severity::Error;
  }
  std::vector<Error> takeWarnings() { return std::move(warnings_); }

 private:
  Expected<std::vector<Job>> jobsOfArguments() {
    std::vector<Job> jobs;
    JobsByRoot jobOfRoot;
    for (const std::string& argument : request_.paths) {
      if (argument == "-") {
        auto status = addStdin(jobs, jobOfRoot);
        if (!status) return status.takeError();
        continue;
      }
      fs::path path(argument);
      std::error_code ec;
      auto status = fs::status(path, ec);
      if (ec || !fs::exists(status)) {
        return Error(ErrorCode::Input, "no such file or folder: " + argument,
                     "paths are relative to the current directory");
      }
      if (fs::is_directory(status)) {
        // One migration's folder (prisma/migrations/<one folder>, sqitch's deploy/): its
        // files, judged with the history of the migrations folder it belongs to.
        if (auto files = filesOfMigrationFolder(path); !files.empty()) {
          for (const fs::path& file : files) {
            auto added = addFile(file, jobs, jobOfRoot);
            if (!added) return added.takeError();
          }
          continue;
        }
        if (auto refusal = formats::prismaNextRefusal(path)) return *refusal;
        auto roots = findMigrationRoots(path);
        if (roots.empty()) {
          return Error(ErrorCode::Input, "no migrations in " + argument,
                       "sluice looks for .sql files, Prisma folders (migration.sql) and up/down folders");
        }
        for (const fs::path& root : roots) {
          auto job = jobFor(root, jobs, jobOfRoot, Loading::Later);
          if (!job) return job.takeError();
          jobs[*job].selectAll = true;
        }
        continue;
      }
      if (!fs::is_regular_file(status)) return Error(ErrorCode::Input, argument + " is not a regular file");
      auto added = addFile(path, jobs, jobOfRoot);
      if (!added) return added.takeError();
    }
    return jobs;
  }

  // The files named on the command line select from their sets, now read; those a set
  // does not hold become jobs of their own, in their arguments' places.
  Status resolveSelections(std::vector<Job>& jobs) {
    struct Loose {
      std::size_t position;
      std::size_t order;
      Job job;
    };
    std::vector<Loose> loose;
    for (Job& owner : jobs) {
      auto selections = std::move(owner.pendingSelections);
      owner.pendingSelections.clear();
      for (const PendingSelection& selection : selections) {
        fs::path path(selection.path);
        if (select(owner, path)) continue;
        Job job;
        if (auto status = prepareLooseFile(job, path); !status) return status;
        loose.push_back({selection.position, selection.order, std::move(job)});
      }
    }
    if (loose.empty()) return {};
    std::sort(loose.begin(), loose.end(), [](const Loose& a, const Loose& b) {
      return std::tie(a.position, a.order) < std::tie(b.position, b.order);
    });
    std::vector<Job> placed;
    placed.reserve(jobs.size() + loose.size());
    auto next = loose.begin();
    for (std::size_t i = 0; i <= jobs.size(); ++i) {
      for (; next != loose.end() && next->position <= i; ++next) placed.push_back(std::move(next->job));
      if (i < jobs.size()) placed.push_back(std::move(jobs[i]));
    }
    jobs = std::move(placed);
    return {};
  }

  // Each edit goes to the set whose folder holds it, when the layout reads it as a
  // forward migration; edits outside the linted sets are not this run's business.
  void assignHistoryEdits(std::vector<Job>& jobs) {
    for (const HistoryEdit& edit : request_.historyEdits) {
      for (Job& job : jobs) {
        if (job.set.root.empty()) continue;
        fs::path relative = edit.path.lexically_relative(normalPath_(job.set.root));
        if (relative.empty() || *relative.begin() == "..") continue;
        if (!job.set.format->isForwardFile(relative)) continue;
        if (job.config != nullptr && excluded(*job.config, edit.path)) continue;
        job.edits[edit.path] = &edit;
        break;
      }
    }
  }

  Status addStdin(std::vector<Job>& jobs, JobsByRoot& jobOfRoot) {
    auto text = readStdin();
    if (!text) return text.takeError();
    fs::path name = request_.stdinFilename.value_or("<stdin>");
    // With --stdin-filename inside a layout, standard input stands in for that file.
    if (request_.stdinFilename) {
      std::error_code ec;
      if (fs::exists(name, ec)) {
        auto index = addFile(name, jobs, jobOfRoot, Loading::Now);
        if (!index) return index.takeError();
        jobs[*index].textOverride[name] = std::move(*text);
        return {};
      }
    }
    auto config = configFor(fs::current_path());
    if (!config) return config.takeError();
    Job job;
    if (auto status = prepare(job, *config); !status) return status;
    job.set.format = request_.layout != nullptr ? request_.layout : &looseFileFormat();
    Migration migration = looseFile(name);
    migration.format = job.set.format;
    job.set.migrations.push_back(migration);
    job.textOverride[name] = std::move(*text);
    jobs.push_back(std::move(job));
    return {};
  }

  // The job that lints `path`: its set's (read later unless `loading` is Now), or a job
  // of its own.
  Expected<std::size_t> addFile(const fs::path& path, std::vector<Job>& jobs, JobsByRoot& jobOfRoot,
                                Loading loading = Loading::Later) {
    if (auto root = rootOf(path)) {
      auto index = jobFor(*root, jobs, jobOfRoot, loading);
      if (!index) return index.takeError();
      if (jobs[*index].pendingRoot) {
        jobs[*index].pendingSelections.push_back({path.native(), jobs.size(), filesNamed_++});
        return *index;
      }
      if (select(jobs[*index], path)) return *index;
    }
    Job job;
    if (auto status = prepareLooseFile(job, path); !status) return status.takeError();
    jobs.push_back(std::move(job));
    return jobs.size() - 1;
  }

  // Whether `path` is a file of the job's set; if so, it is reported on.
  bool select(Job& job, const fs::path& path) {
    const std::string& normal = normalPath_.spelling(path);
    if (auto spelled = spelledUnderRoot(job, path, normal)) {
      job.selected.insert(std::move(*spelled));
      return true;
    }
    // The set's own paths are spelled root/name; match the argument the same way. The
    // index is built once per set: hooks and editors pass thousands of files.
    if (job.filesByNormalPath.empty()) {
      forEachFileOf(job.set,
                    [&](const fs::path& file) { job.filesByNormalPath.emplace(normalPath_.spelling(file), &file); });
    }
    auto spelled = job.filesByNormalPath.find(normal);
    if (spelled == job.filesByNormalPath.end()) return false;
    job.selected.insert(spelled->second->native());
    return true;
  }

  // The set's spelling of `path`, which resolves to `normal`, found without resolving
  // every file of the set (a stat or two each: most of checking one migration against a
  // history of 800) when the file lies under the set's resolved root, as it usually does.
  // A file reached only through a link inside the set takes the full index.
  std::optional<std::string> spelledUnderRoot(Job& job, const fs::path& path, const std::string& normal) {
    const std::string& root = normalPath_.spelling(job.set.root);
    bool under = normal.starts_with(root) && normal.size() > root.size() + 1 && normal[root.size()] == '/';
    if (!under) return std::nullopt;
    std::string candidate = job.set.root.native();
    appendPathName(candidate, std::string_view(normal).substr(root.size() + 1));
    if (job.fileSpellings.empty()) {
      forEachFileOf(job.set, [&](const fs::path& file) { job.fileSpellings.insert(file.native()); });
    }
    if (!job.fileSpellings.contains(candidate)) return std::nullopt;
    // The argument spelled as the set spells it (the usual case) resolves to `normal`.
    if (candidate != path.native() && normalPath_.spelling(fs::path(candidate)) != normal) return std::nullopt;
    return candidate;
  }

  // A file linted on its own: outside any migrations folder, or not a migration of its
  // folder's layout (e.g. --layout names another one).
  Status prepareLooseFile(Job& job, const fs::path& path) {
    auto config = configFor(path);
    if (!config) return config.takeError();
    if (auto status = prepare(job, *config); !status) return status;
    job.set.format = request_.layout != nullptr ? request_.layout : &looseFileFormat();
    Migration migration = looseFile(path);
    migration.format = job.set.format;
    job.set.migrations.push_back(migration);
    return {};
  }

  // The .sql files of `dir` when `dir` is a folder inside a format that owns its
  // subfolders (a migration's folder), else nothing.
  std::vector<fs::path> filesOfMigrationFolder(const fs::path& dir) {
    auto rooted = rootOf(dir / "migration.sql");
    if (!rooted || fs::path(*rooted).lexically_normal() == fs::path(dir).lexically_normal()) return {};
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec) && it->path().extension() == ".sql") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  // migrationRootOf with each folder listed once: hooks and editors pass thousands of
  // files of the same few folders.
  std::optional<fs::path> rootOf(const fs::path& file) {
    return migrationRootOf(file, [this](const fs::path& dir) {
      auto [it, inserted] = layouts_.try_emplace(dir.string());
      if (inserted) it->second = detectFormat(dir).value_or(DetectedFormat{});
      return it->second.format;
    });
  }

  Expected<std::size_t> jobFor(const fs::path& root, std::vector<Job>& jobs, JobsByRoot& jobOfRoot, Loading loading) {
    const std::string& key = normalPath_.spelling(root);
    if (auto it = jobOfRoot.find(key); it != jobOfRoot.end()) {
      Job& job = jobs[it->second];
      if (loading == Loading::Now && job.pendingRoot) {
        if (auto loaded = loadPendingSet(job, request_.layout); !loaded) return loaded.takeError();
      }
      return it->second;
    }
    Job job;
    job.pendingRoot = root;
    if (auto detected = layouts_.find(root.string()); detected != layouts_.end()) job.rootDetection = detected->second;
    if (loading == Loading::Now) {
      if (auto loaded = loadPendingSet(job, request_.layout); !loaded) return loaded.takeError();
    }
    auto config = configFor(root);
    if (!config) return config.takeError();
    job.selectAll = false;
    if (auto status = prepare(job, *config); !status) return status.takeError();
    jobs.push_back(std::move(job));
    jobOfRoot[key] = jobs.size() - 1;
    return jobs.size() - 1;
  }

  Status prepare(Job& job, const Config* config) {
    job.config = config;
    auto rules = activeRules(registry_, *config, request_.onlyRules, request_.excludeRules);
    if (!rules) return rules.takeError();
    job.rules = std::move(*rules);
    job.settings.pgVersion = config->pgVersion;
    job.settings.fixes = request_.fixes;
    job.since = request_.since;
    if (request_.onlyFiles) job.onlyFiles = &*request_.onlyFiles;
    return {};
  }

  Expected<const Config*> configFor(const fs::path& start) {
    std::optional<fs::path> file = request_.configFile ? request_.configFile : config::findConfigFile(start);
    std::string key = file ? fs::absolute(*file).string() : std::string();
    if (auto it = configs_.find(key); it != configs_.end()) return it->second.get();
    std::vector<const RuleMeta*> metas = ruleMetas(registry_);
    config::LoadRequest load;
    load.file = file;
    load.searchFrom = start;
    load.flags = request_.settingFlags;
    load.catalog = configCatalog(metas);
    auto settings = config::loadSettings(load);
    if (!settings) return settings.takeError();
    for (Error& warning : settings->warnings) warnings_.push_back(std::move(warning));
    auto config = std::make_unique<Config>(lintConfig(settings->lint, metas));
    const Config* pointer = config.get();
    configs_[key] = std::move(config);
    return pointer;
  }

  const LintRequest& request_;
  const RuleList& registry_;
  std::map<std::string, std::unique_ptr<Config>> configs_;
  std::vector<Error> warnings_;
  std::map<std::string, DetectedFormat> layouts_;  // detection by folder, as rootOf spells it
  PathNormalizer normalPath_;
  std::size_t filesNamed_ = 0;  // files left to select from their sets, so far
};

}  // namespace

bool selectedSince(std::string_view version, std::string_view since) {
  // A migration id given for a version: its version part.
  std::string sinceVersion;
  std::string sinceName;
  splitVersionAndName(since, sinceVersion, sinceName);
  if (sinceVersion.empty()) sinceVersion = std::string(since);
  auto digits = [](std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  // Against timestamp versions, a shorter all-digit version is a prefix: 20240301 means
  // 20240301000000, not the number 20240301 (which every 14-digit version exceeds).
  if (digits(version) && digits(sinceVersion) && version.size() >= 8 && sinceVersion.size() >= 4 &&
      sinceVersion.size() < version.size()) {
    sinceVersion.append(version.size() - sinceVersion.size(), '0');
  }
  return !versionLess(version, sinceVersion);
}

namespace {

// Files a running set must still have unclaimed for a worker without a set to join it:
// the worker exists already, so joining costs only a lock (not measured).
constexpr std::size_t kWorthJoining = 4;

// Hands out jobs in `order`, the heaviest of the next `lookahead` unclaimed ones first.
class JobPicker {
 public:
  JobPicker(std::vector<std::size_t> order, std::vector<std::size_t> weights, std::size_t lookahead)
      : order_(std::move(order)),
        weights_(std::move(weights)),
        claimed_(order_.size(), false),
        lookahead_(std::max<std::size_t>(lookahead, 1)) {}

  std::optional<std::size_t> next() {
    std::lock_guard lock(mutex_);
    while (front_ < order_.size() && claimed_[front_]) ++front_;
    if (front_ == order_.size()) return std::nullopt;
    std::size_t best = front_;
    std::size_t end = std::min(order_.size(), front_ + lookahead_);
    for (std::size_t i = front_ + 1; i < end; ++i) {
      if (!claimed_[i] && weights_[order_[i]] > weights_[order_[best]]) best = i;
    }
    claimed_[best] = true;
    return order_[best];
  }

 private:
  std::mutex mutex_;
  std::vector<std::size_t> order_;
  std::vector<std::size_t> weights_;
  std::vector<bool> claimed_;
  std::size_t lookahead_;
  std::size_t front_ = 0;
};

}  // namespace

std::vector<const RuleMeta*> ruleMetas(const RuleList& registry) {
  std::vector<const RuleMeta*> metas;
  metas.reserve(registry.size());
  for (const RuleDefinition* rule : registry) metas.push_back(&rule->meta);
  return metas;
}

Expected<LintReport> lint(const LintRequest& request, const RuleList& registry, const FileReportSink& sink) {
  JobBuilder builder(request, registry);
  unsigned workers = request.jobs != 0 ? request.jobs : std::max(1U, std::thread::hardware_concurrency());
  auto jobs = builder.build(workers, static_cast<bool>(sink));
  if (!jobs) return jobs.takeError();

  LintReport report;
  report.failOn = builder.failOn();
  report.configWarnings = builder.takeWarnings();
  auto count = [&report](const FileReport& file) {
    for (const Finding& finding : file.findings) {
      if (finding.severity == Severity::Error) ++report.errorCount;
      if (finding.severity == Severity::Warning) ++report.warningCount;
    }
  };

  std::vector<JobResult> results(jobs->size());
  // Cores that no set would use read and parse the sets' files ahead (one file checked
  // against a long history, the pre-commit case; one folder linted whole, the CI case).
  if (!jobs->empty() && jobs->size() < workers) {
    auto helpers = static_cast<unsigned>((workers - jobs->size()) / jobs->size());
    for (Job& job : *jobs) job.parseHelpers = helpers;
  }
  workers = std::min<unsigned>(workers, static_cast<unsigned>(jobs->size()));
  // Without a sink, the heaviest sets (most files) first, so that one long history does
  // not start last. A sink takes the files in the sets' order, and a set done early waits
  // for those before it: with many sets, each worker takes the heaviest of the next few,
  // so that only those few sets' reports wait, and a long history named late (Lemmy's,
  // in the corpus) does not run alone at the end.
  std::vector<std::size_t> order(jobs->size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::vector<std::size_t> weights(jobs->size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const Job& job = (*jobs)[i];
    weights[i] = job.pendingRoot ? job.weight : filesOf(job.set);
  }
  std::size_t lookahead = lookaheadOf(workers);
  bool inOrder = lintedInOrder(static_cast<bool>(sink), jobs->size(), workers);
  if (!inOrder) {
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return weights[a] > weights[b]; });
  }
  JobPicker picker(std::move(order), std::move(weights), inOrder ? lookahead : 1);
  std::mutex emitting;
  std::vector<bool> done(jobs->size(), false);
  std::size_t emitted = 0;  // results before this one have gone to the sink
  auto emitReady = [&](std::size_t finished) {
    std::lock_guard lock(emitting);
    done[finished] = true;
    for (; emitted < results.size() && done[emitted]; ++emitted) {
      for (FileReport& file : results[emitted].files) {
        count(file);
        sink(std::move(file));
      }
      results[emitted].files.clear();
      results[emitted].files.shrink_to_fit();
    }
  };
  // A worker left with no set to take reads and parses ahead for sets still running (a
  // long history is otherwise replayed alone at the end while the other cores wait).
  HelpBoard board;
  if (workers > 1) {
    for (Job& job : *jobs) job.helpBoard = &board;
  }
  auto work = [&] {
    for (std::optional<std::size_t> job = picker.next(); job; job = picker.next()) {
      if (auto resumed = resumeSet((*jobs)[*job], request.layout); !resumed) {
        results[*job].set = lintedSetOf((*jobs)[*job]);
        results[*job].errors.push_back(resumed.takeError());
      } else {
        lintJob((*jobs)[*job], results[*job]);
      }
      // The reports own what they need; the set's file lists go now, not after the last job.
      (*jobs)[*job] = Job();
      if (sink) emitReady(*job);
    }
    board.helpWhileWanted(kWorthJoining);
  };
  // The rules and the schema model walk parse trees recursively, as deep as the parser
  // lets a tree be (kMaxNesting): the workers run on large stacks.
  if (workers <= 1) {
    runOnLargeStack(work);
  } else {
    runThreadsOnLargeStacks(workers, work);
  }

  for (JobResult& result : results) {
    report.sets.push_back(std::move(result.set));
    for (FileReport& file : result.files) {
      count(file);
      report.files.push_back(std::move(file));
    }
    for (Error& error : result.errors) report.errors.push_back(std::move(error));
    for (auto& entry : result.notRun) report.notRun.push_back(std::move(entry));
  }
  return report;
}

namespace {

Expected<FileReport> lintTextOnThisStack(std::string text, const TextLintOptions& options, const RuleList& registry) {
  // Building the defaults parses every option's default; tests and fuzzers call this
  // thousands of times with the same registry.
  static std::mutex cacheMutex;
  static std::map<const RuleList*, std::unique_ptr<Config>> cache;
  std::unique_lock lock(cacheMutex);
  std::unique_ptr<Config>& cached = cache[&registry];
  if (!cached) cached = std::make_unique<Config>(defaultConfig(ruleMetas(registry)));
  const Config& config = *cached;
  lock.unlock();
  auto rules = activeRules(registry, config, options.onlyRules, {});
  if (!rules) return rules.takeError();
  std::vector<ActiveRule> active = std::move(*rules);
  LintSettings settings;
  settings.pgVersion = options.pgVersion;
  auto source = std::make_shared<SourceFile>(options.displayPath, std::move(text));
  ParsedSql parsed = parseSql(source->text());
  Migration migration = looseFile(options.displayPath);
  migration.format = findFormat(options.layout);
  if (migration.format == nullptr) migration.format = &looseFileFormat();
  SchemaModel model;
  model.beginMigration(migration.id);
  PartExecution execution;
  if (auto part = migrationPart(migration, options.role, source->text())) execution = part->execution;
  FileLintInput input{source, parsed, migration, options.role, execution, active, settings};
  FileReport report = lintFile(input, model);
  if (options.editedLine) {
    HistoryEdit edit;
    edit.path = options.displayPath;
    edit.firstChangedLine = *options.editedLine;
    edit.base = "the base branch";
    reportHistoryEdit(edit, active, report);
  }
  return report;
}

}  // namespace

Expected<FileReport> lintText(std::string text, const TextLintOptions& options, const RuleList& registry) {
  std::optional<Expected<FileReport>> report;
  runOnLargeStack([&] { report.emplace(lintTextOnThisStack(std::move(text), options, registry)); });
  return std::move(*report);
}

}  // namespace sluice
