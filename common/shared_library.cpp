#include "common/shared_library.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace sluice {

OpenedLibrary openLibrary(const char* soname, const char* name) {
  OpenedLibrary library;
  library.soname = soname;
  library.name = name;
  library.handle = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (library.handle == nullptr) {
    const char* why = ::dlerror();
    library.problem = std::string("cannot load ") + soname + ": " + (why != nullptr ? why : "unknown reason");
  }
  return library;
}

void* findSymbol(const OpenedLibrary& library, const char* name) {
  return library.handle == nullptr ? nullptr : ::dlsym(library.handle, name);
}

void* requireSymbol(const OpenedLibrary& library, const char* name, int exitCode) {
  void* address = findSymbol(library, name);
  if (address == nullptr) {
    std::fprintf(stderr, "error: %s has no function %s: the installed %s is too old\n", library.soname, name,
                 library.name);
    std::exit(exitCode);
  }
  return address;
}

}  // namespace sluice
