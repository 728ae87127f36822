// libcurl, loaded when sluice first sends a webhook or talks to S3 rather than when it
// starts (the same reasoning as libpq_loader.cpp).
//
// libcurl brings about twenty-five shared libraries with it (nghttp2, GnuTLS, Kerberos,
// LDAP, libssh2, libidn2...). Mapped and relocated at start, they cost `sluice lint`, the
// pre-commit hook and editor integrations memory and time on every run, and those never
// send a request. So the binary does not link libcurl: this file defines the libcurl
// functions sluice calls, and each one forwards to the real function, resolved
// (common/shared_library.hpp) the first time any of them runs. The signatures come from
// curl.h, so a mismatch does not compile.
//
// A machine without libcurl still runs everything else. curl_global_init then fails,
// curl_easy_init returns null (the callers' "could not start a request" error, with
// libcurlProblem() saying why), and no other function is reached.
#define CURL_DISABLE_TYPECHECK  // curl.h's type-checking macros would rename the definitions below
#include <curl/curl.h>

#include <cstdarg>
#include <string>

#include "common/exit_code.hpp"
#include "common/libcurl_info.hpp"
#include "common/shared_library.hpp"

namespace sluice {
namespace {

// The soname of libcurl 7.16 and later; the Debian package is libcurl4.
constexpr const char* kLibcurlName = "libcurl.so.4";

const OpenedLibrary& libcurl() {
  static const OpenedLibrary library = openLibrary(kLibcurlName, "libcurl");
  return library;
}

// The function, or null when libcurl cannot be loaded or lacks it.
template <typename Function>
Function find(const char* name) {
  return findFunction<Function>(libcurl(), name);
}

// For the functions that run only on a handle curl_easy_init gave: libcurl is loaded.
template <typename Function>
Function resolve(const char* name) {
  return requireFunction<Function>(libcurl(), name, static_cast<int>(ExitCode::Internal));
}

}  // namespace

std::string libcurlProblem() {
  const OpenedLibrary& library = libcurl();
  return library.handle == nullptr ? library.problem + " (install libcurl4: apt-get install libcurl4)" : std::string();
}

}  // namespace sluice

extern "C" {

CURLcode curl_global_init(long flags) {
  static const auto real = sluice::find<decltype(&::curl_global_init)>("curl_global_init");
  return real != nullptr ? real(flags) : CURLE_FAILED_INIT;
}

CURL* curl_easy_init() {
  static const auto real = sluice::find<decltype(&::curl_easy_init)>("curl_easy_init");
  return real != nullptr ? real() : nullptr;
}

const char* curl_easy_strerror(CURLcode code) {
  static const auto real = sluice::find<decltype(&::curl_easy_strerror)>("curl_easy_strerror");
  return real != nullptr ? real(code) : "libcurl could not be loaded";
}

void curl_easy_cleanup(CURL* curl) {
  static const auto real = sluice::resolve<decltype(&::curl_easy_cleanup)>("curl_easy_cleanup");
  real(curl);
}

CURLcode curl_easy_perform(CURL* curl) {
  static const auto real = sluice::resolve<decltype(&::curl_easy_perform)>("curl_easy_perform");
  return real(curl);
}

curl_slist* curl_slist_append(curl_slist* list, const char* string) {
  static const auto real = sluice::resolve<decltype(&::curl_slist_append)>("curl_slist_append");
  return real(list, string);
}

void curl_slist_free_all(curl_slist* list) {
  static const auto real = sluice::resolve<decltype(&::curl_slist_free_all)>("curl_slist_free_all");
  real(list);
}

// curl.h fixes the signatures below: the list starts after an enum parameter. clang warns
// that an enum might be promoted; CURLoption and CURLINFO are int-sized enums, which
// promotion leaves as they are, and libcurl's own definitions start their lists the same
// way. GCC does not warn.
static_assert(sizeof(CURLoption) == sizeof(int) && sizeof(CURLINFO) == sizeof(int),
              "va_start after an enum parameter needs the enum to be int-sized");
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wvarargs"
#endif

// Variadic: the one argument after the option is read with the type its option number
// says (curl.h's CURLOPTTYPE_* ranges, as libcurl itself reads it) and passed on.
CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  static const auto real = sluice::resolve<decltype(&::curl_easy_setopt)>("curl_easy_setopt");
  using AnyFunction = void (*)();
  std::va_list arguments;
  va_start(arguments, option);
  CURLcode result = CURLE_OK;
  if (option < CURLOPTTYPE_OBJECTPOINT) {
    result = real(curl, option, va_arg(arguments, long));
  } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
    result = real(curl, option, va_arg(arguments, void*));
  } else if (option < CURLOPTTYPE_OFF_T) {
    result = real(curl, option, va_arg(arguments, AnyFunction));
  } else if (option < CURLOPTTYPE_BLOB) {
    result = real(curl, option, va_arg(arguments, curl_off_t));
  } else {
    result = real(curl, option, va_arg(arguments, void*));
  }
  va_end(arguments);
  return result;
}

// Variadic: every CURLINFO_* takes a pointer to where the answer goes.
CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  static const auto real = sluice::resolve<decltype(&::curl_easy_getinfo)>("curl_easy_getinfo");
  std::va_list arguments;
  va_start(arguments, info);
  CURLcode result = real(curl, info, va_arg(arguments, void*));
  va_end(arguments);
  return result;
}

#if defined(__clang__)
#pragma clang diagnostic pop
#endif

}  // extern "C"
