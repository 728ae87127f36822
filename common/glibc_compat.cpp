// Linked into the self-contained binary only (SLUICE_STATIC, cmake/StaticBinary.cmake).
//
// That binary is built with Debian 12's GCC and links GCC's runtime (libstdc++, libgcc_eh)
// statically, but it is linked against glibc 2.31 so that it runs on any glibc from 2.31
// on. Debian 12's libstdc++.a and libgcc_eh.a were compiled against glibc 2.36 and call
// three functions that glibc 2.31 does not have (and common/subprocess.cpp a fourth,
// close_range); this file defines them in terms of what
// glibc 2.31 has. Being part of the executable, these definitions are the ones the binary
// uses on every glibc, old or new, so they must be correct on all of them.
#include <dlfcn.h>
#include <link.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>

extern "C" {

// glibc 2.32: true while the process has one thread, letting libstdc++ skip atomic
// operations on reference counts. Always false here: libstdc++ then always uses atomic
// operations, which is correct whatever the number of threads.
char __libc_single_threaded = 0;  // NOLINT: the name is glibc's

// glibc 2.36; std::random_device's default source. getrandom() (glibc 2.25) gives the
// same kernel randomness.
std::uint32_t arc4random() noexcept {  // NOLINT: glibc's name
  std::uint32_t value = 0;
  for (;;) {
    ssize_t got = ::getrandom(&value, sizeof value, 0);
    if (got == static_cast<ssize_t>(sizeof value)) return value;
    if (got < 0 && errno != EINTR) std::abort();  // like glibc: no randomness, no process
  }
}

// glibc 2.34; the system call is Linux 5.9's. Called between fork and exec, so it only
// makes system calls. On an older kernel it closes the descriptors one by one, up to the
// process's descriptor limit.
int close_range(unsigned int first, unsigned int last, int flags) noexcept {  // NOLINT: glibc's name
  long result = ::syscall(SYS_close_range, first, last, flags);
  if (result == 0 || errno != ENOSYS || flags != 0) return static_cast<int>(result);
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
  unsigned int end = limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > 1U << 20
                         ? 1U << 20
                         : static_cast<unsigned int>(limit.rlim_cur);
  if (last < end) end = last + 1;
  for (unsigned int fd = first; fd < end; ++fd) ::close(static_cast<int>(fd));
  return 0;
}

namespace {

struct FindRequest {
  std::uintptr_t address;
  dl_find_object* result;
  bool found;
};

int findObjectOf(dl_phdr_info* info, std::size_t /*size*/, void* data) {
  auto* request = static_cast<FindRequest*>(data);
  std::uintptr_t start = UINTPTR_MAX;
  std::uintptr_t end = 0;
  bool contains = false;
  const ElfW(Phdr)* ehFrame = nullptr;
  for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type == PT_GNU_EH_FRAME) ehFrame = &segment;
    if (segment.p_type != PT_LOAD) continue;
    std::uintptr_t segmentStart = info->dlpi_addr + segment.p_vaddr;
    std::uintptr_t segmentEnd = segmentStart + segment.p_memsz;
    if (segmentStart < start) start = segmentStart;
    if (segmentEnd > end) end = segmentEnd;
    if (request->address >= segmentStart && request->address < segmentEnd) contains = true;
  }
  if (!contains) return 0;
  dl_find_object* result = request->result;
  result->dlfo_flags = 0;
  result->dlfo_map_start = reinterpret_cast<void*>(start);  // NOLINT: addresses from the program headers
  result->dlfo_map_end = reinterpret_cast<void*>(end);      // NOLINT
  result->dlfo_link_map = nullptr;
  result->dlfo_eh_frame =
      ehFrame == nullptr ? nullptr : reinterpret_cast<void*>(info->dlpi_addr + ehFrame->p_vaddr);  // NOLINT
  request->found = true;
  return 1;
}

}  // namespace

// glibc 2.35; libgcc's unwinder asks it for the exception-handling frame table of the
// object that holds a return address while it unwinds an exception. dl_iterate_phdr (the
// unwinder's own way before 2.35) answers the same question, more slowly; exceptions are
// rare in sluice. libgcc reads only dlfo_eh_frame (x86_64 has no dlfo_eh_dbase).
int _dl_find_object(void* address, dl_find_object* result) noexcept {             // NOLINT: glibc's name
  FindRequest request{reinterpret_cast<std::uintptr_t>(address), result, false};  // NOLINT
  ::dl_iterate_phdr(findObjectOf, &request);
  return request.found ? 0 : -1;
}

}  // extern "C"
