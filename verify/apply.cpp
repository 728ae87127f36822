#include "verify/apply.hpp"

namespace sluice {
namespace {

ExecutionSettings scratchSettings(const std::string& sessionSetup) {
  ExecutionSettings settings;
  settings.sessionSetup = sessionSetup;
  return settings;
}

}  // namespace

ScratchRunner::ScratchRunner(PgSession& session, const std::string& sessionSetup, ExecutionObserver* progress)
    : monitor_(session.settings(), session.backendPid()),
      executor_(session, monitor_, scratchSettings(sessionSetup), progress) {}

FileOutcome ScratchRunner::run(const FilePlan& plan, LockObserver* observer) {
  executor_.setStatementHook(observer);
  FileOutcome outcome = executor_.run(plan, HistoryActions{});
  executor_.setStatementHook(nullptr);
  return outcome;
}

Status ScratchRunner::begin() { return executor_.beginShared(); }

FileOutcome ScratchRunner::runInOpenTransaction(const FilePlan& plan) {
  return executor_.runInShared(plan, HistoryActions{});
}

void ScratchRunner::rollback() { executor_.rollback(); }

}  // namespace sluice
