#include "verify/verify.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <stdexcept>

#include "common/file_io.hpp"
#include "common/sql_file.hpp"
#include "common/text.hpp"
#include "linter/layout.hpp"
#include "linter/newer_syntax.hpp"
#include "runner/interrupt.hpp"
#include "runner/plan.hpp"
#include "verify/apply.hpp"
#include "verify/catalog.hpp"
#include "verify/data.hpp"
#include "verify/schema_diff.hpp"
#include "verify/scratch_copy.hpp"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

std::string displayPath(const std::filesystem::path& path) { return path.lexically_normal().string(); }

// Consecutive migrations of one popx group form one unit: they apply in order and roll
// back in reverse order, together.
std::vector<std::vector<std::size_t>> units(const std::vector<MigrationFile>& files) {
  std::vector<std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string& group = files[i].migration->group;
    if (!group.empty() && !out.empty() && files[out.back().front()].migration->group == group) {
      out.back().push_back(i);
    } else {
      out.push_back({i});
    }
  }
  return out;
}

bool matchesName(const Migration& migration, const std::string& name) {
  return migration.id == name || migration.name == name || migration.version == name ||
         (!migration.group.empty() && migration.group == name);
}

class Verifier {
 public:
  Verifier(const VerifyOptions& options, VerifyReport& report) : options_(options), report_(report) {}

  void run(const ConnectionSettings& scratch);

 private:
  bool fatal(Error error) {
    report_.error = std::move(error);
    report_.exitCode = exitCodeFor(report_.error->code);
    return false;
  }
  Expected<CatalogSnapshot> snapshot() { return takeCatalogSnapshot(*session_); }
  bool checkEmpty();
  bool checkSelection();
  void lintForComparison();
  bool selected(const Migration& migration) const;
  Expected<FilePlan> plan(const Migration& migration, const std::filesystem::path& file,
                          std::shared_ptr<const std::string> text);
  bool verifyUnit(const std::vector<std::size_t>& unit);
  bool applyForward(std::size_t index, LockObserver* observer, bool again);
  enum class RollbackResult {
    Undone,     // every rollback of the unit ran
    Unchanged,  // the first one failed and nothing of it remains
    Changed,    // one failed after something was committed
    Fatal,      // the run cannot go on (report_.error)
  };
  // Runs the rollbacks of the unit's parts, newest first, each committed as it runs.
  RollbackResult rollBack(const std::vector<std::size_t>& unit);
  bool seed();
  bool compareAfterRollback(const std::vector<std::size_t>& unit, const CatalogSnapshot& before,
                            const CatalogSnapshot& afterForward, const std::optional<DataSnapshot>& dataBefore);
  bool roundTripInTransaction(const std::vector<std::size_t>& unit, const CatalogSnapshot& before,
                              const CatalogSnapshot& afterForward, const std::optional<DataSnapshot>& dataBefore);
  bool roundTripCommitted(const std::vector<std::size_t>& unit, const CatalogSnapshot& before,
                          const CatalogSnapshot& afterForward, const std::optional<DataSnapshot>& dataBefore);
  // The scratch database cannot be copied or replaced while verify is connected to it.
  void disconnect() { session_.reset(); }
  bool reconnect();
  void stop(const std::string& migration, std::string reason);
  void failureFinding(const RuleMeta& meta, const FilePlan& plan, const FileOutcome& outcome,
                      const std::string& message);
  void compareWithLinter(std::size_t index, const FilePlan& plan);

  // Verify's findings belong to rules of the registry (rules/verify/), so that `sluice
  // explain` and the rule pages know them.
  const RuleMeta& rule(std::string_view name) const;
  void addFinding(const RuleMeta& meta, Severity severity, const std::string& path, const std::string& text, Span span,
                  std::string message, std::vector<std::string> notes = {});
  static Span firstLine(const FilePlan& plan);

  const VerifyOptions& options_;
  VerifyReport& report_;
  std::optional<Project> project_;
  ConnectionSettings scratch_ = ConnectionSettings::fromString("");
  std::string scratchDatabase_;  // current_database() of the scratch session
  std::optional<PgSession> session_;
  std::string sessionSetup_;  // what a session runs again after a migration reset it
  int pgVersion_ = 15;
  std::string timeZone_;
  std::map<std::string, std::size_t> findingFiles_;                  // path -> index in report_.findings.files
  std::map<std::string, std::vector<const Finding*>> lintFindings_;  // migration id -> forward-file findings
  LintReport lintReport_;
  bool seeded_ = false;
};

const RuleMeta& Verifier::rule(std::string_view name) const {
  for (const RuleDefinition* definition : *options_.rules) {
    if (definition->meta.name == name) return definition->meta;
  }
  throw std::logic_error("rule " + std::string(name) + " is not in the registry");
}

void Verifier::addFinding(const RuleMeta& meta, Severity severity, const std::string& path, const std::string& text,
                          Span span, std::string message, std::vector<std::string> notes) {
  auto [it, inserted] = findingFiles_.try_emplace(path, report_.findings.files.size());
  if (inserted) {
    FileReport file;
    file.source = std::make_shared<const SourceFile>(path, text);
    report_.findings.files.push_back(std::move(file));
  }
  FileReport& file = report_.findings.files[it->second];
  Finding finding;
  finding.rule = &meta;
  finding.severity = severity;
  finding.span = span;
  finding.message = std::move(message);
  finding.notes = std::move(notes);
  finding.start = file.source->lines().position(span.begin);
  finding.end = file.source->lines().position(std::max(span.end, span.begin + 1));
  file.findings.push_back(std::move(finding));
  if (severity == Severity::Error) {
    ++report_.findings.errorCount;
  } else {
    ++report_.findings.warningCount;
  }
}

Span Verifier::firstLine(const FilePlan& plan) {
  if (plan.statements.empty()) return Span{0, 0};
  Span span = plan.statements.front().span;
  std::size_t newline = plan.text->find('\n', span.begin);
  if (newline != std::string::npos && newline < span.end) span.end = newline;
  return span;
}

bool Verifier::checkEmpty() {
  auto schema = snapshot();
  if (!schema) return fatal(schema.takeError());
  std::vector<std::string> objects;
  for (const auto& [key, object] : *schema) {
    if (key == "schema public" || key == "extension plpgsql") continue;
    if (!object.parent.empty()) continue;
    objects.push_back(object.kind + " " + object.name);
  }
  if (objects.empty()) return true;
  if (objects.size() > 5) {
    objects.resize(5);
    objects.emplace_back("...");
  }
  return fatal(Error(ErrorCode::Input,
                     "the scratch database " + report_.database + " is not empty: " + join(objects, ", "),
                     "verify applies, rolls back and re-applies every migration there: give it an empty database "
                     "(CREATE DATABASE scratch), or leave out --scratch-url to use a throwaway server"));
}

bool Verifier::checkSelection() {
  std::vector<std::string> known;
  for (const MigrationFile& file : project_->files) known.push_back(file.migration->id);
  auto exists = [&](const std::string& name) {
    return std::any_of(project_->files.begin(), project_->files.end(),
                       [&](const MigrationFile& file) { return matchesName(*file.migration, name); });
  };
  for (const std::string& name : options_.only) {
    if (!exists(name)) {
      return fatal(Error(ErrorCode::Usage, "--only " + name + ": no migration of that name in " + report_.dir,
                         didYouMean(name, known)));
    }
  }
  if (options_.seedAfter && !exists(*options_.seedAfter)) {
    return fatal(Error(ErrorCode::Usage,
                       "--seed-after " + *options_.seedAfter + ": no migration of that name in " + report_.dir,
                       didYouMean(*options_.seedAfter, known)));
  }
  return true;
}

bool Verifier::selected(const Migration& migration) const {
  if (options_.since && !migration.version.empty() && !selectedSince(migration.version, *options_.since)) {
    return false;
  }
  if (options_.only.empty()) return true;
  return std::any_of(options_.only.begin(), options_.only.end(),
                     [&](const std::string& name) { return matchesName(migration, name); });
}

void Verifier::lintForComparison() {
  LintRequest request;
  request.paths = {options_.project.dir.string()};
  request.layout = options_.project.layout;
  // The scratch server's version, within what the linter knows.
  request.settingFlags.push_back(
      {"pg_version", std::to_string(std::clamp(pgVersion_, 10, 18)), "the scratch server's version"});
  request.jobs = 1;
  auto linted = lint(request, *options_.rules);
  if (!linted) return;
  lintReport_ = std::move(*linted);
  for (const FileReport& file : lintReport_.files) {
    if (file.role != FileRole::Forward) continue;
    for (const Finding& finding : file.findings) lintFindings_[file.migrationId].push_back(&finding);
  }
  report_.lintCompared = true;
}

Expected<FilePlan> Verifier::plan(const Migration& migration, const std::filesystem::path& file,
                                  std::shared_ptr<const std::string> text) {
  // Without text: the rollback part, as the migration's format reads it.
  if (!text) return planMigrationPart(migration, FileRole::Rollback, pgVersion_);
  const MigrationFile* forward = nullptr;
  for (const MigrationFile& candidate : project_->files) {
    if (candidate.migration == &migration) forward = &candidate;
  }
  PartExecution execution = forward != nullptr ? forward->execution : PartExecution{};
  return planFile(MigrationPart{std::move(text), execution, forward != nullptr ? forward->lines : Span{}},
                  displayPath(file), pgVersion_);
}

// The statement's findings from the linter's rules about rewrites and SHARE locks.
void Verifier::compareWithLinter(std::size_t index, const FilePlan& plan) {
  static const std::set<std::string, std::less<>> kRewriteRules = {"add-column-rewrite", "change-column-type",
                                                                   "table-rewrite", "truncate-table"};
  if (!report_.lintCompared) return;
  MigrationVerdict& verdict = report_.migrations[index];
  const std::vector<const Finding*>& findings = lintFindings_[verdict.id];
  for (const StatementObservation& statement : verdict.statements) {
    Span span = plan.statements[statement.index].span;
    std::set<std::string> rules;
    for (const Finding* finding : findings) {
      if (finding->span.begin >= span.begin && finding->span.begin < std::max(span.end, span.begin + 1)) {
        rules.insert(std::string(finding->rule->name));
      }
    }
    std::vector<std::string> rewriteRules;
    for (const std::string& rule : rules) {
      if (kRewriteRules.count(rule) != 0) rewriteRules.push_back(rule);
    }
    Disagreement base;
    base.migration = verdict.id;
    base.location =
        plan.path + ":" + std::to_string(statement.start.line) + ":" + std::to_string(statement.start.column);
    base.statement = statement.text;
    if (!statement.rewrites.empty() && rewriteRules.empty()) {
      Disagreement d = base;
      d.observed = "rewrites " + join(statement.rewrites, ", ");
      d.linter = "no rewrite finding";
      report_.disagreements.push_back(std::move(d));
    } else if (statement.rewrites.empty() && !rewriteRules.empty()) {
      Disagreement d = base;
      d.observed = "no table got new storage";
      d.linter = join(rewriteRules, ", ");
      std::string text = toLower(statement.text);
      bool utc = timeZone_ == "UTC" || timeZone_ == "Etc/UTC" || timeZone_ == "GMT" || timeZone_ == "Etc/GMT";
      if (utc && (text.find("timestamptz") != std::string::npos || text.find("with time zone") != std::string::npos)) {
        d.explanation =
            "timestamp -> timestamptz keeps the table's storage only when the session's TimeZone is UTC "
            "(PostgreSQL 12+), as on this scratch server; elsewhere it rewrites the table";
      }
      report_.disagreements.push_back(std::move(d));
    }
    if (!statement.observed) continue;
    // CREATE INDEX without CONCURRENTLY holds SHARE on its table: writes wait. A lock
    // taken by an earlier statement of the same transaction hides it, but then the
    // table is held at least as strongly.
    bool takesShare = std::any_of(statement.locks.begin(), statement.locks.end(),
                                  [](const ObservedLock& lock) { return !lock.newTable && lock.mode == "SHARE"; });
    bool holdsShare = std::any_of(statement.holding.begin(), statement.holding.end(),
                                  [](const auto& held) { return held.second >= lockStrength("SHARE"); });
    bool flagged = rules.count("require-concurrent-index") != 0;
    if ((takesShare && !flagged) || (flagged && !holdsShare)) {
      Disagreement d = base;
      d.observed = takesShare ? "takes SHARE on a table that existed before" : "no SHARE lock on an existing table";
      d.linter = flagged ? "require-concurrent-index" : "no require-concurrent-index finding";
      report_.disagreements.push_back(std::move(d));
    }
  }
}

void Verifier::failureFinding(const RuleMeta& meta, const FilePlan& plan, const FileOutcome& outcome,
                              const std::string& message) {
  const StatementFailure& failure = *outcome.failure;
  Span span = failure.statement < plan.statements.size() ? plan.statements[failure.statement].span : firstLine(plan);
  std::vector<std::string> notes;
  if (!failure.error.detail.empty()) notes.push_back(failure.error.detail);
  if (!failure.error.hint.empty()) notes.push_back("hint: " + failure.error.hint);
  if (failure.error.sqlstate == "42601" && failure.statement < plan.statements.size()) {
    // Migrations written for a newer server than the scratch one.
    std::size_t offset = failure.error.position > 0 ? static_cast<std::size_t>(failure.error.position - 1) : 0;
    if (auto newer = newerSyntax(plan.statementText(failure.statement), offset, failure.error.message)) {
      notes.push_back(std::move(newer->hint));
    }
  }
  if (outcome.result == FileResult::FailedPartial) {
    notes.emplace_back("the file runs outside a transaction and stopped half-way");
  }
  addFinding(meta, Severity::Error, plan.path, *plan.text, span, message + ": " + failure.error.summary(),
             std::move(notes));
}

bool Verifier::applyForward(std::size_t index, LockObserver* observer, bool again) {
  bool observe = observer != nullptr;
  const MigrationFile& file = project_->files[index];
  const Migration& migration = *file.migration;
  MigrationVerdict& verdict = report_.migrations[index];
  auto planned = plan(migration, migration.forward, file.text);
  if (!planned) return fatal(planned.takeError());
  if (observe) {
    verdict.mode = planned->description;
    verdict.inTransaction = planned->inTransaction;
  }
  if (observe) {
    if (auto begun = observer->beginFile(*planned->text); !begun) return fatal(begun.takeError());
  }
  FileOutcome outcome = ScratchRunner(*session_, sessionSetup_).run(*planned, observer);
  if (observe) {
    verdict.forwardMs = outcome.durationMs;
    auto observed = observer->take();
    if (!observed) return fatal(observed.takeError());
    verdict.statements = std::move(*observed);
  }
  if (outcome.result == FileResult::Done) {
    if (observe) compareWithLinter(index, *planned);
    return true;
  }
  verdict.status = again ? VerifyStatus::DoesNotReapply : VerifyStatus::DoesNotApply;
  verdict.failure = outcome.failure->error.summary();
  failureFinding(rule("migration-fails"), *planned, outcome,
                 again ? "the migration fails when applied again after its rollback"
                       : "the migration does not apply on a fresh PostgreSQL " + report_.serverVersion);
  if (!again) stop(migration.id, "it does not apply, and the migrations after it build on it");
  return false;
}

void Verifier::stop(const std::string& migration, std::string reason) {
  if (!report_.stoppedAt.empty()) return;
  report_.stoppedAt = migration;
  report_.stopReason = std::move(reason);
}

bool Verifier::reconnect() {
  auto connected = connectRunner(scratch_, "sluice verify");
  if (!connected) return fatal(connected.takeError());
  session_.emplace(std::move(connected->session));
  return true;
}

Verifier::RollbackResult Verifier::rollBack(const std::vector<std::size_t>& unit) {
  bool changed = false;
  for (auto it = unit.rbegin(); it != unit.rend(); ++it) {
    const Migration& migration = *project_->files[*it].migration;
    MigrationVerdict& verdict = report_.migrations[*it];
    if (!migration.rollback) continue;
    auto planned = plan(migration, *migration.rollback, nullptr);
    if (!planned) {
      fatal(planned.takeError());
      return RollbackResult::Fatal;
    }
    FileOutcome outcome = ScratchRunner(*session_, sessionSetup_).run(*planned);
    verdict.rollbackMs = outcome.durationMs;
    if (outcome.result == FileResult::Done) {
      changed = true;
      continue;
    }
    for (std::size_t index : unit) report_.migrations[index].status = VerifyStatus::RollbackFails;
    verdict.failure = outcome.failure->error.summary();
    failureFinding(rule("rollback-fails"), *planned, outcome, "the rollback fails right after its migration");
    return changed || outcome.result != FileResult::FailedClean ? RollbackResult::Changed : RollbackResult::Unchanged;
  }
  return RollbackResult::Undone;
}

bool Verifier::seed() {
  auto text = readFile(*options_.seedFile);
  if (!text) return fatal(text.takeError());
  SqlResult result = session_->exec(*text);
  if (!result.ok()) {
    return fatal(Error(ErrorCode::Input,
                       "the seed " + displayPath(*options_.seedFile) + " fails: " + result.error().summary(),
                       "the seed runs after " + *options_.seedAfter + "; it must fit the schema at that point"));
  }
  if (session_->transactionStatus() != TransactionStatus::Idle) session_->exec("COMMIT");
  seeded_ = true;
  report_.seeded = true;
  return true;
}

bool Verifier::compareAfterRollback(const std::vector<std::size_t>& unit, const CatalogSnapshot& before,
                                    const CatalogSnapshot& afterForward,
                                    const std::optional<DataSnapshot>& dataBefore) {
  auto afterRollback = snapshot();
  if (!afterRollback) return fatal(afterRollback.takeError());
  std::vector<SchemaDifference> differences = diffSchemas(before, *afterRollback);
  // The findings go on the rollback file of the unit's first part that has one.
  std::size_t owner = unit.front();
  for (std::size_t index : unit) {
    if (project_->files[index].migration->rollback) {
      owner = index;
      break;
    }
  }
  const Migration& migration = *project_->files[owner].migration;
  auto planned = plan(migration, *migration.rollback, nullptr);
  if (!planned) return fatal(planned.takeError());
  bool wrong = false;
  for (const SchemaDifference& difference : differences) {
    std::vector<std::string> notes;
    if (difference.kind == SchemaDifference::Kind::Changed && !difference.minor) {
      notes.push_back("before the migration: " + (difference.before.empty() ? "none" : difference.before));
      notes.push_back("after the rollback:   " + (difference.after.empty() ? "none" : difference.after));
    }
    wrong = wrong || !difference.minor;
    addFinding(rule("rollback-roundtrip"), difference.minor ? Severity::Warning : Severity::Error, planned->path,
               *planned->text, firstLine(*planned), difference.message, std::move(notes));
  }
  bool lost = false;
  if (dataBefore) {
    auto dataAfter = measureData(*session_);
    if (!dataAfter) return fatal(dataAfter.takeError());
    std::vector<std::string> kept;
    for (const auto& [key, object] : afterForward) {
      if (object.kind == "table") kept.push_back(object.name);
    }
    for (const std::string& loss : dataLosses(*dataBefore, *dataAfter, kept)) {
      addFinding(rule("rollback-loses-data"), Severity::Error, planned->path, *planned->text, firstLine(*planned),
                 loss);
      lost = true;
    }
  }
  for (std::size_t index : unit) {
    if (wrong) {
      report_.migrations[index].status = VerifyStatus::Differs;
    } else if (lost) {
      report_.migrations[index].status = VerifyStatus::LosesData;
    }
  }
  return true;
}

// Rollback and re-apply inside one transaction that is rolled back at the end: the
// database is back after the migration whatever the rollback did, so a wrong rollback
// cannot spoil the verification of the migrations after it.
bool Verifier::roundTripInTransaction(const std::vector<std::size_t>& unit, const CatalogSnapshot& before,
                                      const CatalogSnapshot& afterForward,
                                      const std::optional<DataSnapshot>& dataBefore) {
  ScratchRunner runner(*session_, sessionSetup_);
  if (auto begun = runner.begin(); !begun) return fatal(begun.takeError());
  auto end = [&](bool result) {
    runner.rollback();
    return result;
  };
  for (auto it = unit.rbegin(); it != unit.rend(); ++it) {
    const Migration& migration = *project_->files[*it].migration;
    if (!migration.rollback) continue;
    auto planned = plan(migration, *migration.rollback, nullptr);
    if (!planned) return end(fatal(planned.takeError()));
    FileOutcome outcome = runner.runInOpenTransaction(*planned);
    report_.migrations[*it].rollbackMs = outcome.durationMs;
    if (outcome.result != FileResult::Done) {
      for (std::size_t index : unit) report_.migrations[index].status = VerifyStatus::RollbackFails;
      report_.migrations[*it].failure = outcome.failure->error.summary();
      failureFinding(rule("rollback-fails"), *planned, outcome, "the rollback fails right after its migration");
      return end(true);
    }
  }
  if (!compareAfterRollback(unit, before, afterForward, dataBefore)) return end(false);
  for (std::size_t index : unit) {
    const Migration& migration = *project_->files[index].migration;
    auto planned = plan(migration, migration.forward, project_->files[index].text);
    if (!planned) return end(fatal(planned.takeError()));
    FileOutcome outcome = runner.runInOpenTransaction(*planned);
    if (outcome.result != FileResult::Done) {
      if (report_.migrations[index].status == VerifyStatus::Verified)
        report_.migrations[index].status = VerifyStatus::DoesNotReapply;
      if (report_.migrations[index].failure.empty()) {
        report_.migrations[index].failure = outcome.failure->error.summary();
      }
      failureFinding(rule("migration-fails"), *planned, outcome,
                     "the migration fails when applied again after its rollback");
      return end(true);
    }
  }
  return end(true);
}

// Rollback and re-apply of a unit with a file that cannot run in a transaction: each
// file commits as it runs, so the scratch database is copied first and replaced by the
// copy afterwards. The migrations after it then start from the state after this one,
// whatever its rollback did, as they do after a round trip in a transaction. Without a
// copy (a role that may not create databases), the run goes on only when the round
// trip ended where it began.
bool Verifier::roundTripCommitted(const std::vector<std::size_t>& unit, const CatalogSnapshot& before,
                                  const CatalogSnapshot& afterForward, const std::optional<DataSnapshot>& dataBefore) {
  const std::string& id = project_->files[unit.back()].migration->id;
  ScratchCopy copy(scratch_, scratchDatabase_);
  disconnect();
  Status copied = copy.take();
  if (!reconnect()) return false;

  bool clean = false;  // the database is in the state after the migration
  RollbackResult rolledBack = rollBack(unit);
  if (rolledBack == RollbackResult::Fatal) return false;
  if (rolledBack == RollbackResult::Unchanged) clean = true;
  if (rolledBack == RollbackResult::Undone) {
    if (!compareAfterRollback(unit, before, afterForward, dataBefore)) return false;
    clean = true;
    for (std::size_t index : unit) {
      if (!applyForward(index, nullptr, true)) {
        if (report_.error) return false;
        clean = false;
        break;
      }
    }
  }
  if (!copied) {
    if (clean) return true;
    stop(id, "the scratch database could not be put back in its state after the migration: " + copied.error().message);
    return false;
  }
  disconnect();
  if (Status restored = copy.restore(); !restored) {
    stop(id,
         "the scratch database could not be put back in its state after the migration: " + restored.error().message);
    return false;
  }
  return reconnect();
}

bool Verifier::verifyUnit(const std::vector<std::size_t>& unit) {
  bool hasRollback = false;
  bool chosen = false;
  for (std::size_t index : unit) {
    const Migration& migration = *project_->files[index].migration;
    hasRollback = hasRollback || migration.rollback.has_value();
    chosen = chosen || selected(migration);
  }
  bool check = hasRollback && chosen;
  for (std::size_t index : unit) {
    report_.migrations[index].status = !hasRollback ? VerifyStatus::NoRollback
                                       : check      ? VerifyStatus::Verified
                                                    : VerifyStatus::NotChecked;
  }

  std::optional<CatalogSnapshot> before;
  std::optional<DataSnapshot> dataBefore;
  if (check) {
    auto schema = snapshot();
    if (!schema) return fatal(schema.takeError());
    before = std::move(*schema);
    if (seeded_) {
      auto data = measureData(*session_);
      if (!data) return fatal(data.takeError());
      dataBefore = std::move(*data);
    }
  }
  bool together = true;
  LockObserver observer(*session_);
  if (auto begun = observer.beginMigration(); !begun) return fatal(begun.takeError());
  for (std::size_t index : unit) {
    if (!applyForward(index, &observer, false)) return false;
    const Migration& migration = *project_->files[index].migration;
    together = together && report_.migrations[index].inTransaction;
    if (check && migration.rollback) {
      auto planned = plan(migration, *migration.rollback, nullptr);
      if (!planned) return fatal(planned.takeError());
      together = together && planned->inTransaction;
    }
  }
  if (check) {
    auto afterForward = snapshot();
    if (!afterForward) return fatal(afterForward.takeError());
    bool goOn = together ? roundTripInTransaction(unit, *before, *afterForward, dataBefore)
                         : roundTripCommitted(unit, *before, *afterForward, dataBefore);
    if (!goOn) return false;
  }
  if (options_.seedFile && !seeded_) {
    for (std::size_t index : unit) {
      if (matchesName(*project_->files[index].migration, *options_.seedAfter) && !seed()) return false;
    }
  }
  return true;
}

void Verifier::run(const ConnectionSettings& scratch) {
  DatabaseTarget target = databaseTarget(scratch);
  report_.database = target.settings.describe();
  report_.dir = displayPath(options_.project.dir);
  auto project = loadProject(options_.project, target.schema);
  if (!project) {
    fatal(project.takeError());
    return;
  }
  project_ = std::move(*project);
  report_.layout = std::string(project_->set->format->name());
  if (auto runnable = checkRunnable(project_->files, FilesRun::ForwardAndRollback); !runnable) {
    fatal(runnable.takeError());
    return;
  }
  if (!checkSelection()) return;
  if (options_.seedFile && !options_.seedAfter) {
    fatal(Error(ErrorCode::Usage, "--seed needs --seed-after NAME: the migration after which the seed runs",
                "the seed must run once the tables it fills exist, before the migrations whose rollbacks it tests"));
    return;
  }
  scratch_ = scratch;
  auto connected = connectRunner(scratch, "sluice verify");
  if (!connected) {
    fatal(connected.takeError());
    return;
  }
  session_.emplace(std::move(connected->session));
  sessionSetup_ = connected->sessionSetup;
  if (SqlResult name = session_->exec("SELECT current_database()"); name.ok()) scratchDatabase_ = name.value(0, 0);
  report_.serverVersion = session_->serverVersionText();
  pgVersion_ = session_->serverVersion() / 10000;
  if (SqlResult zone = session_->exec("SHOW TimeZone"); zone.ok()) timeZone_ = zone.value(0, 0);
  if (!checkEmpty()) return;
  lintForComparison();

  for (const MigrationFile& file : project_->files) {
    MigrationVerdict verdict;
    verdict.id = file.migration->id;
    verdict.forwardPath = displayPath(file.migration->forward);
    verdict.unit = file.migration->group.empty() ? file.migration->id : file.migration->group;
    if (file.migration->rollback) verdict.rollbackPath = displayPath(*file.migration->rollback);
    report_.migrations.push_back(std::move(verdict));
  }
  for (const std::vector<std::size_t>& unit : units(project_->files)) {
    bool goOn = verifyUnit(unit);
    if (interruptRequested()) {
      // The statement that was running was cancelled: what it reported is not a finding.
      report_.findings = LintReport();
      report_.stoppedAt.clear();
      fatal(Error(ErrorCode::MigrationFailed, "interrupted (Ctrl-C or SIGTERM): verification stopped",
                  "nothing but the scratch database was changed"));
      return;
    }
    if (!goOn) break;
  }
  if (!report_.error && report_.findings.errorCount > 0) report_.exitCode = ExitCode::Findings;
}

}  // namespace

int VerifyReport::count(VerifyStatus status) const {
  std::set<std::string_view> units;
  for (const MigrationVerdict& verdict : migrations) {
    if (verdict.status == status) units.insert(verdict.unit);
  }
  return static_cast<int>(units.size());
}

VerifyReport verifyMigrations(const VerifyOptions& options, const ConnectionSettings& scratch) {
  auto start = Clock::now();
  VerifyReport report;
  Verifier(options, report).run(scratch);
  for (FileReport& file : report.findings.files) {
    std::stable_sort(file.findings.begin(), file.findings.end(),
                     [](const Finding& a, const Finding& b) { return a.span.begin < b.span.begin; });
  }
  report.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return report;
}

}  // namespace sluice
