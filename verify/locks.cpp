#include "verify/locks.hpp"

#include <array>

namespace sluice {
namespace {

constexpr std::array<std::string_view, 8> kModes = {
    "AccessShareLock", "RowShareLock",          "RowExclusiveLock", "ShareUpdateExclusiveLock",
    "ShareLock",       "ShareRowExclusiveLock", "ExclusiveLock",    "AccessExclusiveLock"};
constexpr std::array<std::string_view, 8> kModeNames = {
    "ACCESS SHARE", "ROW SHARE",           "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
    "SHARE",        "SHARE ROW EXCLUSIVE", "EXCLUSIVE",     "ACCESS EXCLUSIVE"};

// The tables of user schemas (the relation kinds that hold rows or stand for them).
const char* const kUserRelations =
    "c.relkind IN ('r', 'p', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND "
    "n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";
const char* const kName = "CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname || '.' END || c.relname";

std::string shorten(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
    if (out.size() >= 100) {
      out += "...";
      break;
    }
  }
  return out;
}

}  // namespace

int lockStrength(std::string_view mode) {
  for (std::size_t i = 0; i < kModes.size(); ++i) {
    if (mode == kModes[i] || mode == kModeNames[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

Status LockObserver::readStorage(std::map<std::string, Relation>& into) {
  SqlResult result = session_.exec(std::string("SELECT c.oid::text, ") + kName +
                                   ", c.relfilenode::text FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                                   "ON n.oid = c.relnamespace WHERE " +
                                   kUserRelations);
  if (!result.ok()) return result.error().toError("cannot read the tables' storage");
  into.clear();
  for (int row = 0; row < result.rows(); ++row) {
    into[result.value(row, 0)] = Relation{result.value(row, 1), result.value(row, 2)};
  }
  return {};
}

Status LockObserver::beginMigration() { return readStorage(existing_); }

Status LockObserver::beginFile(const std::string& fileText) {
  fileText_ = fileText;
  lines_ = std::make_unique<LineIndex>(fileText_);
  status_ = {};
  statements_.clear();
  strongest_.clear();
  newTables_.clear();
  taken_.clear();
  return readStorage(storage_);
}

void LockObserver::beforeStatement(const FilePlan& plan, std::size_t index) {
  observing_ = status_ && plan.statements[index].control == TransactionControl::None;
  if (!observing_) return;
  StatementObservation statement;
  statement.index = index;
  statement.start = lines_->position(plan.statements[index].span.begin);
  statement.text = shorten(plan.statementText(index));
  statements_.push_back(std::move(statement));
  statementStart_ = Clock::now();
}

void LockObserver::afterStatement(const FilePlan& /*plan*/, std::size_t /*index*/, bool inTransaction) {
  if (!observing_) return;
  if (Status seen = observe(inTransaction); !seen) status_ = std::move(seen);
}

Status LockObserver::observe(bool inTransaction) {
  StatementObservation& statement = statements_.back();
  statement.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - statementStart_).count();
  statement.observed = inTransaction;
  if (inTransaction) {
    // A table dropped in this transaction is no longer in pg_class, but its lock is held:
    // its name comes from before the file.
    SqlResult locks = session_.exec(std::string("SELECT l.relation::text, ") + kName +
                                    ", l.mode FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_class c ON c.oid = "
                                    "l.relation LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE "
                                    "l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted "
                                    "AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = "
                                    "pg_catalog.current_database()) AND (c.oid IS NULL OR (" +
                                    kUserRelations + "))");
    if (!locks.ok()) return locks.error().toError("cannot read pg_locks");
    std::map<std::string, std::pair<int, bool>> seen;  // table -> strength, new
    for (int row = 0; row < locks.rows(); ++row) {
      std::string oid = locks.value(row, 0);
      std::string name = locks.value(row, 1);
      auto before = existing_.find(oid);
      if (locks.isNull(row, 1)) {
        if (before == existing_.end()) continue;  // a system relation or something already gone
        name = before->second.name;
      }
      int strength = lockStrength(locks.value(row, 2));
      auto& entry = seen[name];
      entry.first = std::max(entry.first, strength);
      entry.second = before == existing_.end();
    }
    for (const auto& [table, value] : seen) {
      if (!value.second) statement.holding[table] = value.first;
      int& strongest = strongest_[table];
      if (value.first <= strongest) continue;
      strongest = value.first;
      newTables_[table] = value.second;
      taken_.emplace_back(table, OpenLock{value.first, statements_.size() - 1, statementStart_});
    }
  }
  std::map<std::string, Relation> now;
  if (auto read = readStorage(now); !read) return read;
  for (const auto& [oid, relation] : now) {
    auto was = storage_.find(oid);
    if (was == storage_.end() || was->second.fileNode == relation.fileNode) continue;
    if (existing_.count(oid) != 0) statement.rewrites.push_back(relation.name);
  }
  storage_ = std::move(now);
  return {};
}

void LockObserver::transactionEnded() {
  auto now = Clock::now();
  for (const auto& [table, lock] : taken_) {
    ObservedLock observed;
    observed.table = table;
    observed.mode = std::string(kModeNames[static_cast<std::size_t>(lock.strength - 1)]);
    observed.heldMs = std::chrono::duration<double, std::milli>(now - lock.since).count();
    observed.newTable = newTables_[table];
    statements_[lock.statement].locks.push_back(std::move(observed));
  }
  taken_.clear();
  strongest_.clear();
}

Expected<std::vector<StatementObservation>> LockObserver::take() {
  if (!status_) return status_.error();
  if (!taken_.empty()) transactionEnded();
  return std::move(statements_);
}

}  // namespace sluice
