#include "common/pg_session.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/text.hpp"

namespace sluice {

struct PgSession::State {
  std::vector<std::string> notices;
  std::size_t droppedNotices = 0;
};

namespace {

// libpq's quoting (PQescapeLiteral, PQescapeIdentifier). It fails only on invalid
// encoding or no memory; then `quote` doubled inside `quote`s, the standard form, is still
// safe for what sluice quotes (names and checksums it produced itself).
std::string quoted(PGconn* connection, std::string_view text, char quote,
                   char* (*escape)(PGconn*, const char*, std::size_t)) {
  char* escaped = connection != nullptr ? escape(connection, text.data(), text.size()) : nullptr;
  if (escaped == nullptr) {
    std::string out(1, quote);
    for (char c : text) {
      if (c == quote) out.push_back(quote);
      out.push_back(c);
    }
    return out + quote;
  }
  std::string out(escaped);
  PQfreemem(escaped);
  return out;
}

// A session nobody takes notices from (a snapshot worker) must not grow without bound.
constexpr std::size_t kMaxNotices = 1000;

std::atomic<const std::atomic<bool>*> gCancelFlag{nullptr};

bool cancelRequested() {
  const std::atomic<bool>* flag = gCancelFlag.load();
  return flag != nullptr && flag->load();
}

std::string field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? value : "";
}

std::string trimNewlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

SqlError errorFrom(const PGresult* result, const ConnectionSettings& settings) {
  SqlError error;
  error.sqlstate = field(result, PG_DIAG_SQLSTATE);
  error.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (error.message.empty()) error.message = trimNewlines(PQresultErrorMessage(result));
  if (error.message.empty()) error.message = std::string("unexpected result ") + PQresStatus(PQresultStatus(result));
  error.message = settings.scrub(error.message);
  error.detail = settings.scrub(field(result, PG_DIAG_MESSAGE_DETAIL));
  error.hint = settings.scrub(field(result, PG_DIAG_MESSAGE_HINT));
  error.context = settings.scrub(field(result, PG_DIAG_CONTEXT));
  error.position = wholeNumber<int>(field(result, PG_DIAG_STATEMENT_POSITION)).value_or(0);
  return error;
}

void receiveNotice(void* state, const PGresult* result) {
  auto* target = static_cast<PgSession::State*>(state);
  if (target->notices.size() >= kMaxNotices) {
    ++target->droppedNotices;
    return;
  }
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string severity = field(result, PG_DIAG_SEVERITY);
  target->notices.push_back(severity.empty() ? message : severity + ": " + message);
}

SqlError plainError(std::string message) {
  SqlError error;
  error.message = std::move(message);
  return error;
}

bool isError(ExecStatusType status) {
  return status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR;
}

}  // namespace

void setCancelFlag(const std::atomic<bool>* flag) { gCancelFlag.store(flag); }

std::string SqlError::summary() const {
  std::string out = message;
  if (!sqlstate.empty()) out += " (SQLSTATE " + sqlstate + ")";
  return out;
}

Error SqlError::toError(const std::string& what) const {
  std::string text = message;
  if (!detail.empty()) text += " (" + detail + ")";
  if (!what.empty()) text = what + ": " + text;
  if (connectionLost) {
    return Error(ErrorCode::Unreachable, text,
                 "the connection to the server was lost; check the server and the network, then run the command "
                 "again");
  }
  if (sqlstate == "55P03") {
    return Error(ErrorCode::LockNotObtained, text,
                 "another session holds a conflicting lock; retry when it is done, or allow a longer wait "
                 "(--lock-timeout)");
  }
  return Error(ErrorCode::Input, text, hint);
}

int SqlResult::rows() const { return result_ ? PQntuples(result_.get()) : 0; }

int SqlResult::columns() const { return result_ ? PQnfields(result_.get()) : 0; }

int SqlResult::column(std::string_view name) const {
  for (int i = 0; i < columns(); ++i) {
    if (name == PQfname(result_.get(), i)) return i;
  }
  return -1;
}

bool SqlResult::isNull(int row, int column) const {
  return !result_ || row < 0 || row >= rows() || column < 0 || column >= columns() ||
         PQgetisnull(result_.get(), row, column) != 0;
}

std::string SqlResult::value(int row, int column) const {
  if (isNull(row, column)) return {};
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

std::optional<std::string> SqlResult::optional(int row, int column) const {
  if (isNull(row, column)) return std::nullopt;
  return value(row, column);
}

std::optional<std::int64_t> SqlResult::integer(int row, int column) const {
  if (isNull(row, column)) return std::nullopt;
  return wholeNumber<std::int64_t>(value(row, column));
}

bool SqlResult::isNull(int row, std::string_view column) const { return isNull(row, this->column(column)); }

std::string SqlResult::value(int row, std::string_view column) const { return value(row, this->column(column)); }

std::optional<std::string> SqlResult::optional(int row, std::string_view column) const {
  return optional(row, this->column(column));
}

std::uint64_t SqlResult::affectedRows() const {
  if (!result_) return 0;
  return std::strtoull(PQcmdTuples(result_.get()), nullptr, 10);
}

Expected<PgSession> PgSession::open(const ConnectionSettings& settings, const std::string& applicationName) {
  // The parsed settings go in one by one (expand_dbname off: nothing is parsed again).
  // connect_timeout is a default the string may override; application_name is sluice's.
  std::vector<std::pair<std::string, std::string>> parameters = settings.revealForLibpq();
  if (!settings.option("connect_timeout")) parameters.emplace_back("connect_timeout", "10");
  std::erase_if(parameters, [](const auto& parameter) { return parameter.first == "application_name"; });
  parameters.emplace_back("application_name", applicationName);
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [keyword, value] : parameters) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* connection = PQconnectdbParams(keywords.data(), values.data(), 0);
  for (auto& [keyword, value] : parameters) {
    volatile char* bytes = value.data();
    for (std::size_t i = 0; i < value.size(); ++i) bytes[i] = 0;
  }
  if (connection == nullptr) return Error(ErrorCode::Unreachable, "cannot allocate a database connection");
  // The password libpq used, wherever it found it (a password file too), is a secret
  // from now on.
  ConnectionSettings known = settings;
  if (const char* used = PQpass(connection); used != nullptr && *used != '\0') known.addScrubbed(Secret(used));
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = known.scrub(trimNewlines(PQerrorMessage(connection)));
    PQfinish(connection);
    return Error(ErrorCode::Unreachable, "cannot connect to " + known.describe() + ": " + message,
                 connectionFailureHint(message));
  }
  PgSession session;
  session.state_ = std::make_unique<State>();
  session.connection_ = connection;
  session.canceller_ = PQgetCancel(connection);
  session.settings_ = std::move(known);
  PQsetNoticeReceiver(connection, receiveNotice, session.state_.get());
  // Durable history: a server (or a role, or a database) may run with
  // synchronous_commit = off, where a crash can lose a commit sluice already reported.
  SqlResult set = session.exec(kSessionDefaults);
  if (!set.ok()) {
    return Error(ErrorCode::Unreachable,
                 "cannot prepare the session on " + session.settings_.describe() + ": " + set.error().summary());
  }
  return session;
}

PgSession::PgSession(PgSession&& other) noexcept
    : state_(std::move(other.state_)),
      connection_(std::exchange(other.connection_, nullptr)),
      canceller_(std::exchange(other.canceller_, nullptr)),
      settings_(std::move(other.settings_)) {}

PgSession& PgSession::operator=(PgSession&& other) noexcept {
  if (this != &other) {
    if (canceller_ != nullptr) PQfreeCancel(canceller_);
    if (connection_ != nullptr) PQfinish(connection_);
    state_ = std::move(other.state_);
    connection_ = std::exchange(other.connection_, nullptr);
    canceller_ = std::exchange(other.canceller_, nullptr);
    settings_ = std::move(other.settings_);
  }
  return *this;
}

PgSession::~PgSession() {
  if (canceller_ != nullptr) PQfreeCancel(canceller_);
  if (connection_ != nullptr) PQfinish(connection_);
}

void PgSession::cancel() {
  if (canceller_ == nullptr) return;
  // A separate, short-lived connection to the server carries the request.
  char buffer[256];
  PQcancel(canceller_, buffer, sizeof buffer);
}

SqlError PgSession::lost() const {
  SqlError error;
  error.sqlstate = "08006";
  error.connectionLost = true;
  std::string message = connection_ != nullptr ? trimNewlines(PQerrorMessage(connection_)) : "";
  error.message = settings_.scrub("the connection to the server was lost" + (message.empty() ? "" : ": " + message));
  return error;
}

bool PgSession::awaitResult(const WaitHooks* hooks, bool& cancelled) {
  auto start = std::chrono::steady_clock::now();
  auto tick = hooks != nullptr ? hooks->tick : std::chrono::milliseconds(250);
  while (PQisBusy(connection_) != 0) {
    if (!cancelled && cancelRequested()) {
      cancel();
      cancelled = true;
    }
    pollfd descriptor{PQsocket(connection_), POLLIN, 0};
    int ready = ::poll(&descriptor, 1, static_cast<int>(tick.count()));
    if (ready < 0 && errno != EINTR) return false;
    if (ready == 0 && hooks != nullptr && hooks->onTick) {
      hooks->onTick(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start));
    }
    if (ready > 0 && PQconsumeInput(connection_) == 0) return false;
  }
  return true;
}

SqlResult PgSession::collect(const WaitHooks* hooks) {
  SqlResult outcome;
  bool cancelled = false;
  while (true) {
    awaitResult(hooks, cancelled);
    PGresult* result = PQgetResult(connection_);
    if (result == nullptr) break;
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COPY_IN) {
      PQclear(result);
      PQputCopyEnd(connection_,
                   "sluice does not feed COPY ... FROM STDIN here: load data from a file the server can "
                   "read, or with INSERT statements");
      continue;
    }
    if (status == PGRES_COPY_OUT) {
      PQclear(result);
      char* buffer = nullptr;
      while (PQgetCopyData(connection_, &buffer, 0) > 0) PQfreemem(buffer);
      continue;
    }
    if (isError(status)) {
      if (!outcome.error_) outcome.error_ = errorFrom(result, settings_);
      PQclear(result);
      continue;
    }
    outcome.result_ = std::shared_ptr<pg_result>(result, PQclear);
  }
  if (PQstatus(connection_) != CONNECTION_OK) {
    SqlError gone = lost();
    if (outcome.error_) gone.message = outcome.error_->message + "; " + gone.message;
    outcome.error_ = gone;
  }
  return outcome;
}

SqlResult PgSession::exec(std::string_view sql, const WaitHooks* hooks) {
  if (!connected()) {
    SqlResult outcome;
    outcome.error_ = lost();
    return outcome;
  }
  std::string text(sql);
  if (PQsendQuery(connection_, text.c_str()) == 0) {
    SqlResult outcome;
    outcome.error_ = lost();
    return outcome;
  }
  return collect(hooks);
}

SqlResult PgSession::execParams(std::string_view sql, const std::vector<std::optional<std::string>>& parameters) {
  if (!connected()) {
    SqlResult outcome;
    outcome.error_ = lost();
    return outcome;
  }
  std::string text(sql);
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const auto& parameter : parameters) values.push_back(parameter ? parameter->c_str() : nullptr);
  if (PQsendQueryParams(connection_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                        nullptr, 0) == 0) {
    SqlResult outcome;
    outcome.error_ = lost();
    return outcome;
  }
  return collect(nullptr);
}

Expected<SqlResult> PgSession::query(std::string_view sql) {
  SqlResult result = exec(sql);
  if (!result.ok()) return result.error().toError();
  return result;
}

Expected<std::uint64_t> PgSession::copyOut(std::string_view sql, const std::function<Status(std::string_view)>& consume,
                                           std::size_t chunkBytes) {
  bool cancelled = false;
  if (auto started = startCopy(sql, /*toClient=*/true, cancelled); !started) return started.takeError();

  std::uint64_t rows = 0;
  std::string chunk;
  chunk.reserve(chunkBytes + std::size_t{64} * 1024);
  // Rows arrive one by one; the consumer sees large chunks, so that nothing per row
  // costs more than a copy. Reading without blocking lets the cancel flag be seen while
  // the server is slow.
  bool consumerFailed = false;
  Status consumerError;
  while (true) {
    char* buffer = nullptr;
    int length = PQgetCopyData(connection_, &buffer, 1);
    if (length > 0) {
      ++rows;
      if (!consumerFailed) chunk.append(buffer, static_cast<std::size_t>(length));
      PQfreemem(buffer);
      if (!consumerFailed && chunk.size() >= chunkBytes) {
        consumerError = consume(chunk);
        chunk.clear();
        if (!consumerError) {
          // Stop the server's work too; the loop then drains what is in flight.
          consumerFailed = true;
          cancel();
        }
      }
      continue;
    }
    if (length < 0) break;  // -1: done; -2: the connection broke (the final result says so)
    if (!cancelled && cancelRequested()) {
      cancel();
      cancelled = true;
    }
    pollfd descriptor{PQsocket(connection_), POLLIN, 0};
    int ready = ::poll(&descriptor, 1, 250);
    if (ready < 0 && errno != EINTR) break;
    if (ready > 0 && PQconsumeInput(connection_) == 0) break;
  }
  if (!consumerFailed && !chunk.empty()) {
    consumerError = consume(chunk);
    consumerFailed = !consumerError;
  }
  SqlResult end = collect(nullptr);
  if (consumerFailed) return consumerError.takeError();
  if (!end.ok()) return end.error().toError();
  return rows;
}

Status PgSession::startCopy(std::string_view sql, bool toClient, bool& cancelled) {
  if (!connected()) return lost().toError();
  std::string text(sql);
  if (PQsendQuery(connection_, text.c_str()) == 0) return lost().toError();
  awaitResult(nullptr, cancelled);
  PGresult* first = PQgetResult(connection_);
  if (first != nullptr && PQresultStatus(first) == (toClient ? PGRES_COPY_OUT : PGRES_COPY_IN)) {
    PQclear(first);
    return {};
  }
  SqlError error = first == nullptr ? lost()
                   : isError(PQresultStatus(first))
                       ? errorFrom(first, settings_)
                       : plainError(toClient ? "not a COPY ... TO STDOUT" : "not a COPY ... FROM STDIN");
  if (first != nullptr) PQclear(first);
  (void)collect(nullptr);
  return error.toError();
}

Status PgSession::copyInBegin(std::string_view sql) {
  bool cancelled = false;
  return startCopy(sql, /*toClient=*/false, cancelled);
}

Status PgSession::copyInPut(std::string_view data) {
  if (data.empty()) return {};
  if (PQputCopyData(connection_, data.data(), static_cast<int>(data.size())) != 1) return lost().toError();
  return {};
}

Expected<std::uint64_t> PgSession::copyInEnd() {
  if (PQputCopyEnd(connection_, nullptr) != 1) return lost().toError();
  SqlResult result = collect(nullptr);
  if (!result.ok()) return result.error().toError();
  return result.affectedRows();
}

void PgSession::copyInAbort(const std::string& reason) {
  PQputCopyEnd(connection_, reason.c_str());
  (void)collect(nullptr);
}

std::string PgSession::literal(std::string_view text) const { return quoted(connection_, text, '\'', PQescapeLiteral); }

std::string PgSession::identifier(std::string_view text) const {
  return quoted(connection_, text, '"', PQescapeIdentifier);
}

std::string PgSession::qualifiedName(std::string_view schema, std::string_view name) const {
  return identifier(schema) + "." + identifier(name);
}

int PgSession::serverVersion() const { return connection_ != nullptr ? PQserverVersion(connection_) : 0; }

std::string PgSession::serverVersionText() const {
  const char* text = connection_ != nullptr ? PQparameterStatus(connection_, "server_version") : nullptr;
  if (text == nullptr) return std::to_string(serverVersion());
  // "15.4 (Debian 15.4-1)": the version is the first word.
  std::string version(text);
  return version.substr(0, version.find(' '));
}

int PgSession::backendPid() const { return connection_ != nullptr ? PQbackendPID(connection_) : 0; }

std::string PgSession::user() const {
  const char* name = connection_ != nullptr ? PQuser(connection_) : nullptr;
  return name != nullptr ? name : "";
}

TransactionStatus PgSession::transactionStatus() const {
  if (connection_ == nullptr) return TransactionStatus::Unknown;
  switch (PQtransactionStatus(connection_)) {
    case PQTRANS_IDLE: return TransactionStatus::Idle;
    case PQTRANS_INTRANS: return TransactionStatus::InTransaction;
    case PQTRANS_INERROR: return TransactionStatus::Failed;
    default: return TransactionStatus::Unknown;
  }
}

bool PgSession::connected() const { return connection_ != nullptr && PQstatus(connection_) == CONNECTION_OK; }

std::vector<std::string> PgSession::takeNotices() {
  std::vector<std::string> out;
  if (!state_) return out;
  out.swap(state_->notices);
  for (std::string& notice : out) notice = settings_.scrub(notice);
  if (state_->droppedNotices > 0) {
    out.push_back("... and " + std::to_string(state_->droppedNotices) + " more notices");
    state_->droppedNotices = 0;
  }
  return out;
}

}  // namespace sluice
