# The self-contained binary (SLUICE_STATIC=ON; ci/build --static): every library but
# glibc linked statically from Debian's own static archives, and glibc bound to the
# symbol versions of glibc 2.31, so the same file runs on any x86_64 Linux with glibc 2.31
# or later and nothing else installed (docs/packaging.md).
#   libpg_query, OpenSSL, zstd, tree-sitter: lib<name>.a (Dependencies.cmake prefers .a)
#   libpq: libpq.a with libpgcommon.a and libpgport.a (postgresql-server-dev-<major>);
#          common/libpq_linked.cpp replaces the on-demand loader
#   libstdc++, libgcc: -static-libstdc++ -static-libgcc
#   glibc: shared, linked against SLUICE_GLIBC_SYSROOT (Debian 11's libc6-dev, made by
#          ci/glibc-sysroot); common/glibc_compat.cpp supplies the three newer glibc
#          functions that Debian 12's libstdc++.a and libgcc_eh.a call.

find_library(SLUICE_LIBPQ_ARCHIVE NAMES pq REQUIRED)
string(REGEX REPLACE "^([0-9]+).*" "/usr/lib/postgresql/\\1/lib" _sluice_pg_pkglibdir "${PostgreSQL_VERSION_STRING}")
find_library(SLUICE_PGCOMMON_ARCHIVE NAMES pgcommon HINTS "${_sluice_pg_pkglibdir}" REQUIRED)
find_library(SLUICE_PGPORT_ARCHIVE NAMES pgport HINTS "${_sluice_pg_pkglibdir}" REQUIRED)
find_path(SLUICE_GSSAPI_INCLUDE_DIR gssapi/gssapi.h REQUIRED)  # libkrb5-dev: declarations only
find_path(SLUICE_LDAP_INCLUDE_DIR ldap.h REQUIRED)              # libldap-dev: declarations only
add_library(sluice_libpq_static INTERFACE)
target_link_libraries(sluice_libpq_static INTERFACE
  "${SLUICE_LIBPQ_ARCHIVE}" "${SLUICE_PGCOMMON_ARCHIVE}" "${SLUICE_PGPORT_ARCHIVE}"
  OpenSSL::SSL OpenSSL::Crypto Threads::Threads)

add_link_options(-static-libstdc++ -static-libgcc)
if(SLUICE_GLIBC_SYSROOT)
  if(NOT EXISTS "${SLUICE_GLIBC_SYSROOT}/usr/lib/x86_64-linux-gnu/libc_nonshared.a")
    message(FATAL_ERROR "SLUICE_GLIBC_SYSROOT=${SLUICE_GLIBC_SYSROOT} is not a glibc sysroot: run ci/glibc-sysroot")
  endif()
  # Link-time only: compiling keeps Debian 12's headers, which the static archives were
  # compiled with too. -B and -L put the old C runtime ahead of the compiler's defaults;
  # --sysroot makes the linker read libc.so's script paths inside it.
  set(_sluice_multiarch "${SLUICE_GLIBC_SYSROOT}/usr/lib/x86_64-linux-gnu")
  add_link_options("--sysroot=${SLUICE_GLIBC_SYSROOT}" "-B${_sluice_multiarch}/" "-L${_sluice_multiarch}"
                   "-L${SLUICE_GLIBC_SYSROOT}/lib/x86_64-linux-gnu")
endif()
# Reproducible: no build paths in debug information or assertion messages.
add_compile_options("-ffile-prefix-map=${PROJECT_SOURCE_DIR}=." "-ffile-prefix-map=${PROJECT_BINARY_DIR}=build")
