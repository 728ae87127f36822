# Every dependency comes from a Debian package (ci/setup installs them); tree-sitter
# grammars come from npm (package.json), installed into node_modules/ by ci/setup.
find_package(PkgConfig REQUIRED)
if(SLUICE_STATIC)
  # Every find_library below (and pkg-config's) then picks the lib<name>.a of the package.
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
endif()

find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY NAMES pg_query REQUIRED)
# pg_query.pb-c.h includes <protobuf-c/protobuf-c.h> (libprotobuf-c-dev); the
# protobuf-c runtime itself is linked into libpg_query.
find_path(PROTOBUF_C_INCLUDE_DIR protobuf-c/protobuf-c.h REQUIRED)
add_library(sluice::pg_query UNKNOWN IMPORTED)
set_target_properties(sluice::pg_query PROPERTIES
  IMPORTED_LOCATION "${PG_QUERY_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PG_QUERY_INCLUDE_DIR};${PROTOBUF_C_INCLUDE_DIR}")

find_package(PostgreSQL REQUIRED)
# libpq's headers only: the library is loaded when a command first connects
# (common/libpq_loader.cpp), so that `sluice lint` never maps it and its dependencies;
# the self-contained binary links it in instead (cmake/StaticBinary.cmake).
add_library(sluice_libpq_headers INTERFACE)
target_include_directories(sluice_libpq_headers SYSTEM INTERFACE ${PostgreSQL_INCLUDE_DIRS})
target_link_libraries(sluice_libpq_headers INTERFACE ${CMAKE_DL_LIBS})
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
# Reads libpg_query's JSON parse output (linter/parse_tree.hpp). Debian ships no static
# simdjson: the self-contained binary reads libpg_query's protobuf output instead.
if(NOT SLUICE_STATIC)
  find_package(simdjson CONFIG REQUIRED)
endif()
find_package(OpenSSL REQUIRED)
find_package(zstd CONFIG REQUIRED)
add_library(sluice_zstd INTERFACE)
if(SLUICE_STATIC)
  target_link_libraries(sluice_zstd INTERFACE zstd::libzstd_static)
else()
  target_link_libraries(sluice_zstd INTERFACE zstd::libzstd_shared)
endif()
find_package(Threads REQUIRED)
# Webhook notifications (notify/) and S3 snapshot storage: Debian's libcurl4-openssl-dev,
# which signs S3 requests itself (CURLOPT_AWS_SIGV4, 7.75+). The static binary has no
# libcurl (Debian's libcurl.a needs a dozen more static libraries): no S3, no webhooks.
if(NOT SLUICE_STATIC)
  find_package(CURL 7.75 REQUIRED)
  # Headers only, like libpq: libcurl and its ~25 libraries are loaded when a webhook or
  # an S3 request first needs them (common/libcurl_loader.cpp), never by `sluice lint`.
  add_library(sluice_libcurl_headers INTERFACE)
  target_include_directories(sluice_libcurl_headers SYSTEM INTERFACE ${CURL_INCLUDE_DIRS})
  target_link_libraries(sluice_libcurl_headers INTERFACE ${CMAKE_DL_LIBS})
endif()
# Debian's tree-sitter.pc reports a wrong version (0.6.3 for 0.20.7): no minimum.
pkg_check_modules(TREE_SITTER REQUIRED IMPORTED_TARGET tree-sitter)

set(SLUICE_NODE_MODULES "${CMAKE_CURRENT_SOURCE_DIR}/node_modules" CACHE PATH
    "Where ci/setup installed the npm tree-sitter grammars")
set(TOML_GRAMMAR_DIR "${SLUICE_NODE_MODULES}/@tree-sitter-grammars/tree-sitter-toml/src")
if(NOT EXISTS "${TOML_GRAMMAR_DIR}/parser.c")
  message(FATAL_ERROR "tree-sitter TOML grammar not found in ${TOML_GRAMMAR_DIR}: "
                      "run ci/setup (npm ci --ignore-scripts) first")
endif()
add_library(sluice_toml_grammar STATIC "${TOML_GRAMMAR_DIR}/parser.c" "${TOML_GRAMMAR_DIR}/scanner.c")
target_include_directories(sluice_toml_grammar PRIVATE "${TOML_GRAMMAR_DIR}")
set_target_properties(sluice_toml_grammar PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
# Generated third-party C: our warning policy does not apply to it.
target_compile_options(sluice_toml_grammar PRIVATE -w)

# TypeScript grammar (tree-sitter-typescript), for reading prisma.config.ts statically.
set(TYPESCRIPT_GRAMMAR_DIR "${SLUICE_NODE_MODULES}/tree-sitter-typescript/typescript/src")
if(NOT EXISTS "${TYPESCRIPT_GRAMMAR_DIR}/parser.c")
  message(FATAL_ERROR "tree-sitter TypeScript grammar not found in ${TYPESCRIPT_GRAMMAR_DIR}: "
                      "run ci/setup (npm ci --ignore-scripts) first")
endif()
add_library(sluice_typescript_grammar STATIC "${TYPESCRIPT_GRAMMAR_DIR}/parser.c" "${TYPESCRIPT_GRAMMAR_DIR}/scanner.c")
target_include_directories(sluice_typescript_grammar PRIVATE "${TYPESCRIPT_GRAMMAR_DIR}")
set_target_properties(sluice_typescript_grammar PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(sluice_typescript_grammar PRIVATE -w)

if(SLUICE_STATIC)
  include(StaticBinary)
endif()
