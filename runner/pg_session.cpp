#include "runner/pg_session.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

#include "runner/interrupt.hpp"

namespace sluice {

struct PgSession::State {
  std::vector<std::string> notices;
};

namespace {

std::string field(const PGresult* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? value : "";
}

std::string trimNewlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

SqlError errorFrom(const PGresult* result) {
  SqlError error;
  error.sqlstate = field(result, PG_DIAG_SQLSTATE);
  error.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  if (error.message.empty()) error.message = trimNewlines(PQresultErrorMessage(result));
  error.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
  error.hint = field(result, PG_DIAG_MESSAGE_HINT);
  error.context = field(result, PG_DIAG_CONTEXT);
  std::string position = field(result, PG_DIAG_STATEMENT_POSITION);
  if (!position.empty()) error.position = std::atoi(position.c_str());
  return error;
}

SqlError lostConnection(PGconn* connection, const ConnectionSettings& settings) {
  SqlError error;
  error.sqlstate = "08006";
  error.connectionLost = true;
  std::string message = connection != nullptr ? trimNewlines(PQerrorMessage(connection)) : "";
  error.message = settings.redact("the connection to the server was lost" + (message.empty() ? "" : ": " + message));
  return error;
}

void receiveNotice(void* state, const PGresult* result) {
  std::string message = field(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string severity = field(result, PG_DIAG_SEVERITY);
  static_cast<PgSession::State*>(state)->notices.push_back(severity.empty() ? message : severity + ": " + message);
}

}  // namespace

std::string SqlError::summary() const {
  std::string out = message;
  if (!sqlstate.empty()) out += " (SQLSTATE " + sqlstate + ")";
  return out;
}

int SqlResult::rows() const { return result_ ? PQntuples(result_.get()) : 0; }

bool SqlResult::isNull(int row, int column) const {
  return !result_ || row >= rows() || PQgetisnull(result_.get(), row, column) != 0;
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

Expected<PgSession> PgSession::open(const ConnectionSettings& settings, const std::string& applicationName) {
  // The connection string goes in as `dbname` with expansion on: a URL or keyword string
  // is taken apart by libpq itself. Keywords after it override it, keywords before it are
  // defaults it may override (an explicit connect_timeout wins over ours).
  const char* keywords[] = {"connect_timeout", "dbname", "application_name", nullptr};
  const char* values[] = {"10", settings.conninfo().c_str(), applicationName.c_str(), nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, 1);
  if (connection == nullptr) return Error(ErrorCode::Unreachable, "cannot allocate a database connection");
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = settings.redact(trimNewlines(PQerrorMessage(connection)));
    PQfinish(connection);
    return Error(ErrorCode::Unreachable, "cannot connect to " + settings.display() + ": " + message,
                 connectionFailureHint(message));
  }
  PgSession session;
  session.state_ = std::make_unique<State>();
  session.connection_ = connection;
  session.settings_ = settings;
  PQsetNoticeReceiver(connection, receiveNotice, session.state_.get());
  return session;
}

PgSession::PgSession(PgSession&& other) noexcept
    : state_(std::move(other.state_)),
      connection_(std::exchange(other.connection_, nullptr)),
      settings_(std::move(other.settings_)) {}

PgSession& PgSession::operator=(PgSession&& other) noexcept {
  if (this != &other) {
    if (connection_ != nullptr) PQfinish(connection_);
    state_ = std::move(other.state_);
    connection_ = std::exchange(other.connection_, nullptr);
    settings_ = std::move(other.settings_);
  }
  return *this;
}

PgSession::~PgSession() {
  if (connection_ != nullptr) PQfinish(connection_);
}

namespace {

// Cancels the statement that runs on `connection` (a separate, short-lived connection
// to the server carries the request).
void cancelRunning(PGconn* connection) {
  PGcancel* cancel = PQgetCancel(connection);
  if (cancel == nullptr) return;
  char buffer[256];
  PQcancel(cancel, buffer, sizeof buffer);
  PQfreeCancel(cancel);
}

}  // namespace

SqlResult PgSession::exec(std::string_view sql, const WaitHooks* hooks) {
  SqlResult outcome;
  if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) {
    outcome.error_ = lostConnection(connection_, settings_);
    return outcome;
  }
  std::string text(sql);
  if (PQsendQuery(connection_, text.c_str()) == 0) {
    outcome.error_ = lostConnection(connection_, settings_);
    return outcome;
  }
  auto start = std::chrono::steady_clock::now();
  auto tick = hooks != nullptr ? hooks->tick : std::chrono::milliseconds(250);
  bool cancelled = false;
  while (true) {
    // Wait until the next result is complete, calling the hooks and honouring interrupts.
    while (PQisBusy(connection_) != 0) {
      if (interruptRequested() && !cancelled) {
        cancelRunning(connection_);
        cancelled = true;
      }
      pollfd descriptor{PQsocket(connection_), POLLIN, 0};
      int ready = ::poll(&descriptor, 1, static_cast<int>(tick.count()));
      if (ready < 0 && errno != EINTR) break;
      if (ready == 0 && hooks != nullptr && hooks->onTick) {
        hooks->onTick(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start));
      }
      if (ready > 0 && PQconsumeInput(connection_) == 0) break;
    }
    PGresult* result = PQgetResult(connection_);
    if (result == nullptr) break;
    ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COPY_IN) {
      PQclear(result);
      PQputCopyEnd(connection_,
                   "sluice does not feed COPY ... FROM STDIN: load data from a file the server can "
                   "read, or with INSERT statements");
      continue;
    }
    if (status == PGRES_COPY_OUT) {
      PQclear(result);
      char* buffer = nullptr;
      while (PQgetCopyData(connection_, &buffer, 0) > 0) PQfreemem(buffer);
      continue;
    }
    if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR) {
      if (!outcome.error_) outcome.error_ = errorFrom(result);
      PQclear(result);
      continue;
    }
    outcome.result_ = std::shared_ptr<pg_result>(result, PQclear);
  }
  if (PQstatus(connection_) != CONNECTION_OK) {
    SqlError lost = lostConnection(connection_, settings_);
    if (outcome.error_) lost.message = outcome.error_->message + "; " + lost.message;
    outcome.error_ = lost;
  }
  return outcome;
}

SqlResult PgSession::execParams(std::string_view sql, const std::vector<std::optional<std::string>>& parameters) {
  SqlResult outcome;
  if (connection_ == nullptr || PQstatus(connection_) != CONNECTION_OK) {
    outcome.error_ = lostConnection(connection_, settings_);
    return outcome;
  }
  std::string text(sql);
  std::vector<const char*> values;
  values.reserve(parameters.size());
  for (const auto& parameter : parameters) values.push_back(parameter ? parameter->c_str() : nullptr);
  PGresult* result = PQexecParams(connection_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                  nullptr, nullptr, 0);
  if (result == nullptr) {
    outcome.error_ = lostConnection(connection_, settings_);
    return outcome;
  }
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    outcome.error_ = errorFrom(result);
    if (PQstatus(connection_) != CONNECTION_OK) outcome.error_->connectionLost = true;
    PQclear(result);
    return outcome;
  }
  outcome.result_ = std::shared_ptr<pg_result>(result, PQclear);
  return outcome;
}

std::string PgSession::literal(std::string_view text) const {
  char* quoted = PQescapeLiteral(connection_, text.data(), text.size());
  if (quoted == nullptr) {
    // Only on invalid encoding or no memory; a standard-conforming literal is still safe
    // for the text sluice quotes (names and checksums it produced itself).
    std::string out = "'";
    for (char c : text) {
      if (c == '\'') out.push_back('\'');
      out.push_back(c);
    }
    return out + "'";
  }
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

std::string PgSession::identifier(std::string_view text) const {
  char* quoted = PQescapeIdentifier(connection_, text.data(), text.size());
  if (quoted == nullptr) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    return out + "\"";
  }
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
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
  if (state_) out.swap(state_->notices);
  return out;
}

}  // namespace sluice
