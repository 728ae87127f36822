// libpq, loaded when sluice first talks to PostgreSQL rather than when it starts.
//
// libpq brings about twenty shared libraries with it (OpenSSL's libssl, Kerberos, LDAP,
// GnuTLS, SASL...). Mapped at start they cost every process 4 MB of memory and about 5 ms,
// which `sluice lint`, the pre-commit hook and editor integrations pay on every run without
// ever connecting. So the binary does not link libpq: this file defines the libpq functions
// sluice calls, and each one forwards to the real function, resolved with dlopen/dlsym the
// first time any of them runs. The signatures come from libpq-fe.h, so a mismatch does not
// compile.
#include <dlfcn.h>
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/exit_code.hpp"
#include "common/libpq_info.hpp"
#include "common/shared_library.hpp"

namespace sluice {
namespace {

// The soname of libpq 10 and later; the Debian package is libpq5.
constexpr const char* kLibpqName = "libpq.so.5";

const OpenedLibrary& libpq() {
  static const OpenedLibrary library = [] {
    OpenedLibrary opened = openLibrary(kLibpqName, "libpq");
    if (opened.handle == nullptr) {
      // Reached only when a command is about to connect; a broken installation, not a
      // database problem, but nothing can be done without it.
      std::fprintf(stderr, "error: %s\n  = help: install PostgreSQL's client library (apt-get install libpq5)\n",
                   opened.problem.c_str());
      std::exit(static_cast<int>(ExitCode::Unreachable));
    }
    return opened;
  }();
  return library;
}

template <typename Function>
Function resolve(const char* name) {
  return requireFunction<Function>(libpq(), name, static_cast<int>(ExitCode::Unreachable));
}

}  // namespace

std::string libpqDescription() {
  // A handle of its own, so that a missing library is reported here rather than fatal.
  void* handle = ::dlopen(kLibpqName, RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) return std::string("libpq: not installed (") + kLibpqName + "), needed to connect";
  auto version = reinterpret_cast<decltype(&::PQlibVersion)>(::dlsym(handle, "PQlibVersion"));  // NOLINT: dlsym
  std::string text = "libpq";
  if (version != nullptr) {
    int number = version();
    text += " " + std::to_string(number / 10000) + "." + std::to_string(number % 10000);
  }
  ::dlclose(handle);
  return text + " (" + kLibpqName + ", loaded when a command connects)";
}

}  // namespace sluice

// Each function looks its target up once (a thread-safe static) and calls it.
#define SLUICE_LIBPQ_FORWARD(name, ...)                                            \
  static const auto real = sluice::resolve<decltype(&::name)>(#name); /* NOLINT */ \
  return real(__VA_ARGS__);

extern "C" {

PGconn* PQconnectdbParams(const char* const* keywords, const char* const* values, int expand_dbname) {
  SLUICE_LIBPQ_FORWARD(PQconnectdbParams, keywords, values, expand_dbname)
}
void PQfinish(PGconn* conn){
    SLUICE_LIBPQ_FORWARD(PQfinish, conn)} PQconninfoOption* PQconninfoParse(const char* conninfo, char** errmsg) {
  SLUICE_LIBPQ_FORWARD(PQconninfoParse, conninfo, errmsg)
}
void PQconninfoFree(PQconninfoOption* connOptions){SLUICE_LIBPQ_FORWARD(PQconninfoFree, connOptions)} ConnStatusType
    PQstatus(const PGconn* conn){SLUICE_LIBPQ_FORWARD(PQstatus, conn)} PGTransactionStatusType
    PQtransactionStatus(const PGconn* conn) {
  SLUICE_LIBPQ_FORWARD(PQtransactionStatus, conn)
}
const char* PQparameterStatus(const PGconn* conn, const char* paramName) {
  SLUICE_LIBPQ_FORWARD(PQparameterStatus, conn, paramName)
}
int PQserverVersion(const PGconn* conn) { SLUICE_LIBPQ_FORWARD(PQserverVersion, conn) }
char* PQerrorMessage(const PGconn* conn) { SLUICE_LIBPQ_FORWARD(PQerrorMessage, conn) }
int PQsocket(const PGconn* conn) { SLUICE_LIBPQ_FORWARD(PQsocket, conn) }
int PQbackendPID(const PGconn* conn) { SLUICE_LIBPQ_FORWARD(PQbackendPID, conn) }
char* PQuser(const PGconn* conn) { SLUICE_LIBPQ_FORWARD(PQuser, conn) }
char* PQpass(const PGconn* conn){SLUICE_LIBPQ_FORWARD(PQpass, conn)} PQnoticeReceiver
    PQsetNoticeReceiver(PGconn* conn, PQnoticeReceiver proc,
                        void* arg){SLUICE_LIBPQ_FORWARD(PQsetNoticeReceiver, conn, proc, arg)} PQnoticeProcessor
    PQsetNoticeProcessor(PGconn* conn, PQnoticeProcessor proc,
                         void* arg){SLUICE_LIBPQ_FORWARD(PQsetNoticeProcessor, conn, proc, arg)}

PGcancel* PQgetCancel(PGconn* conn) {
  SLUICE_LIBPQ_FORWARD(PQgetCancel, conn)
}
void PQfreeCancel(PGcancel* cancel) { SLUICE_LIBPQ_FORWARD(PQfreeCancel, cancel) }
int PQcancel(PGcancel* cancel, char* errbuf, int errbufsize){SLUICE_LIBPQ_FORWARD(PQcancel, cancel, errbuf, errbufsize)}

PGresult* PQexec(PGconn* conn, const char* query){SLUICE_LIBPQ_FORWARD(PQexec, conn, query)} PGresult* PQexecParams(
    PGconn* conn, const char* command, int nParams, const Oid* paramTypes, const char* const* paramValues,
    const int* paramLengths, const int* paramFormats, int resultFormat) {
  SLUICE_LIBPQ_FORWARD(PQexecParams, conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
                       resultFormat)
}
int PQsendQuery(PGconn* conn, const char* query) { SLUICE_LIBPQ_FORWARD(PQsendQuery, conn, query) }
int PQsendQueryParams(PGconn* conn, const char* command, int nParams, const Oid* paramTypes,
                      const char* const* paramValues, const int* paramLengths, const int* paramFormats,
                      int resultFormat){SLUICE_LIBPQ_FORWARD(PQsendQueryParams, conn, command, nParams, paramTypes,
                                                             paramValues, paramLengths, paramFormats,
                                                             resultFormat)} PGresult* PQgetResult(PGconn* conn) {
  SLUICE_LIBPQ_FORWARD(PQgetResult, conn)
}
int PQisBusy(PGconn* conn) { SLUICE_LIBPQ_FORWARD(PQisBusy, conn) }
int PQconsumeInput(PGconn* conn) { SLUICE_LIBPQ_FORWARD(PQconsumeInput, conn) }

int PQputCopyData(PGconn* conn, const char* buffer, int nbytes) {
  SLUICE_LIBPQ_FORWARD(PQputCopyData, conn, buffer, nbytes)
}
int PQputCopyEnd(PGconn* conn, const char* errormsg) { SLUICE_LIBPQ_FORWARD(PQputCopyEnd, conn, errormsg) }
int PQgetCopyData(PGconn* conn, char** buffer, int async){SLUICE_LIBPQ_FORWARD(PQgetCopyData, conn, buffer, async)}

ExecStatusType PQresultStatus(const PGresult* res) {
  SLUICE_LIBPQ_FORWARD(PQresultStatus, res)
}
char* PQresStatus(ExecStatusType status) { SLUICE_LIBPQ_FORWARD(PQresStatus, status) }
char* PQresultErrorMessage(const PGresult* res) { SLUICE_LIBPQ_FORWARD(PQresultErrorMessage, res) }
char* PQresultErrorField(const PGresult* res, int fieldcode) {
  SLUICE_LIBPQ_FORWARD(PQresultErrorField, res, fieldcode)
}
int PQntuples(const PGresult* res) { SLUICE_LIBPQ_FORWARD(PQntuples, res) }
int PQnfields(const PGresult* res) { SLUICE_LIBPQ_FORWARD(PQnfields, res) }
char* PQfname(const PGresult* res, int field_num) { SLUICE_LIBPQ_FORWARD(PQfname, res, field_num) }
char* PQgetvalue(const PGresult* res, int tup_num, int field_num) {
  SLUICE_LIBPQ_FORWARD(PQgetvalue, res, tup_num, field_num)
}
int PQgetlength(const PGresult* res, int tup_num, int field_num) {
  SLUICE_LIBPQ_FORWARD(PQgetlength, res, tup_num, field_num)
}
int PQgetisnull(const PGresult* res, int tup_num, int field_num) {
  SLUICE_LIBPQ_FORWARD(PQgetisnull, res, tup_num, field_num)
}
char* PQcmdTuples(PGresult* res) { SLUICE_LIBPQ_FORWARD(PQcmdTuples, res) }
void PQclear(PGresult* res) { SLUICE_LIBPQ_FORWARD(PQclear, res) }

char* PQescapeLiteral(PGconn* conn, const char* str, size_t len) {
  SLUICE_LIBPQ_FORWARD(PQescapeLiteral, conn, str, len)
}
char* PQescapeIdentifier(PGconn* conn, const char* str, size_t len) {
  SLUICE_LIBPQ_FORWARD(PQescapeIdentifier, conn, str, len)
}
void PQfreemem(void* ptr) { SLUICE_LIBPQ_FORWARD(PQfreemem, ptr) }

}  // extern "C"
