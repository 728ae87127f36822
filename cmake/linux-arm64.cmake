# CMake toolchain file of the arm64 self-contained binary (ci/build --arm64): Debian 12's
# cross compiler (g++-aarch64-linux-gnu) and Debian 12's arm64 packages of every library,
# unpacked by ci/arm64-libraries into SLUICE_TARGET_ROOT. Compiling uses the cross
# compiler's glibc headers (libc6-dev-arm64-cross, like the x86_64 build uses Debian 12's);
# the link goes against glibc 2.31 (SLUICE_GLIBC_SYSROOT, cmake/StaticBinary.cmake).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(SLUICE_TARGET_ROOT "" CACHE PATH "Debian's arm64 packages of the libraries, unpacked (ci/arm64-libraries)")
# The toolchain file is read again for every check CMake compiles; they need the root too.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SLUICE_TARGET_ROOT)
if(NOT EXISTS "${SLUICE_TARGET_ROOT}/usr/lib/aarch64-linux-gnu/libpq.a")
  message(FATAL_ERROR "SLUICE_TARGET_ROOT=${SLUICE_TARGET_ROOT} holds no arm64 libraries: run ci/arm64-libraries")
endif()

# Headers and libraries only from the root; programs (pkg-config, ld, objcopy) from the
# build machine.
set(CMAKE_FIND_ROOT_PATH "${SLUICE_TARGET_ROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} "${SLUICE_TARGET_ROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${SLUICE_TARGET_ROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${SLUICE_TARGET_ROOT}")
# Debian's per-architecture headers (OpenSSL's configuration.h), which a native compiler
# searches by default.
set(CMAKE_C_FLAGS_INIT "-isystem ${SLUICE_TARGET_ROOT}/usr/include/aarch64-linux-gnu")
set(CMAKE_CXX_FLAGS_INIT "-isystem ${SLUICE_TARGET_ROOT}/usr/include/aarch64-linux-gnu")
