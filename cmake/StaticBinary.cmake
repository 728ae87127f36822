# The self-contained binary (SLUICE_STATIC=ON; ci/build --static): every library but
# glibc linked statically from Debian's own static archives, and glibc bound to the
# symbol versions of glibc 2.31, so the same file runs on any x86_64 Linux with glibc 2.31
# or later and nothing else installed (docs/packaging.md).
#   libpg_query: lib<name>.a with its copy of PostgreSQL's code made private (below)
#   OpenSSL, zstd, tree-sitter: lib<name>.a (Dependencies.cmake prefers .a)
#   libpq: libpq.a with libpgcommon.a and libpgport.a (postgresql-server-dev-<major>);
#          common/libpq_linked.cpp replaces the on-demand loader
#   libstdc++, libgcc: -static-libstdc++ -static-libgcc
#   glibc: shared, linked against SLUICE_GLIBC_SYSROOT (Debian 11's libc6-dev, made by
#          ci/glibc-sysroot); common/glibc_compat.cpp supplies the three newer glibc
#          functions that Debian 12's libstdc++.a and libgcc_eh.a call.

# libpg_query carries its own copy of PostgreSQL 15's src/common and src/port (encoding
# tables, snprintf...), under the same names as libpgcommon and libpgport, which libpq
# needs: linked side by side they collide, and each must keep calling its own. So
# libpg_query's archive is linked into one relocatable object whose every global symbol
# but its API (pg_query_*, and protobuf-c's, which sluice uses to read its output) is made
# local. Made at configure time, again whenever Debian's libpg_query.a changes.
set(_sluice_pg_query_dir "${PROJECT_BINARY_DIR}/pg_query")
set(_sluice_pg_query_private "${_sluice_pg_query_dir}/libpg_query_private.a")
file(MAKE_DIRECTORY "${_sluice_pg_query_dir}")
# The binutils of the target (aarch64-linux-gnu-ld... when cross-compiling).
execute_process(
  COMMAND "${CMAKE_LINKER}" -r --whole-archive "${PG_QUERY_LIBRARY}" -o "${_sluice_pg_query_dir}/merged.o"
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(
  COMMAND "${CMAKE_OBJCOPY}" --wildcard --keep-global-symbol=pg_query_* --keep-global-symbol=protobuf_c_*
          "${_sluice_pg_query_dir}/merged.o" "${_sluice_pg_query_dir}/pg_query_private.o"
  COMMAND_ERROR_IS_FATAL ANY)
file(REMOVE "${_sluice_pg_query_private}")
execute_process(COMMAND "${CMAKE_AR}" rcD "${_sluice_pg_query_private}" "${_sluice_pg_query_dir}/pg_query_private.o"
                COMMAND_ERROR_IS_FATAL ANY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${PG_QUERY_LIBRARY}")
set_target_properties(sluice::pg_query PROPERTIES IMPORTED_LOCATION "${_sluice_pg_query_private}")

find_library(SLUICE_LIBPQ_ARCHIVE NAMES pq REQUIRED)
string(REGEX REPLACE "^([0-9]+).*" "/usr/lib/postgresql/\\1/lib" _sluice_pg_pkglibdir "${PostgreSQL_VERSION_STRING}")
find_library(SLUICE_PGCOMMON_ARCHIVE NAMES pgcommon HINTS "${_sluice_pg_pkglibdir}" REQUIRED)
find_library(SLUICE_PGPORT_ARCHIVE NAMES pgport HINTS "${_sluice_pg_pkglibdir}" REQUIRED)
# libpq.a and libpgcommon.a/libpgport.a must come from the same PostgreSQL release. A
# cross build's come from one apt index (ci/arm64-libraries), where they always match.
string(REGEX REPLACE "^([0-9]+).*" "\\1" _sluice_pg_major "${PostgreSQL_VERSION_STRING}")
execute_process(COMMAND dpkg-query -W "-f=\${Version}" libpq-dev OUTPUT_VARIABLE _sluice_libpq_dev ERROR_QUIET)
execute_process(COMMAND dpkg-query -W "-f=\${Version}" "postgresql-server-dev-${_sluice_pg_major}"
                OUTPUT_VARIABLE _sluice_pg_server_dev ERROR_QUIET)
if(NOT CMAKE_CROSSCOMPILING AND _sluice_libpq_dev AND _sluice_pg_server_dev AND NOT _sluice_libpq_dev STREQUAL _sluice_pg_server_dev)
  message(FATAL_ERROR "libpq-dev ${_sluice_libpq_dev} and postgresql-server-dev-${_sluice_pg_major} "
                      "${_sluice_pg_server_dev} differ: install both at the same version (apt-get install both)")
endif()
find_path(SLUICE_GSSAPI_INCLUDE_DIR gssapi/gssapi.h REQUIRED)  # libkrb5-dev: declarations only
find_path(SLUICE_LDAP_INCLUDE_DIR ldap.h REQUIRED)              # libldap-dev: declarations only
add_library(sluice_libpq_static INTERFACE)
target_link_libraries(sluice_libpq_static INTERFACE
  "${SLUICE_LIBPQ_ARCHIVE}" "${SLUICE_PGCOMMON_ARCHIVE}" "${SLUICE_PGPORT_ARCHIVE}"
  OpenSSL::SSL OpenSSL::Crypto Threads::Threads)

# -pthread: glibc 2.31 keeps the thread functions in libpthread, which CMake's thread
# check does not add when it runs against Debian 12's glibc (where libc has them).
# -s: a release binary without its symbol table (2 MB of 16).
add_link_options(-static-libstdc++ -static-libgcc -pthread -s)
if(SLUICE_GLIBC_SYSROOT)
  set(_sluice_multiarch "${SLUICE_GLIBC_SYSROOT}/usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}")
  if(NOT EXISTS "${_sluice_multiarch}/libc_nonshared.a")
    message(FATAL_ERROR "SLUICE_GLIBC_SYSROOT=${SLUICE_GLIBC_SYSROOT} is not a glibc sysroot: run ci/glibc-sysroot")
  endif()
  # Link-time only: compiling keeps Debian 12's headers, which the static archives were
  # compiled with too. -B and -L put the old C runtime ahead of the compiler's defaults;
  # --sysroot makes the linker read libc.so's script paths inside it.
  add_link_options("--sysroot=${SLUICE_GLIBC_SYSROOT}" "-B${_sluice_multiarch}/" "-L${_sluice_multiarch}"
                   "-L${SLUICE_GLIBC_SYSROOT}/lib/${CMAKE_LIBRARY_ARCHITECTURE}")
endif()
# Reproducible: no build paths in debug information or assertion messages.
add_compile_options("-ffile-prefix-map=${PROJECT_SOURCE_DIR}=." "-ffile-prefix-map=${PROJECT_BINARY_DIR}=build")
