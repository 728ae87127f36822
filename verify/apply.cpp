#include "verify/apply.hpp"

#include <chrono>

#include "common/line_index.hpp"

namespace sluice {
namespace {

using Clock = std::chrono::steady_clock;

// Where a failed statement failed: the server's error position (in characters from the
// statement's start) or the statement's start.
std::string failureLocation(const FilePlan& plan, std::size_t index, int position) {
  std::string_view text = plan.statementText(index);
  std::size_t offset = plan.statements[index].span.begin;
  std::size_t i = 0;
  for (int seen = 1; i < text.size() && seen < position; ++seen) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  TextPosition at = LineIndex(*plan.text).position(offset + i);
  return plan.path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

StatementFailure failureOf(const FilePlan& plan, std::size_t index, const SqlError& error) {
  StatementFailure failure;
  failure.statement = index;
  failure.error = error;
  failure.kind = failureKind(error);
  if (index < plan.statements.size()) {
    failure.location = failureLocation(plan, index, error.position);
    std::string_view text = plan.statementText(index);
    failure.statementText = std::string(text.substr(0, 160)) + (text.size() > 160 ? "..." : "");
  } else {
    failure.location = plan.path;
  }
  return failure;
}

bool inTransaction(const PgSession& session) { return session.transactionStatus() == TransactionStatus::InTransaction; }

class Runner {
 public:
  Runner(PgSession& session, const FilePlan& plan, LockObserver* observer)
      : session_(session), plan_(plan), observer_(observer) {}

  ApplyOutcome runInOpen() {
    auto start = Clock::now();
    for (std::size_t i = 0; i < plan_.statements.size(); ++i) {
      if (!statement(i)) break;
    }
    session_.takeNotices();
    outcome_.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return std::move(outcome_);
  }

  ApplyOutcome run() {
    auto start = Clock::now();
    if (observer_ != nullptr) {
      if (auto begun = observer_->beginFile(*plan_.text); !begun) return internal(begun.error());
    }
    if (plan_.inTransaction) {
      runInOne();
    } else {
      runAsWritten();
    }
    if (session_.connected() && session_.transactionStatus() != TransactionStatus::Idle) session_.exec("ROLLBACK");
    if (plan_.changesSession && session_.connected()) {
      // A migration's SET (without LOCAL) must not leak into the next file.
      session_.exec("RESET ALL; RESET ROLE; RESET SESSION AUTHORIZATION");
    }
    session_.takeNotices();
    if (observer_ != nullptr) outcome_.statements = observer_->take();
    outcome_.durationMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    return std::move(outcome_);
  }

 private:
  ApplyOutcome internal(const Error& error) {
    outcome_.ok = false;
    StatementFailure failure;
    failure.kind = "error";
    failure.error.message = error.message;
    failure.location = plan_.path;
    outcome_.failure = std::move(failure);
    return std::move(outcome_);
  }

  bool fail(std::size_t index, const SqlError& error) {
    outcome_.ok = false;
    outcome_.failure = failureOf(plan_, index, error);
    outcome_.partial = committed_;
    return false;
  }

  bool statement(std::size_t index) {
    std::string_view text = plan_.statementText(index);
    // Nothing may run between a file's BEGIN and its SET TRANSACTION: transaction control
    // is not observed.
    bool observe = observer_ != nullptr && plan_.statements[index].control == TransactionControl::None;
    if (observe) observer_->beforeStatement(index, plan_.statements[index].span.begin, text);
    SqlResult result = session_.exec(text);
    if (!result.ok()) return fail(index, result.error());
    if (observe) {
      if (auto seen = observer_->afterStatement(inTransaction(session_)); !seen) {
        SqlError error;
        error.message = seen.error().message;
        return fail(index, error);
      }
    }
    return true;
  }

  bool control(const std::string& sql, std::size_t index) {
    SqlResult result = session_.exec(sql);
    if (!result.ok()) return fail(index, result.error());
    return true;
  }

  void runInOne() {
    if (!control("BEGIN", 0)) return;
    for (std::size_t i = 0; i < plan_.statements.size(); ++i) {
      if (!statement(i)) return;
    }
    if (!control("COMMIT", plan_.statements.size())) return;
    if (observer_ != nullptr) observer_->transactionEnded();
  }

  void runAsWritten() {
    for (std::size_t i = 0; i < plan_.statements.size(); ++i) {
      const PlannedStatement& planned = plan_.statements[i];
      bool wrap = session_.transactionStatus() == TransactionStatus::Idle &&
                  planned.control == TransactionControl::None && planned.nonTransactional.empty();
      if (wrap && !control("BEGIN", i)) return;
      if (!statement(i)) return;
      if (wrap && !control("COMMIT", i)) return;
      if (!inTransaction(session_)) {
        committed_ = committed_ || planned.control != TransactionControl::Rollback;
        if (observer_ != nullptr) observer_->transactionEnded();
      }
    }
    if (inTransaction(session_)) {
      SqlError error;
      error.message = "the file leaves a transaction open (BEGIN without COMMIT); it was rolled back";
      fail(plan_.statements.size(), error);
    }
  }

  PgSession& session_;
  const FilePlan& plan_;
  LockObserver* observer_;
  ApplyOutcome outcome_;
  bool committed_ = false;
};

}  // namespace

ApplyOutcome applyFile(PgSession& session, const FilePlan& plan, LockObserver* observer) {
  return Runner(session, plan, observer).run();
}

ApplyOutcome applyInOpenTransaction(PgSession& session, const FilePlan& plan) {
  return Runner(session, plan, nullptr).runInOpen();
}

}  // namespace sluice
