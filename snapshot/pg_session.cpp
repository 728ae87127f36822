#include "snapshot/pg_session.hpp"

#include <libpq-fe.h>

#include <utility>

namespace sluice::snapshot {
namespace {

PGconn* conn(void* p) { return static_cast<PGconn*>(p); }

std::string chomp(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

void discardNotice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

std::string PgRows::text(std::size_t row, std::string_view column) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return rows.at(row).at(i).value_or("");
  }
  return "";
}

bool PgRows::isNull(std::size_t row, std::string_view column) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return !rows.at(row).at(i).has_value();
  }
  return true;
}

Expected<PgSession> PgSession::open(const ConnectionSettings& settings, const std::string& applicationName) {
  const char* keywords[] = {"dbname", "application_name", "connect_timeout", nullptr};
  // expand_dbname: the "dbname" value is the whole conninfo string or URL and the
  // keywords after it override it; an empty value is ignored, so a connect_timeout
  // given in the settings wins over the default.
  const std::string& conninfo = settings.conninfo();
  std::string timeout = conninfo.find("connect_timeout") == std::string::npos ? "10" : "";
  const char* values[] = {conninfo.c_str(), applicationName.c_str(), timeout.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keywords, values, 1);
  PgSession session;
  session.connection_ = raw;
  session.settings_ = settings;
  if (raw == nullptr) return Error(ErrorCode::Internal, "out of memory opening a database connection");
  if (PQstatus(raw) != CONNECTION_OK) {
    std::string message = chomp(settings.redact(PQerrorMessage(raw)));
    return Error(ErrorCode::Unreachable, "cannot connect to " + settings.display() + ": " + message,
                 "check the connection settings and that the server accepts more connections");
  }
  PQsetNoticeProcessor(raw, discardNotice, nullptr);
  session.canceller_ = PQgetCancel(raw);
  return session;
}

PgSession::PgSession(PgSession&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)),
      canceller_(std::exchange(other.canceller_, nullptr)),
      settings_(std::move(other.settings_)),
      lastSqlState_(std::move(other.lastSqlState_)) {}

PgSession& PgSession::operator=(PgSession&& other) noexcept {
  if (this != &other) {
    if (canceller_ != nullptr) PQfreeCancel(static_cast<PGcancel*>(canceller_));
    if (connection_ != nullptr) PQfinish(conn(connection_));
    connection_ = std::exchange(other.connection_, nullptr);
    canceller_ = std::exchange(other.canceller_, nullptr);
    settings_ = std::move(other.settings_);
    lastSqlState_ = std::move(other.lastSqlState_);
  }
  return *this;
}

PgSession::~PgSession() {
  if (canceller_ != nullptr) PQfreeCancel(static_cast<PGcancel*>(canceller_));
  if (connection_ != nullptr) PQfinish(conn(connection_));
}

Error PgSession::failure(const std::string& what, const void* result) const {
  const auto* res = static_cast<const PGresult*>(result);
  std::string message;
  std::string state;
  if (res != nullptr) {
    message = PQresultErrorMessage(res);
    if (const char* code = PQresultErrorField(res, PG_DIAG_SQLSTATE)) state = code;
  }
  if (message.empty()) message = PQerrorMessage(conn(connection_));
  if (message.empty() && res != nullptr) message = std::string("unexpected result ") + PQresStatus(PQresultStatus(res));
  message = chomp(settings_.redact(message));
  if (message.starts_with("ERROR:  ")) message.erase(0, 8);
  bool lost = PQstatus(conn(connection_)) != CONNECTION_OK;
  Error error(lost ? ErrorCode::Unreachable : ErrorCode::Input, what + ": " + message,
              lost ? "the connection to the server was lost" : "");
  lastSqlState_ = state;
  if (state == "55P03") {
    error.code = ErrorCode::LockNotObtained;
    error.hint = "another session holds a conflicting lock; retry when it is done, or raise --lock-timeout";
  }
  return error;
}

Expected<PgRows> PgSession::query(const std::string& sql) {
  PGresult* result = PQexec(conn(connection_), sql.c_str());
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY) {
    Error error = failure("query failed", result);
    PQclear(result);
    return error;
  }
  PgRows rows;
  int fields = PQnfields(result);
  for (int c = 0; c < fields; ++c) rows.columns.emplace_back(PQfname(result, c));
  int count = PQntuples(result);
  rows.rows.reserve(static_cast<std::size_t>(count));
  for (int r = 0; r < count; ++r) {
    std::vector<std::optional<std::string>> row;
    row.reserve(static_cast<std::size_t>(fields));
    for (int c = 0; c < fields; ++c) {
      if (PQgetisnull(result, r, c) != 0) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(result, r, c), static_cast<std::size_t>(PQgetlength(result, r, c))));
      }
    }
    rows.rows.push_back(std::move(row));
  }
  PQclear(result);
  return rows;
}

Status PgSession::exec(const std::string& sql) {
  auto rows = query(sql);
  if (!rows) return rows.takeError();
  return {};
}

Expected<std::uint64_t> PgSession::copyOut(const std::string& sql,
                                           const std::function<Status(std::string_view)>& consume,
                                           std::size_t chunkBytes) {
  PGresult* result = PQexec(conn(connection_), sql.c_str());
  if (PQresultStatus(result) != PGRES_COPY_OUT) {
    Error error = failure("COPY failed", result);
    PQclear(result);
    return error;
  }
  PQclear(result);
  std::uint64_t rows = 0;
  std::string chunk;
  chunk.reserve(chunkBytes + std::size_t{64} * 1024);
  // Rows arrive one by one; the consumer sees large chunks, so that nothing per row
  // costs more than a copy.
  bool consumerFailed = false;
  Status consumerError;
  while (true) {
    char* buffer = nullptr;
    int length = PQgetCopyData(conn(connection_), &buffer, 0);
    if (length < 0) break;
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
  }
  if (!consumerFailed && !chunk.empty()) {
    consumerError = consume(chunk);
    consumerFailed = !consumerError;
  }
  Error serverError;
  bool failed = false;
  while (PGresult* end = PQgetResult(conn(connection_))) {
    if (PQresultStatus(end) != PGRES_COMMAND_OK && !failed) {
      serverError = failure("COPY failed", end);
      failed = true;
    }
    PQclear(end);
  }
  if (consumerFailed) return consumerError.takeError();
  if (failed) return serverError;
  return rows;
}

Status PgSession::copyInBegin(const std::string& sql) {
  PGresult* result = PQexec(conn(connection_), sql.c_str());
  if (PQresultStatus(result) != PGRES_COPY_IN) {
    Error error = failure("COPY failed", result);
    PQclear(result);
    return error;
  }
  PQclear(result);
  return {};
}

Status PgSession::copyInPut(std::string_view data) {
  if (data.empty()) return {};
  if (PQputCopyData(conn(connection_), data.data(), static_cast<int>(data.size())) != 1) {
    return failure("sending COPY data failed", nullptr);
  }
  return {};
}

Expected<std::uint64_t> PgSession::copyInEnd() {
  if (PQputCopyEnd(conn(connection_), nullptr) != 1) return failure("ending COPY failed", nullptr);
  std::uint64_t rows = 0;
  Error serverError;
  bool failed = false;
  while (PGresult* result = PQgetResult(conn(connection_))) {
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      if (!failed) serverError = failure("COPY failed", result);
      failed = true;
    } else {
      rows = std::strtoull(PQcmdTuples(result), nullptr, 10);
    }
    PQclear(result);
  }
  if (failed) return serverError;
  return rows;
}

void PgSession::copyInAbort(const std::string& reason) {
  PQputCopyEnd(conn(connection_), reason.c_str());
  while (PGresult* result = PQgetResult(conn(connection_))) PQclear(result);
}

void PgSession::cancel() {
  if (canceller_ == nullptr) return;
  char message[256];
  PQcancel(static_cast<PGcancel*>(canceller_), message, sizeof message);
}

std::string PgSession::quoteIdentifier(std::string_view name) const {
  char* quoted = PQescapeIdentifier(conn(connection_), name.data(), name.size());
  if (quoted == nullptr) throw std::runtime_error("cannot quote an identifier");
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

std::string PgSession::quoteLiteral(std::string_view value) const {
  char* quoted = PQescapeLiteral(conn(connection_), value.data(), value.size());
  if (quoted == nullptr) throw std::runtime_error("cannot quote a literal");
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

int PgSession::serverVersion() const { return PQserverVersion(conn(connection_)); }

std::string qualifiedName(const PgSession& session, std::string_view schema, std::string_view name) {
  return session.quoteIdentifier(schema) + "." + session.quoteIdentifier(name);
}

}  // namespace sluice::snapshot
