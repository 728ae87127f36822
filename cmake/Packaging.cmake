# Installation (cmake --install) and the Debian package (cpack -G DEB).
# Installed: bin/sluice; man pages generated from --help (help2man, a Debian package
# that ci/setup installs); README and docs/ under share/doc/sluice-db; the git pre-commit
# hook under share/sluice.
# Debian already has a package named `sluice` (an unrelated pipe rate limiter, version
# 0.02.15, which apt would take for a newer version of ours), so ours is `sluice-db`; both
# install /usr/bin/sluice, hence the Conflicts below.
set(SLUICE_PACKAGE_NAME sluice-db)
include(GNUInstallDirs)
set(SLUICE_DOC_DIR "${CMAKE_INSTALL_DATAROOTDIR}/doc/${SLUICE_PACKAGE_NAME}")

find_program(SLUICE_HELP2MAN help2man)
# A cross-compiled binary cannot run here to print its --help; it is not packaged as a .deb.
if(CMAKE_CROSSCOMPILING)
  message(STATUS "Cross-compiling: no man pages")
elseif(SLUICE_HELP2MAN)
  set(SLUICE_MAN_DIR "${PROJECT_BINARY_DIR}/man")
  add_custom_command(
    OUTPUT "${SLUICE_MAN_DIR}/.stamp"
    COMMAND ${CMAKE_COMMAND} -DSLUICE=$<TARGET_FILE:sluice> -DHELP2MAN=${SLUICE_HELP2MAN} -DOUT=${SLUICE_MAN_DIR}
            -P "${PROJECT_SOURCE_DIR}/cmake/ManPages.cmake"
    DEPENDS sluice "${PROJECT_SOURCE_DIR}/cmake/ManPages.cmake"
    COMMENT "Generating man pages from sluice --help"
    VERBATIM)
  add_custom_target(sluice_man_pages ALL DEPENDS "${SLUICE_MAN_DIR}/.stamp")
  install(DIRECTORY "${SLUICE_MAN_DIR}/" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" FILES_MATCHING PATTERN "*.1.gz")
else()
  message(WARNING "help2man not found: no man pages will be installed (ci/setup installs it)")
endif()

install(FILES README.md DESTINATION "${SLUICE_DOC_DIR}")
install(DIRECTORY docs/ DESTINATION "${SLUICE_DOC_DIR}")
install(PROGRAMS ci/pre-commit DESTINATION "${CMAKE_INSTALL_DATADIR}/sluice")

set(CPACK_PACKAGE_NAME "${SLUICE_PACKAGE_NAME}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "sluice maintainers <sluice-db@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/sluice-db/sluice")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # sluice-db_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION
    "A SQL-parser-based linter that blocks dangerous PostgreSQL migrations before they merge, and a runner that snapshots the database, applies Prisma or paired .sql migrations transactionally and restores the snapshot when anything fails.")
# dpkg-shlibdeps adds the shared libraries the binary links, with minimum versions
# (libpg-query, libtree-sitter, libstdc++...). The list below names what sluice needs
# whatever this build links: the runner's and snapshots' libraries (libpq, zstd,
# OpenSSL), libcurl for webhooks and S3 (libpq and libcurl are loaded on first use, so
# dpkg-shlibdeps does not see them) and pg_dump for schema snapshots.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libpq5, libcurl4, libssl3, libzstd1, postgresql-client-15")
# git for `lint --changed-since`; the server binaries for the embedded throwaway cluster
# (`verify`, `deploy --ephemeral`).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "git, postgresql-15")
set(CPACK_DEBIAN_PACKAGE_CONFLICTS "sluice")
set(CPACK_GENERATOR DEB)
include(CPack)
