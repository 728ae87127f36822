#pragma once
// Shared libraries opened on first use rather than linked (libpq_loader.cpp,
// libcurl_loader.cpp): how they are opened, and their functions found, in one place.

#include <string>

namespace sluice {

struct OpenedLibrary {
  const char* soname = "";  // libpq.so.5
  const char* name = "";    // libpq, as messages call it
  void* handle = nullptr;   // null when it could not be opened
  std::string problem;      // then: "cannot load <soname>: <the loader's reason>"
};

// Opens `soname` with every symbol bound now and none made global.
OpenedLibrary openLibrary(const char* soname, const char* name);

// The address of `name` in an opened library, or null.
void* findSymbol(const OpenedLibrary& library, const char* name);

// `name` as a function of type Function, or null.
template <typename Function>
Function findFunction(const OpenedLibrary& library, const char* name) {
  return reinterpret_cast<Function>(findSymbol(library, name));  // NOLINT: dlsym returns functions as void*
}

// `name`, or a message on standard error and exit(`exitCode`): for functions sluice cannot
// go on without once the library is open.
void* requireSymbol(const OpenedLibrary& library, const char* name, int exitCode);

template <typename Function>
Function requireFunction(const OpenedLibrary& library, const char* name, int exitCode) {
  return reinterpret_cast<Function>(requireSymbol(library, name, exitCode));  // NOLINT: as above
}

}  // namespace sluice
