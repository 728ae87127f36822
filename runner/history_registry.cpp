#include "runner/history_registry.hpp"

#include "runner/advisory_lock.hpp"
#include "runner/history_support.hpp"

namespace sluice {
namespace {

// Where each tool keeps its history (from the tools' sources; the adapters that read
// and write these tables are still to come).
HistoryTableName toolTable(std::string_view tool, const HistoryTableName& given) {
  HistoryTableName table = given;
  if (tool == "goose") table.table = "goose_db_version";
  if (tool == "dbmate" || tool == "golang-migrate") table.table = "schema_migrations";
  if (tool == "flyway") table.table = "flyway_schema_history";
  if (tool == "drizzle") table = {"drizzle", "__drizzle_migrations"};
  if (tool == "sqitch") table = {"sqitch", "changes"};
  return table;
}

// A tool whose table sluice cannot read or write yet: an absent table is an empty
// history (nothing was applied by that tool); a present one is refused.
class UnsupportedHistory final : public HistoryStore {
 public:
  UnsupportedHistory(std::string tool, HistoryTableName table, Error refusal)
      : tool_(std::move(tool)), table_(std::move(table)), refusal_(std::move(refusal)) {}

  const HistoryTableName& table() const override { return table_; }
  bool prisma() const override { return false; }

  Expected<bool> exists(PgSession& session) const override {
    auto info = history_support::inspectTable(session, table_);
    if (!info) return info.takeError();
    if (info->exists) return refusal_;
    return false;
  }
  Expected<std::vector<HistoryRecord>> read(PgSession& session) const override {
    auto present = exists(session);
    if (!present) return present.takeError();
    return std::vector<HistoryRecord>{};
  }
  Status create(PgSession&) const override { return refusal_; }
  HistoryActions applyActions(const PgSession&, const RecordFields&) const override { return refused(); }
  HistoryActions rollbackActions(const PgSession&, const HistoryRecord&, const RecordFields&) const override {
    return refused();
  }
  std::string resolveApplied(const PgSession&, const std::vector<HistoryRecord>&, const RecordFields&) const override {
    return failingSql();
  }
  std::string resolveRolledBack(const PgSession&, const std::vector<HistoryRecord>&) const override {
    return failingSql();
  }

 private:
  // Never reached: deploy, rollback and resolve refuse before they ask (HistoryChoice::refusal).
  std::string failingSql() const { return "SELECT 1/0 /* history table of " + tool_ + " not supported yet */"; }
  HistoryActions refused() const {
    HistoryActions actions;
    actions.finalInTransaction = [this](std::int64_t) { return failingSql(); };
    actions.markStarted = failingSql();
    actions.progress = [this](int) { return failingSql(); };
    actions.markFinished = [this](std::int64_t) { return failingSql(); };
    actions.markFailed = [this](int, const std::string&) { return failingSql(); };
    actions.unmarkStarted = failingSql();
    return actions;
  }

  std::string tool_;
  HistoryTableName table_;
  Error refusal_;
};

}  // namespace

HistoryChoice makeHistoryStore(std::string_view tool, HistoryTableName table) {
  HistoryChoice choice;
  if (tool == "prisma") {
    table.table = kPrismaHistoryTable;
    choice.store = makePrismaHistory(std::move(table));
    choice.lockKey = kPrismaLockKey;
    return choice;
  }
  if (tool == "sluice") {
    if (table.table.empty()) table.table = kSluiceHistoryTable;
    choice.store = makeSluiceHistory(std::move(table));
    choice.lockKey = kSluiceLockKey;
    return choice;
  }
  HistoryTableName own = toolTable(tool, table);
  Error refusal(ErrorCode::Input,
                "history table of " + std::string(tool) + " not supported yet: sluice cannot record migrations in " +
                    own.display() + " as " + std::string(tool) + " does",
                "run these migrations with " + std::string(tool) +
                    " for now; `sluice lint` and `sluice deploy "
                    "--dry-run` read this layout already");
  choice.store = std::make_unique<UnsupportedHistory>(std::string(tool), own, refusal);
  choice.lockKey = kSluiceLockKey;
  choice.refusal = std::move(refusal);
  return choice;
}

}  // namespace sluice
